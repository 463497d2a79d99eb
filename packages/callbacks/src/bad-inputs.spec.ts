// The package's bad-input corpus (issue 12): every public function refuses a user mistake when it
// is called, with the error class and a message that names the argument. One row per bad call.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectArgumentError, thrownBy } from '../../../tools/testing/bad-inputs.cjs';
import { BnkitArgumentError } from '@bnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { tinyModel, useCpu } from '../test/tiny-model.js';
import {
  CallbackArgumentError,
  batchNormMonitor,
  cosineDecay,
  earlyStopping,
  exponentialDecay,
  formatCheckpointPath,
  historyVegaLiteSpec,
  lambdaCallback,
  learningRateScheduler,
  normalizeCallbacks,
  oneCycle,
  plotHistory,
  progbarLogger,
  reduceLROnPlateau,
  setLearningRate,
  stepDecay,
  terminateOnNaN,
  trainingReportHtml,
} from './index.js';
import {
  PathEscapeError,
  backupAndRestore,
  csvLogger,
  fileIO,
  loadWeights,
  modelCheckpoint,
  renderPng,
  saveModelFiles,
  writePlot,
  writeTrainingReport,
} from './node.js';

beforeAll(useCpu);

const dir = mkdtempSync(join(tmpdir(), 'bnkit-bad-inputs-'));
const aFile = join(dir, 'a-file');
writeFileSync(aFile, 'x');
const aFolder = join(dir, 'a-folder');
mkdirSync(aFolder);
// a model.json whose weights manifest climbs out of its folder (issue 12, item 2)
const evil = join(dir, 'evil', 'model.json');
mkdirSync(join(dir, 'evil'));
writeFileSync(join(dir, 'SECRET.bin'), 'secret bytes');
writeFileSync(
  evil,
  JSON.stringify({
    format: 'layers-model',
    modelTopology: {},
    weightsManifest: [{ paths: ['../SECRET.bin'], weights: [] }],
  }),
);
const history = { history: { loss: [1, 0.5], val_loss: [1.1, 0.7] }, epoch: [0, 1] };
const probe = tf.zeros([4, 2]);
const svg = plotHistory(history, { metrics: ['loss'] });

interface BadCall {
  call: () => unknown;
  error: abstract new (...args: never[]) => Error;
  /** The argument the message must start with (and the error's `argument` field). */
  argument: string;
  /** More text the message must contain (a did-you-mean, the value). */
  says?: string;
}

