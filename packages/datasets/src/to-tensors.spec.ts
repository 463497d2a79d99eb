import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Dataset } from './dataset.js';
import { makeClassification } from './make-classification.js';
import { RandomState } from './random-state.js';
import { toTensors } from './to-tensors.js';
import { toTfDataset } from './to-tf-dataset.js';

// Exact-stream checks draw millions of values; the machine running CI may be busy.
jest.setTimeout(60_000);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const small: Dataset = {
  X: Float64Array.of(0.1, 1, 0.2, 2, 0.3, 3, 0.4, 4, 0.5, 5),
  y: Float64Array.of(0, 1, 2, 1, 0),
  nSamples: 5,
  nFeatures: 2,
};

describe('toTensors', () => {
  it('gives float32 [n, features] inputs and [n, 1] labels, values rounded to float32', () => {
    const data = makeClassification({
      nSamples: 50,
      nFeatures: 4,
      nInformative: 2,
      randomState: 3,
    });
    const { xs, ys } = toTensors(data);
    expect(xs.shape).toEqual([50, 4]);
    expect(ys.shape).toEqual([50, 1]);
    expect(xs.dtype).toBe('float32');
    expect(Array.from(xs.dataSync())).toEqual(Array.from(Float32Array.from(data.X)));
    expect(Array.from(ys.dataSync())).toEqual(Array.from(data.y));
    tf.dispose([xs, ys]);
  });

  it('one-hot encodes labels on request and rejects labels outside the classes', () => {
    const { xs, ys } = toTensors(small, { oneHot: 3 });
    expect(ys.arraySync()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0, 1, 0],
      [1, 0, 0],
    ]);
    tf.dispose([xs, ys]);
    expect(() => toTensors(small, { oneHot: 2 })).toThrow(
      /oneHot must be a class count above every label \(row 2 has label 2\); received 2/,
    );
    expect(() => toTensors({ ...small, nFeatures: 3 })).toThrow(/dataset must be .*; received/);
  });
});

describe('toTfDataset', () => {
  it('yields shuffled batches whose rows follow RandomState(seed).permutation per epoch', async () => {
    const ds = toTfDataset(small, { batchSize: 2, seed: 7 });
    expect(ds.size).toBe(3);
    const orders = new RandomState(7);
    for (let epoch = 0; epoch < 2; epoch++) {
      const expected = Array.from(orders.permutation(5));
      const it = await ds.iterator();
      const seen: number[] = [];
      const sizes: number[] = [];
      for (;;) {
        const step = await it.next();
        if (step.done) break;
        sizes.push(step.value.xs.shape[0]);
        const ys = Array.from(step.value.ys.dataSync());
        const x1 = Array.from(step.value.xs.dataSync()).filter((_, i) => i % 2 === 1);
        seen.push(...x1.map((v) => v - 1));
        expect(ys).toEqual(x1.map((v) => small.y[v - 1]!));
        tf.dispose([step.value.xs, step.value.ys]);
      }
      expect(sizes).toEqual([2, 2, 1]);
      expect(seen).toEqual(expected);
    }
  });

  it('keeps row order without shuffle and validates its options', async () => {
    const it = await toTfDataset(small, { batchSize: 4, shuffle: false }).iterator();
    const first = await it.next();
    expect(first.done).toBe(false);
    if (!first.done) {
      expect(Array.from(first.value.xs.dataSync())).toEqual(
        Array.from(Float32Array.from(small.X.subarray(0, 8))),
      );
      tf.dispose([first.value.xs, first.value.ys]);
    }
    expect(() => toTfDataset(small, { batchSize: 0 })).toThrow(
      /batchSize must be an integer >= 1; received 0/,
    );
    expect(() => toTfDataset(small, { seed: -1 })).toThrow(/seed must be .*; received -1/);
    expect(() => toTfDataset(small, { shuffle: 'yes' as unknown as boolean })).toThrow(
      /shuffle must be .*; received "yes"/,
    );
  });

  it('trains a real tfjs-layers model with fitDataset and leaks no tensors', async () => {
    const data = makeClassification({ nSamples: 200, nFeatures: 6, randomState: 0, classSep: 2 });
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 8, activation: 'relu', inputShape: [6] }),
        tfl.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    model.compile({
      optimizer: tf.train.adam(0.05),
      loss: 'binaryCrossentropy',
      metrics: ['accuracy'],
    });
    const ds = toTfDataset(data, { batchSize: 32, seed: 1 });
    const history = await model.fitDataset(ds, { epochs: 8, verbose: 0 });
    // A further epoch creates no tensors that outlive it: batches are disposed by tfjs.
    const before = tf.memory().numTensors;
    await model.fitDataset(ds, { epochs: 1, verbose: 0 });
    expect(tf.memory().numTensors).toBe(before);
    const loss = history.history['loss'] as number[];
    expect(loss).toHaveLength(8);
    expect(loss[7]!).toBeLessThan(loss[0]!);
    const acc = history.history['acc'] as number[];
    expect(acc[7]!).toBeGreaterThan(0.8);
    model.dispose();
  });

  it('never holds more than a few batches in tensors while fitting a large set', async () => {
    const nSamples = 40_000;
    const data = makeClassification({ nSamples, nFeatures: 8, nInformative: 4, randomState: 5 });
    const model = tfl.sequential({
      layers: [tfl.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [8] })],
    });
    model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
    let peak = 0;
    const wholeSetBytes = nSamples * 8 * 4;
    await model.fitDataset(toTfDataset(data, { batchSize: 500, seed: 2 }), {
      epochs: 1,
      verbose: 0,
      callbacks: {
        onBatchEnd: async () => {
          peak = Math.max(peak, tf.memory().numBytes);
        },
      },
    });
    // one batch is 500 × 9 floats = 18 kB; the whole set as a tensor would be 1.28 MB
    expect(peak).toBeLessThan(wholeSetBytes / 10);
    model.dispose();
  });
});
