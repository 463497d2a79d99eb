import * as tf from '@tensorflow/tfjs-core';
import { scriptedMetric } from '../test/scripted.js';
import { tinyData, tinyModel, useCpu } from '../test/tiny-model.js';
import { earlyStopping } from './early-stopping.js';
import { lambdaCallback } from './lambda-callback.js';

beforeAll(useCpu);

async function stopEpoch(scores: number[], args: Parameters<typeof earlyStopping>[0]) {
  const { x, y } = tinyData();
  const stopper = earlyStopping({ monitor: 'score', mode: 'min', ...args });
  const history = await tinyModel().fit(x, y, {
    epochs: scores.length,
    batchSize: 8,
    verbose: 0,
    callbacks: [scriptedMetric('score', scores), stopper],
  });
  return { epochsRun: history.epoch.length, stopper };
}

describe('earlyStopping', () => {
  it('stops once the value has not improved for `patience` epochs', async () => {
    // best 0.8 at epoch 1; epochs 2 and 3 do not improve -> wait reaches 2 at epoch 3
    const { epochsRun, stopper } = await stopEpoch([1, 0.8, 0.9, 0.85, 0.7, 0.6], { patience: 2 });
    expect(epochsRun).toBe(4);
    expect(stopper.stoppedEpoch).toBe(3);
    expect(stopper.bestEpoch).toBe(1);
    expect(stopper.best).toBe(0.8);
  });

  it('runs every epoch while the value keeps improving', async () => {
    const { epochsRun, stopper } = await stopEpoch([5, 4, 3, 2, 1], { patience: 0 });
    expect(epochsRun).toBe(5);
    expect(stopper.stoppedEpoch).toBeNull();
  });

  it('does not count changes smaller than minDelta as improvements', async () => {
    const { stopper } = await stopEpoch([1, 0.95, 0.5, 0.4], { patience: 1, minDelta: 0.1 });
    expect(stopper.stoppedEpoch).toBe(1);
  });

  it('keeps counting while improvements do not beat the baseline (Keras 3)', async () => {
    const scores = [0.9, 0.8, 0.85, 0.86, 0.87];
    expect((await stopEpoch(scores, { patience: 2, baseline: 0.5 })).stopper.stoppedEpoch).toBe(2);
    expect((await stopEpoch(scores, { patience: 2 })).stopper.stoppedEpoch).toBe(3);
  });

  it('ignores the epochs before startFromEpoch', async () => {
    const rising = [1, 2, 3, 4, 5, 6];
    expect((await stopEpoch(rising, { patience: 0 })).stopper.stoppedEpoch).toBe(1);
    expect((await stopEpoch(rising, { patience: 0, startFromEpoch: 3 })).stopper.stoppedEpoch).toBe(
      4,
    );
  });

  it('picks max for accuracy in auto mode', async () => {
    const { stopper } = await stopEpoch([0.5, 0.6, 0.55, 0.7], {
      monitor: 'score_acc',
      mode: undefined,
      patience: 0,
    }).catch((e) => ({ stopper: e }));
    expect(String(stopper)).toMatch(/mode must be "min" or "max" for monitor "score_acc"/);
    const accuracy = earlyStopping({ monitor: 'val_acc' });
    expect((accuracy as unknown as { direction: string }).direction).toBe('max');
    expect(
      (earlyStopping({ monitor: 'val_loss' }) as unknown as { direction: string }).direction,
    ).toBe('min');
  });

  it('restores the best epoch weights at the end even when it never stopped early', async () => {
    const { x, y } = tinyData();
    const model = tinyModel(tf.train.sgd(0.5));
    const perEpoch: number[][][] = [];
    const recorder = lambdaCallback({
      onEpochEnd: (_e, _l, m) =>
        void perEpoch.push(m.getWeights().map((w) => Array.from(w.dataSync()))),
    });
    const stopper = earlyStopping({
      monitor: 'score',
      mode: 'max',
      patience: 10,
      restoreBestWeights: true,
    });
    const history = await model.fit(x, y, {
      epochs: 5,
      batchSize: 4,
      verbose: 0,
      callbacks: [recorder, scriptedMetric('score', [0.1, 0.3, 0.9, 0.2, 0.4]), stopper],
    });
    expect(history.epoch).toHaveLength(5);
    expect(stopper.stoppedEpoch).toBeNull();
    expect(stopper.restored).toBe(true);
    expect(perEpoch[2]).not.toEqual(perEpoch[4]);
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(perEpoch[2]);
  });

  it('restores weights whose validation loss is the best one in the history', async () => {
    const { x, y, xVal, yVal } = tinyData();
    const model = tinyModel(tf.train.sgd(4)); // a large step makes val_loss jump around
    const stopper = earlyStopping({ patience: 3, restoreBestWeights: true });
    const history = await model.fit(x, y, {
      epochs: 12,
      batchSize: 4,
      shuffle: false,
      validationData: [xVal, yVal],
      verbose: 0,
      callbacks: [stopper],
    });
    const valLoss = history.history['val_loss'] as number[];
    const best = Math.min(...valLoss);
    expect(stopper.best).toBe(best);
    expect(stopper.bestEpoch).toBe(valLoss.indexOf(best));
    const evaluated = model.evaluate(xVal, yVal) as tf.Scalar[];
    expect(evaluated[0]!.dataSync()[0]).toBeCloseTo(best, 6);
  });

  it('warns once, with the available keys, when the monitored key is missing', async () => {
    const warnings: string[] = [];
    const { x, y } = tinyData();
    await tinyModel().fit(x, y, {
      epochs: 3,
      batchSize: 8,
      verbose: 0,
      callbacks: [
        earlyStopping({ monitor: 'val_los', mode: 'min', warn: (m) => void warnings.push(m) }),
      ],
    });
    expect(warnings).toEqual([
      'EarlyStopping: monitor "val_los" is not in the logs; available keys: ["loss","acc"]. It is skipped.',
    ]);
  });

  it('rejects a bad mode and a negative patience before training', () => {
    expect(() => earlyStopping({ mode: 'up' as never })).toThrow(
      'earlyStopping: mode must be one of "auto", "min", "max"; received "up".',
    );
    expect(() => earlyStopping({ patience: -1 })).toThrow(
      'earlyStopping: patience must be an integer >= 0; received -1',
    );
  });
});
