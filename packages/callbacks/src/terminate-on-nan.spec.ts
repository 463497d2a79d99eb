import * as tf from '@tensorflow/tfjs-core';
import { tinyData, tinyModel, useCpu } from '../test/tiny-model.js';
import { lambdaCallback } from './lambda-callback.js';
import { NonFiniteLossError, terminateOnNaN } from './terminate-on-nan.js';

beforeAll(useCpu);

function dataWithNaNAt(row: number) {
  const { x, y } = tinyData();
  const values = x.arraySync();
  values[row]![0] = NaN;
  return { x: tf.tensor2d(values), y };
}

describe('terminateOnNaN', () => {
  it('stops in the batch whose loss is NaN; the epoch still ends', async () => {
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const { x, y } = dataWithNaNAt(9); // batch size 4, no shuffle: row 9 is in batch 2
    const batches: number[] = [];
    const stopper = terminateOnNaN();
    const history = await tinyModel().fit(x, y, {
      epochs: 5,
      batchSize: 4,
      shuffle: false,
      verbose: 0,
      callbacks: [lambdaCallback({ onBatchEnd: (b) => void batches.push(b) }), stopper],
    });
    jest.restoreAllMocks();
    expect(batches).toEqual([0, 1, 2]);
    expect(history.epoch).toEqual([0]);
    expect(stopper.terminatedAt).toEqual({ epoch: 0, batch: 2, loss: NaN });
  });

  it('throws NonFiniteLossError with raiseError', async () => {
    const { x, y } = dataWithNaNAt(0);
    const fit = tinyModel().fit(x, y, {
      epochs: 2,
      batchSize: 4,
      shuffle: false,
      verbose: 0,
      callbacks: [terminateOnNaN({ raiseError: true })],
    });
    await expect(fit).rejects.toThrow(NonFiniteLossError);
  });

  it('lets a finite run finish', async () => {
    const { x, y } = tinyData();
    const stopper = terminateOnNaN();
    const history = await tinyModel().fit(x, y, {
      epochs: 3,
      batchSize: 4,
      verbose: 0,
      callbacks: [stopper],
    });
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(stopper.terminatedAt).toBeNull();
  });
});