const cases: Record<string, BadCall> = {
  // main entry: callbacks
  'earlyStopping({ patiance: 3 })': {
    call: () => earlyStopping({ patiance: 3 } as never),
    error: CallbackArgumentError,
    argument: 'earlyStopping: option name',
    says: 'received "patiance". Did you mean "patience"?',
  },
  'earlyStopping({ patience: -1 })': {
    call: () => earlyStopping({ patience: -1 }),
    error: CallbackArgumentError,
    argument: 'earlyStopping: patience',
    says: 'an integer >= 0; received -1.',
  },
  "earlyStopping({ restoreBestWeights: 'yes' })": {
    call: () => earlyStopping({ restoreBestWeights: 'yes' as never }),
    error: CallbackArgumentError,
    argument: 'earlyStopping: restoreBestWeights',
    says: 'true or false; received "yes"',
  },
  "earlyStopping({ mode: 'up' })": {
    call: () => earlyStopping({ mode: 'up' as never }),
    error: CallbackArgumentError,
    argument: 'earlyStopping: mode',
  },
  "earlyStopping({ monitor: 'f1' }) (auto cannot tell the direction)": {
    call: () => earlyStopping({ monitor: 'f1' }),
    error: CallbackArgumentError,
    argument: 'earlyStopping: mode',
    says: 'for monitor "f1"',
  },
  "earlyStopping('val_loss')": {
    call: () => earlyStopping('val_loss' as never),
    error: CallbackArgumentError,
    argument: 'earlyStopping: options',
  },
  'earlyStopping({ minDelta: -0.1 })': {
    call: () => earlyStopping({ minDelta: -0.1 }),
    error: CallbackArgumentError,
    argument: 'earlyStopping: minDelta',
  },
  'earlyStopping({ verbose: 2 })': {
    call: () => earlyStopping({ verbose: 2 as never }),
    error: CallbackArgumentError,
    argument: 'earlyStopping: verbose',
  },
  'reduceLROnPlateau({ factor: 1 })': {
    call: () => reduceLROnPlateau({ factor: 1 }),
    error: CallbackArgumentError,
    argument: 'reduceLROnPlateau: factor',
  },
  'reduceLROnPlateau({ cooldown: 1.5 })': {
    call: () => reduceLROnPlateau({ cooldown: 1.5 }),
    error: CallbackArgumentError,
    argument: 'reduceLROnPlateau: cooldown',
  },
  'reduceLROnPlateau({ minLR: 1e-5 })': {
    call: () => reduceLROnPlateau({ minLR: 1e-5 } as never),
    error: CallbackArgumentError,
    argument: 'reduceLROnPlateau: option name',
    says: 'Did you mean "minLr"?',
  },
  'learningRateScheduler(0.1)': {
    call: () => learningRateScheduler(0.1 as never),
    error: CallbackArgumentError,
    argument: 'learningRateScheduler: schedule',
  },
  'learningRateScheduler(fn, { verbos: 1 })': {
    call: () => learningRateScheduler(() => 0.1, { verbos: 1 } as never),
    error: CallbackArgumentError,
    argument: 'learningRateScheduler: option name',
    says: 'Did you mean "verbose"?',
  },
  "lambdaCallback({ onEpochEnd: 'log' })": {
    call: () => lambdaCallback({ onEpochEnd: 'log' as never }),
    error: CallbackArgumentError,
    argument: 'lambdaCallback: onEpochEnd',
  },
  'lambdaCallback({ onEpochEnds })': {
    call: () => lambdaCallback({ onEpochEnds: () => undefined } as never),
    error: CallbackArgumentError,
    argument: 'lambdaCallback: option name',
    says: 'Did you mean "onEpochEnd"?',
  },
  "terminateOnNaN({ raiseError: 'yes' })": {
    call: () => terminateOnNaN({ raiseError: 'yes' as never }),
    error: CallbackArgumentError,
    argument: 'terminateOnNaN: raiseError',
  },
  'progbarLogger({ widht: 30 })': {
    call: () => progbarLogger({ widht: 30 } as never),
    error: CallbackArgumentError,
    argument: 'progbarLogger: option name',
    says: 'Did you mean "width"?',
  },
  'progbarLogger({ isTTY: 1 })': {
    call: () => progbarLogger({ isTTY: 1 as never }),
    error: CallbackArgumentError,
    argument: 'progbarLogger: isTTY',
  },
  'batchNormMonitor({ probe: [[1, 2]] })': {
    call: () => batchNormMonitor({ probe: [[1, 2]] as never }),
    error: CallbackArgumentError,
    argument: 'batchNormMonitor: probe',
  },
  'batchNormMonitor({ probe, every: 0 })': {
    call: () => batchNormMonitor({ probe, every: 0 }),
    error: CallbackArgumentError,
    argument: 'batchNormMonitor: every',
  },
  'batchNormMonitor({ probe, channelRecords: 0 })': {
    call: () => batchNormMonitor({ probe, channelRecords: 0 }),
    error: CallbackArgumentError,
    argument: 'batchNormMonitor: channelRecords',
  },
  // main entry: schedules, plots, report, helpers
  'stepDecay({ initialLr: 0.1 }) (no stepSize)': {
    call: () => stepDecay({ initialLr: 0.1 } as never),
    error: CallbackArgumentError,
    argument: 'stepDecay: stepSize',
  },
  'exponentialDecay({ staircase: 1 })': {
    call: () => exponentialDecay({ initialLr: 0.1, decayRate: 0.9, staircase: 1 as never }),
    error: CallbackArgumentError,
    argument: 'exponentialDecay: staircase',
  },
  'cosineDecay({ decaySteps: 0 })': {
    call: () => cosineDecay({ initialLr: 0.1, decaySteps: 0 }),
    error: CallbackArgumentError,
    argument: 'cosineDecay: decaySteps',
  },
  'oneCycle({ totalEpochs: 1 })': {
    call: () => oneCycle({ maxLr: 0.1, totalEpochs: 1 }),
    error: CallbackArgumentError,
    argument: 'oneCycle: totalEpochs',
  },
  'plotHistory(h, { widht: 300 })': {
    call: () => plotHistory(history, { metrics: ['loss'], widht: 300 } as never),
    error: CallbackArgumentError,
    argument: 'plotHistory: option name',
    says: 'Did you mean "width"?',
  },
  "plotHistory(h, { labels: ['a', 'b'] }) for one metric": {
    call: () => plotHistory(history, { metrics: ['loss'], labels: ['a', 'b'] }),
    error: CallbackArgumentError,
    argument: 'plotHistory: labels',
  },
  "plotHistory(h, { metrics: 'loss' })": {
    call: () => plotHistory(history, { metrics: 'loss' as never }),
    error: CallbackArgumentError,
    argument: 'plotHistory: metrics',
  },
  "historyVegaLiteSpec(h, { oneBasedEpochs: 'no' })": {
    call: () => historyVegaLiteSpec(history, { metrics: ['loss'], oneBasedEpochs: 'no' as never }),
    error: CallbackArgumentError,
    argument: 'historyVegaLiteSpec: oneBasedEpochs',
  },
  "trainingReportHtml({ history, titel: 'x' })": {
    call: () => trainingReportHtml({ history, titel: 'x' } as never),
    error: CallbackArgumentError,
    argument: 'trainingReportHtml: option name',
    says: 'Did you mean "title"?',
  },
  'trainingReportHtml({ history, bnMonitor: {} })': {
    call: () => trainingReportHtml({ history, bnMonitor: {} as never }),
    error: CallbackArgumentError,
    argument: 'trainingReportHtml: bnMonitor',
  },
  "normalizeCallbacks('earlyStopping')": {
    call: () => normalizeCallbacks('earlyStopping' as never),
    error: CallbackArgumentError,
    argument: 'normalizeCallbacks: callbacks',
  },
  "formatCheckpointPath('m-{epoch:zz}.json')": {
    call: () => formatCheckpointPath('m-{epoch:zz}.json', 0, {}),
    error: CallbackArgumentError,
    argument: 'formatCheckpointPath: template',
  },
  'setLearningRate(adam, NaN)': {
    call: () => setLearningRate(tf.train.adam(0.1), NaN),
    error: CallbackArgumentError,
    argument: 'learning rate',
  },
  // /node entry: files
  'csvLogger(<a folder>)': {
    call: () => csvLogger(aFolder),
    error: CallbackArgumentError,
    argument: 'csvLogger: filename',
    says: 'but it is a directory',
  },
  'csvLogger(<a path under a file>)': {
    call: () => csvLogger(join(aFile, 'h.csv')),
    error: CallbackArgumentError,
    argument: 'csvLogger: filename',
    says: `but ${aFile} is a file`,
  },
  "csvLogger('h.csv', { append: 'yes' })": {
    call: () => csvLogger(join(dir, 'h.csv'), { append: 'yes' as never }),
    error: CallbackArgumentError,
    argument: 'csvLogger: append',
    says: 'true or false; received "yes"',
  },
  "csvLogger('h.csv', { seperator: ';' })": {
    call: () => csvLogger(join(dir, 'h.csv'), { seperator: ';' } as never),
    error: CallbackArgumentError,
    argument: 'csvLogger: option name',
    says: 'Did you mean "separator"?',
  },
  "modelCheckpoint('m-{epoch:zz}.json')": {
    call: () => modelCheckpoint(join(dir, 'm-{epoch:zz}.json')),
    error: CallbackArgumentError,
    argument: 'modelCheckpoint: filepath',
  },
  "modelCheckpoint('m-{epoch.json')": {
    call: () => modelCheckpoint(join(dir, 'm-{epoch.json')),
    error: CallbackArgumentError,
    argument: 'modelCheckpoint: filepath',
  },
  'modelCheckpoint(<a folder named x.json>)': {
    call: () => {
      mkdirSync(join(dir, 'x.json'), { recursive: true });
      return modelCheckpoint(join(dir, 'x.json'));
    },
    error: CallbackArgumentError,
    argument: 'modelCheckpoint: filepath',
    says: 'but it is a directory',
  },
  "modelCheckpoint('m.json', { saveBestOnly: 1 })": {
    call: () => modelCheckpoint(join(dir, 'm.json'), { saveBestOnly: 1 as never }),
    error: CallbackArgumentError,
    argument: 'modelCheckpoint: saveBestOnly',
  },
  "modelCheckpoint('m.json', { savefreq: 2 })": {
    call: () => modelCheckpoint(join(dir, 'm.json'), { savefreq: 2 } as never),
    error: CallbackArgumentError,
    argument: 'modelCheckpoint: option name',
    says: 'Did you mean "saveFreq"?',
  },
  'backupAndRestore(<a file>)': {
    call: () => backupAndRestore(aFile),
    error: CallbackArgumentError,
    argument: 'backupAndRestore: backupDir',
    says: 'but it is a file',
  },
  'backupAndRestore(dir, { deleteCheckpoints: false })': {
    call: () => backupAndRestore(join(dir, 'backup'), { deleteCheckpoints: false } as never),
    error: CallbackArgumentError,
    argument: 'backupAndRestore: option name',
    says: 'Did you mean "deleteCheckpoint"?',
  },
  "fileIO('model.h5')": {
    call: () => fileIO('model.h5'),
    error: CallbackArgumentError,
    argument: 'fileIO: path',
  },
  'fileIO(<manifest with ../SECRET.bin>).load()': {
    call: () => fileIO(evil).load!(),
    error: PathEscapeError,
    argument: `weightsManifest[0].paths[0] of ${evil}`,
    says: 'received "../SECRET.bin"',
  },
  'loadWeights(model, <manifest with ../SECRET.bin>)': {
    call: () => loadWeights(tinyModel(), evil),
    error: PathEscapeError,
    argument: `weightsManifest[0].paths[0] of ${evil}`,
  },
  "loadWeights('model.json', 'model.json') (arguments swapped)": {
    call: () => loadWeights('model.json' as never, join(dir, 'model.json')),
    error: CallbackArgumentError,
    argument: 'loadWeights: model',
  },
  "saveModelFiles(model, 'm.json', { weightsonly: true })": {
    call: () => saveModelFiles(tinyModel(), join(dir, 'm.json'), { weightsonly: true } as never),
    error: CallbackArgumentError,
    argument: 'saveModelFiles: option name',
    says: 'Did you mean "weightsOnly"?',
  },
  'renderPng(svg, { scale: 9 })': {
    call: () => renderPng(svg, { scale: 9 }),
    error: CallbackArgumentError,
    argument: 'renderPng: scale',
  },
  "writePlot('loss.jpg', svg)": {
    call: () => writePlot(join(dir, 'loss.jpg'), svg),
    error: CallbackArgumentError,
    argument: 'writePlot: path',
  },
  "writePlot('loss.png', svg, { sclae: 2 })": {
    call: () => writePlot(join(dir, 'loss.png'), svg, { sclae: 2 } as never),
    error: CallbackArgumentError,
    argument: 'writePlot: option name',
    says: 'Did you mean "scale"?',
  },
  'writeTrainingReport(<a file>, { history })': {
    call: () => writeTrainingReport(aFile, { history }),
    error: CallbackArgumentError,
    argument: 'writeTrainingReport: dir',
  },
};

/** The error a call throws or rejects with. */

describe('bad inputs', () => {
  it('has at least 30 bad calls', () => {
    expect(Object.keys(cases).length).toBeGreaterThanOrEqual(30);
  });

  it.each(Object.entries(cases))('%s', async (_name, { call, error, argument, says }) => {
    expectArgumentError(await thrownBy(call), {
      classes: [error, BnkitArgumentError],
      argument,
      says,
    });
  });

  it('reads no file outside the model folder', async () => {
    // the secret's bytes never reach a model: the load fails before any read
    await expect(fileIO(evil).load!()).rejects.toThrow(
      /^weightsManifest\[0\]\.paths\[0\] of .*model\.json must be a relative path that stays inside/,
    );
  });
});
