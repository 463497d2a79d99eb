import type * as NodeFs from 'node:fs';
import {
  chmodSync,
  closeSync,
  openSync,
  writeSync,
  mkdirSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { scriptedMetric } from '../../test/scripted.js';
import { tinyData, tinyModel, useCpu } from '../../test/tiny-model.js';
import { fileIO, loadWeights, saveModelFiles } from './checkpoint-files.js';
import { lambdaCallback } from '../lambda-callback.js';
import { formatCheckpointPath } from '../checkpoint-template.js';
import { modelCheckpoint } from './model-checkpoint.js';

beforeAll(useCpu);

const tempDir = () => mkdtempSync(join(tmpdir(), 'bnkit-ckpt-'));
const weightsOf = (m: tfl.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('formatCheckpointPath', () => {
  it('fills epoch (1-based) and log keys with Keras/Python format specs', () => {
    expect(formatCheckpointPath('m-{epoch:02d}-{val_loss:.2f}.json', 4, { val_loss: 0.1234 })).toBe(
      'm-05-0.12.json',
    );
    expect(formatCheckpointPath('m-{epoch}.json', 0, {})).toBe('m-1.json');
  });

  it('names the available keys when the template uses an unknown one', () => {
    expect(() => formatCheckpointPath('m-{val_acc}.json', 0, { loss: 1 })).toThrow(
      'modelCheckpoint: the key {val_acc} in the file path must be "epoch" or one of the log keys ["loss"]; received "val_acc"',
    );
  });
});

describe('modelCheckpoint', () => {
  it('writes one loadable checkpoint per epoch; tf.loadLayersModel(fileIO) gives identical predictions', async () => {
    const dir = tempDir();
    const { x, y } = tinyData();
    const model = tinyModel();
    const snapshots: number[][][] = [];
    const checkpoint = modelCheckpoint(join(dir, 'model-{epoch:02d}.json'));
    await model.fit(x, y, {
      epochs: 3,
      batchSize: 8,
      verbose: 0,
      callbacks: [
        checkpoint,
        lambdaCallback({ onEpochEnd: (_e, _l, m) => void snapshots.push(weightsOf(m)) }),
      ],
    });
    expect(readdirSync(dir).sort()).toEqual([
      'model-01.json',
      'model-01.weights.bin',
      'model-02.json',
      'model-02.weights.bin',
      'model-03.json',
      'model-03.weights.bin',
    ]);
    const second = await tfl.loadLayersModel(fileIO(join(dir, 'model-02.json')));
    expect(weightsOf(second)).toEqual(snapshots[1]);
    const last = await tfl.loadLayersModel(fileIO(join(dir, 'model-03.json')));
    const diff = tf
      .max(tf.abs(tf.sub(last.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor)))
      .dataSync()[0];
    expect(diff).toBe(0);
    // the full model carries the optimizer state (Adam: iterations + 2 slots per weight)
    const json = JSON.parse(readFileSync(join(dir, 'model-03.json'), 'utf8'));
    expect(
      json.weightsManifest[0].weights.filter((w: { group?: string }) => w.group === 'optimizer'),
    ).toHaveLength(5);
  });

  it('saves only improvements with saveBestOnly, seeded by initialValueThreshold', async () => {
    const dir = tempDir();
    const { x, y } = tinyData();
    const model = tinyModel();
    const snapshots: number[][][] = [];
    const checkpoint = modelCheckpoint(join(dir, 'best-{epoch}.json'), {
      monitor: 'score',
      mode: 'max',
      saveBestOnly: true,
      initialValueThreshold: 0.2,
    });
    await model.fit(x, y, {
      epochs: 5,
      batchSize: 8,
      verbose: 0,
      callbacks: [
        scriptedMetric('score', [0.1, 0.5, 0.4, 0.7, 0.7]),
        checkpoint,
        lambdaCallback({ onEpochEnd: (_e, _l, m) => void snapshots.push(weightsOf(m)) }),
      ],
    });
    expect(checkpoint.saved).toEqual([join(dir, 'best-2.json'), join(dir, 'best-4.json')]);
    expect(checkpoint.best).toBe(0.7);
    const best = await tfl.loadLayersModel(fileIO(join(dir, 'best-4.json')));
    expect(weightsOf(best)).toEqual(snapshots[3]);
  });

  it('saves every N batches with an integer saveFreq, counting across epochs', async () => {
    const dir = tempDir();
    const { x, y } = tinyData(); // 16 rows, batch 4: 4 batches per epoch
    const checkpoint = modelCheckpoint(join(dir, 'm-{epoch}-{batch}.json'), { saveFreq: 3 });
    await tinyModel().fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, callbacks: [checkpoint] });
    // global batches 3 and 6: epoch 1 batch 2, epoch 2 batch 1
    expect(checkpoint.saved).toEqual([join(dir, 'm-1-2.json'), join(dir, 'm-2-1.json')]);
    expect(() => modelCheckpoint(join(dir, 'm.json'), { saveFreq: 0 })).toThrow(
      'modelCheckpoint: saveFreq must be one of "epoch" or an integer >= 1; received 0.',
    );
  });

  it('saves weights only, loadable into the same architecture with loadWeights', async () => {
    const dir = tempDir();
    const { x, y } = tinyData();
    const model = tinyModel();
    await model.fit(x, y, {
      epochs: 2,
      batchSize: 8,
      verbose: 0,
      callbacks: [modelCheckpoint(join(dir, 'w.json'), { saveWeightsOnly: true })],
    });
    const fresh = tinyModel();
    expect(weightsOf(fresh)).not.toEqual(weightsOf(model));
    await loadWeights(fresh, join(dir, 'w.json'));
    expect(weightsOf(fresh)).toEqual(weightsOf(model));
    await expect(tfl.loadLayersModel(fileIO(join(dir, 'w.json')))).rejects.toThrow(
      /holds weights only/,
    );
  });

  it('keeps the last good checkpoint when a write crashes midway', async () => {
    const dir = tempDir();
    const path = join(dir, 'model.json');
    const model = tinyModel();
    await saveModelFiles(model, path);
    const goodJson = readFileSync(path, 'utf8');
    const goodBin = readFileSync(join(dir, 'model.weights.bin'));
    // the real module object, which the code under test calls through
    const nodeFs = jest.requireActual<typeof NodeFs>('node:fs');
    // core's writeFileAtomic writes through an open descriptor of its temporary file
    const spy = jest.spyOn(nodeFs, 'writeFileSync').mockImplementation((target) => {
      const fd = typeof target === 'number' ? target : openSync(target as string, 'w');
      writeSync(fd, 'partial'); // a torn write, then the disk is full
      if (typeof target !== 'number') closeSync(fd);
      throw new Error('ENOSPC: no space left on device');
    });
    try {
      await expect(saveModelFiles(model, path)).rejects.toThrow('ENOSPC');
    } finally {
      spy.mockRestore();
    }
    expect(readFileSync(path, 'utf8')).toBe(goodJson);
    expect(readFileSync(join(dir, 'model.weights.bin'))).toEqual(goodBin);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'model.weights.bin']);
    expect(existsSync(path)).toBe(true);
  });

  it('rejects an unwritable path and a path without .json before training', () => {
    const dir = tempDir();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect(() => modelCheckpoint(join(file, 'model.json'))).toThrow(
      `modelCheckpoint: filepath must be a file path ending in .json under a folder, but ${file} is a file; received "${join(file, 'model.json')}".`,
    );
    expect(() => modelCheckpoint(join(dir, 'model.h5'))).toThrow(
      `modelCheckpoint: filepath must be a file path ending in .json; received "${join(dir, 'model.h5')}"`,
    );
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      expect(() => modelCheckpoint(join(locked, 'm.json'))).toThrow(/is not writable/);
    }
  });
});

