import * as tf from '@tensorflow/tfjs-core';
import { tinyData, tinyModel, useCpu } from '../test/tiny-model.js';
import { lambdaCallback } from './lambda-callback.js';
import { getLearningRate } from './learning-rate.js';
import { learningRateScheduler } from './learning-rate-scheduler.js';
import { stepDecay } from './schedules.js';

beforeAll(useCpu);

describe('learningRateScheduler', () => {
  it('sets the schedule rate before each epoch and records it in History', async () => {
    const { x, y } = tinyData();
    const model = tinyModel(tf.train.momentum(0.3, 0.9));
    const used: number[] = [];
    const history = await model.fit(x, y, {
      epochs: 5,
      batchSize: 8,
      verbose: 0,
      callbacks: [
        learningRateScheduler(stepDecay({ initialLr: 0.2, factor: 0.5, stepSize: 2 })),
        lambdaCallback({
          onBatchBegin: (b, _l, m) => void (b === 0 && used.push(getLearningRate(m.optimizer))),
        }),
      ],
    });
    expect(used).toEqual([0.2, 0.2, 0.1, 0.1, 0.05]);
    expect(history.history['learning_rate']).toEqual([0.2, 0.2, 0.1, 0.1, 0.05]);
  });

  it('passes the current rate to the schedule', async () => {
    const { x, y } = tinyData();
    const model = tinyModel(tf.train.adam(0.01));
    const seen: [number, number][] = [];
    await model.fit(x, y, {
      epochs: 3,
      batchSize: 8,
      verbose: 0,
      callbacks: [learningRateScheduler((epoch, lr) => (seen.push([epoch, lr]), lr / 2))],
    });
    expect(seen).toEqual([
      [0, 0.01],
      [1, 0.005],
      [2, 0.0025],
    ]);
  });

  it('fails with the epoch and the value when the schedule returns no number', async () => {
    const { x, y } = tinyData();
    await expect(
      tinyModel().fit(x, y, {
        epochs: 1,
        verbose: 0,
        callbacks: [learningRateScheduler(() => NaN)],
      }),
    ).rejects.toThrow(
      'learningRateScheduler: schedule(0, ...) must be a finite number >= 0; received NaN',
    );
    expect(() => learningRateScheduler(0.1 as never)).toThrow(/schedule must be a function/);
  });
});
