import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { batchNormalization } from './batch-normalization.js';
import { LayerInputError } from './errors.js';
import { recomputeBatchStatistics } from './recompute-batch-statistics.js';
import { maxAbsDiff } from '../test/helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Population mean and variance per column, float64. */
function columnStats(rows: number[][], unbiased = false): { mean: number[]; variance: number[] } {
  const n = rows.length;
  const C = (rows[0] as number[]).length;
  const mean = Array.from(
    { length: C },
    (_, c) => rows.reduce((s, r) => s + (r[c] as number), 0) / n,
  );
  const variance = Array.from(
    { length: C },
    (_, c) =>
      rows.reduce((s, r) => s + ((r[c] as number) - (mean[c] as number)) ** 2, 0) /
      (unbiased ? n - 1 : n),
  );
  return { mean, variance };
}

describe('recomputeBatchStatistics', () => {
  it('sets each BN to the population statistics of its inference-mode input, layer by layer', () => {
    const dense = tfl.layers.dense({ units: 3, inputShape: [4], activation: 'relu' });
    const bn1 = batchNormalization({ varianceCorrection: 'unbiased' });
    const dense2 = tfl.layers.dense({ units: 2 });
    const bn2 = tfl.layers.batchNormalization(); // tfjs-layers' own BN is handled too
    const model = tfl.sequential({ layers: [dense, bn1, dense2, bn2] });
    const x = tf.randomNormal([70, 4], 1, 2, 'float32', 5);
    const report = recomputeBatchStatistics(model, x, { batchSize: 16 });
    expect(report).toEqual([
      { name: bn1.name, count: 70 },
      { name: bn2.name, count: 70 },
    ]);
    const h1 = dense.apply(x) as tf.Tensor;
    const s1 = columnStats(h1.arraySync() as number[][], true);
    expect(maxAbsDiff(bn1.movingMean!.read(), s1.mean)).toBeLessThan(1e-5);
    expect(maxAbsDiff(bn1.movingVariance!.read(), s1.variance)).toBeLessThan(1e-5);
    // bn2 sees bn1 already updated, in inference mode
    const h2 = dense2.apply(bn1.apply(h1)) as tf.Tensor;
    const s2 = columnStats(h2.arraySync() as number[][]);
    const w2 = bn2.getWeights();
    expect(maxAbsDiff(w2[2]!, s2.mean)).toBeLessThan(1e-5);
    expect(maxAbsDiff(w2[3]!, s2.variance)).toBeLessThan(1e-5);
  });

  it('accepts an array of batches and keeps renorm statistics consistent', () => {
    const bn = batchNormalization({ renorm: true, inputShape: [3] });
    const model = tfl.sequential({ layers: [bn] });
    const parts = [0, 1, 2].map((k) => tf.randomNormal([5 + k, 3], k, 1 + k, 'float32', k));
    recomputeBatchStatistics(model, parts);
    const all = tf.concat(parts, 0).arraySync() as number[][];
    const s = columnStats(all);
    expect(maxAbsDiff(bn.movingMean!.read(), s.mean)).toBeLessThan(1e-5);
    expect(maxAbsDiff(bn.movingVariance!.read(), s.variance)).toBeLessThan(1e-4);
    const std = s.variance.map((v) => Math.sqrt(v + 1e-3));
    expect(maxAbsDiff(bn.movingStddev!.read(), std)).toBeLessThan(1e-5);
  });

  it('rejects bad input', () => {
    const model = tfl.sequential({ layers: [batchNormalization({ inputShape: [3] })] });
    expect(() => recomputeBatchStatistics(model, [])).toThrow(/non-empty array of tensors/);
    expect(() => recomputeBatchStatistics(model, tf.ones([2, 3]), { batchSize: 0 })).toThrow(
      /batchSize must be an integer >= 1; received 0/,
    );
    expect(() =>
      recomputeBatchStatistics(model, tf.ones([2, 3]), { batchsize: 8 } as never),
    ).toThrow(/Did you mean "batchSize"\?/);
    expect(() => recomputeBatchStatistics(model, tf.ones([2, 4]))).toThrow(
      /data shape must be the model input shape \[null, 3\]; received \[2, 4\]/,
    );
  });

  it('refuses data that gives NaN statistics, naming the layer and changing nothing (issue 12)', () => {
    const bn1 = batchNormalization({ name: 'first', inputShape: [3] });
    const bn2 = batchNormalization({ name: 'second' });
    const model = tfl.sequential({ layers: [bn1, tfl.layers.dense({ units: 2 }), bn2] });
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    // Finite for the first BN (its statistics are written first), NaN after the Dense layer.
    const dense = model.layers[1]!;
    dense.setWeights([
      tf.tensor2d([
        [NaN, 1],
        [1, 1],
        [1, 1],
      ]),
      tf.zeros([2]),
    ]);
    const weightsWithNaN = model.getWeights().map((w) => Array.from(w.dataSync()));
    const call = () => recomputeBatchStatistics(model, tf.randomNormal([8, 3], 0, 1, 'float32', 1));
    expect(call).toThrow(LayerInputError);
    expect(call).toThrow(
      /data must be batches whose activations are finite at every BN layer; received a Tensor\. The mean of channel 0 at layer "second" is NaN; no statistics were changed\./,
    );
    const after = model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(after).toEqual(weightsWithNaN);
    expect(after[0]).toEqual(before[0]);
    // NaN in the data itself is refused at the first layer.
    const x = tf.tensor2d([
      [1, 2, NaN],
      [3, 4, 5],
    ]);
    expect(() => recomputeBatchStatistics(model, x)).toThrow(/channel 2 at layer "first" is NaN/);
  });

  it('refuses batches without rows instead of failing inside tfjs (issue 12)', () => {
    const model = tfl.sequential({ layers: [batchNormalization({ inputShape: [3] })] });
    const call = () => recomputeBatchStatistics(model, tf.zeros([0, 3]));
    expect(call).toThrow(LayerInputError);
    expect(call).toThrow(/data shape must be a shape with at least one row; received \[0, 3\]/);
    expect(() => recomputeBatchStatistics(model, [tf.ones([2, 3]), tf.zeros([0, 3])])).toThrow(
      /data\[1\] shape must be a shape with at least one row/,
    );
  });
});
