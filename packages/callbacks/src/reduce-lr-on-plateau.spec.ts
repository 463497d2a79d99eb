import * as tf from '@tensorflow/tfjs-core';
import { scriptedMetric } from '../test/scripted.js';
import { tinyData, tinyModel, useCpu } from '../test/tiny-model.js';
import { lambdaCallback } from './lambda-callback.js';
import { getLearningRate } from './learning-rate.js';
import { reduceLROnPlateau } from './reduce-lr-on-plateau.js';

beforeAll(useCpu);

describe('reduceLROnPlateau', () => {
  it('reduces by factor after patience, waits out the cooldown and stops at minLr', async () => {
    const { x, y } = tinyData();
    const model = tinyModel(tf.train.sgd(0.1));
    const used: number[] = [];
    const history = await model.fit(x, y, {
      epochs: 6,
      batchSize: 8,
      verbose: 0,
      callbacks: [
        lambdaCallback({
          onEpochBegin: (_e, _l, m) => void used.push(getLearningRate(m.optimizer)),
        }),
        scriptedMetric('score', [1, 1, 1, 1, 1, 1]),
        reduceLROnPlateau({
          monitor: 'score',
          mode: 'min',
          factor: 0.5,
          patience: 1,
          cooldown: 1,
          minLr: 0.02,
        }),
      ],
    });
    // Keras 3 step by step: e0 sets best; e1 wait 1 -> 0.05, cooldown 1; e2 cooldown ends,
    // wait 1 -> 0.025; e3 -> max(0.0125, 0.02) = 0.02; e4, e5: already at minLr.
    expect(used).toEqual([0.1, 0.1, 0.05, 0.025, 0.02, 0.02]);
    // logs.learning_rate is the rate the epoch trained with (written before any reduction)
    expect(history.history['learning_rate']).toEqual(used);
    expect(getLearningRate(model.optimizer)).toBe(0.02);
  });

  it('leaves the rate alone while the value improves by more than minDelta', async () => {
    const { x, y } = tinyData();
    const model = tinyModel(tf.train.adam(0.01));
    const history = await model.fit(x, y, {
      epochs: 4,
      batchSize: 8,
      verbose: 0,
      callbacks: [
        scriptedMetric('score', [1, 0.9, 0.8, 0.79995]),
        reduceLROnPlateau({ monitor: 'score', mode: 'min', patience: 1 }),
      ],
    });
    // the last change (5e-5) is below the default minDelta 1e-4: it counts as a plateau
    expect(history.history['learning_rate']).toEqual([0.01, 0.01, 0.01, 0.01]);
    expect(getLearningRate(model.optimizer)).toBeCloseTo(0.001, 12);
  });

  it('rejects factor >= 1, a negative patience and a negative minLr', () => {
    expect(() => reduceLROnPlateau({ factor: 1 })).toThrow(
      'reduceLROnPlateau: factor must be a number in (0, 1); Keras rejects factor >= 1; received 1',
    );
    expect(() => reduceLROnPlateau({ patience: -2 })).toThrow(
      'reduceLROnPlateau: patience must be an integer >= 0; received -2',
    );
    expect(() => reduceLROnPlateau({ minLr: -1 })).toThrow(
      'reduceLROnPlateau: minLr must be a finite number >= 0; received -1',
    );
  });
});