/** A process id that is certainly dead: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('modelCheckpoint leftovers and templates (issue 12, items 9 and 10)', () => {
  it("removes a killed run's temporary weight copies when training starts", async () => {
    const dir = tempDir();
    const pid = deadPid();
    const stale = [`.model-01.weights.bin.bnkit-tmp-${pid}-1`, `.model-01.json.bnkit-tmp-${pid}-2`];
    for (const name of stale) writeFileSync(join(dir, name), 'a partial copy of the weights');
    const { x, y } = tinyData();
    await tinyModel().fit(x, y, {
      epochs: 1,
      verbose: 0,
      callbacks: [modelCheckpoint(join(dir, 'model-{epoch:02d}.json'))],
    });
    expect(readdirSync(dir).sort()).toEqual(['model-01.json', 'model-01.weights.bin']);
  });

  it('sweeps a folder named by the template before its first save', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'e1'));
    writeFileSync(join(dir, 'e1', `.m.weights.bin.bnkit-tmp-${deadPid()}-1`), 'partial');
    const { x, y } = tinyData();
    await tinyModel().fit(x, y, {
      epochs: 1,
      verbose: 0,
      callbacks: [modelCheckpoint(join(dir, 'e{epoch}', 'm.json'))],
    });
    expect(readdirSync(join(dir, 'e1')).sort()).toEqual(['m.json', 'm.weights.bin']);
  });

  it.each(['m-{epoch:zz}.json', 'm-{epoch.json', 'm-epoch}.json', 'm-{val loss}.json'])(
    'refuses the template %p at creation',
    (template) => {
      expect(() => modelCheckpoint(join(tempDir(), template))).toThrow(
        /^modelCheckpoint: filepath must be a path whose placeholders are \{key\} or \{key:spec\}/,
      );
    },
  );

  it('accepts the Keras templates', () => {
    for (const template of ['m-{epoch:02d}-{val_loss:.4f}.json', 'm-{epoch}-{acc:.2e}.json']) {
      expect(() => modelCheckpoint(join(tempDir(), template))).not.toThrow();
    }
  });
});
