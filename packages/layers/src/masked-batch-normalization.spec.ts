import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { batchNormalization } from './batch-normalization.js';
import { LayerInputError } from './errors.js';
import { maxAbsDiff, numericalGradient } from '../test/helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// [batch 3, time 4, channels 2]; the mask drops 5 of the 12 time steps.
const SHAPE = [3, 4, 2];
const C = 2;
const MASK = [1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0];
const X = Array.from({ length: 24 }, (_, i) => Math.sin(1.7 * i) * 2 + (i % 2) * 3);
const W = Array.from({ length: 24 }, (_, i) => Math.cos(0.9 * i));
const GAMMA = [1.5, 0.7];
const BETA = [-0.2, 0.4];
const EPSILON = 1e-3;

/** Keras 3's masked statistics and BN output in float64: the reference. */
function reference(x: ArrayLike<number>, gamma = GAMMA, beta = BETA) {
  const count = MASK.reduce((a, b) => a + b, 0);
  const mean = [0, 0];
  const variance = [0, 0];
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let p = 0; p < MASK.length; p++) s += MASK[p]! * x[p * C + c]!;
    mean[c] = s / (count + 1e-7);
    let q = 0;
    for (let p = 0; p < MASK.length; p++)
      q += MASK[p]! * (MASK[p]! * x[p * C + c]! - mean[c]!) ** 2;
    variance[c] = q / (count + 1e-7);
  }
  const y = Array.from(x, (v, i) => {
    const c = i % C;
    return ((v - mean[c]!) / Math.sqrt(variance[c]! + EPSILON)) * gamma[c]! + beta[c]!;
  });
  return { count, mean, variance, y };
}

function layerWithParameters(args = {}) {
  const layer = batchNormalization({ momentum: 0, epsilon: EPSILON, ...args });
  layer.apply(tf.zeros(SHAPE));
  layer.gamma!.write(tf.tensor1d(GAMMA));
  layer.beta!.write(tf.tensor1d(BETA));
  return layer;
}

const mask = () => tf.tensor2d(MASK, [3, 4], 'bool');

describe('BatchNormalization with a mask (Keras 3 semantics)', () => {
  it('takes the training statistics from the kept positions only', () => {
    const layer = layerWithParameters();
    const y = layer.apply(tf.tensor(X, SHAPE), { training: true, mask: mask() }) as tf.Tensor;
    const ref = reference(X);
    // Float32 against float64 on O(1) values: 1e-5 is a few hundred float32 ulps.
    expect(maxAbsDiff(y, ref.y)).toBeLessThan(1e-5);
    // momentum 0: the moving statistics are this batch's.
    expect(maxAbsDiff(layer.movingMean!.read(), ref.mean)).toBeLessThan(1e-5);
    expect(maxAbsDiff(layer.movingVariance!.read(), ref.variance)).toBeLessThan(1e-5);
  });

  it('stores the unbiased variance over the kept count with varianceCorrection', () => {
    const layer = layerWithParameters({ varianceCorrection: 'unbiased' });
    layer.apply(tf.tensor(X, SHAPE), { training: true, mask: mask() });
    const ref = reference(X);
    const unbiased = ref.variance.map((v) => (v * ref.count) / (ref.count - 1));
    expect(maxAbsDiff(layer.movingVariance!.read(), unbiased)).toBeLessThan(1e-5);
  });

  it('differentiates through the masked statistics (numerical gradients of the reference)', () => {
    const layer = layerWithParameters();
    const x = tf.variable(tf.tensor(X, SHAPE));
    const gamma = layer.gamma!.read() as tf.Variable;
    const beta = layer.beta!.read() as tf.Variable;
    const w = tf.tensor(W, SHAPE);
    const { grads } = tf.variableGrads(
      () =>
        tf.sum(
          tf.mul(layer.apply(x, { training: true, mask: mask() }) as tf.Tensor, w),
        ) as tf.Scalar,
      [x, gamma, beta],
    );
    const loss = (xs: ArrayLike<number>, g = GAMMA, b = BETA) =>
      reference(xs, g, b).y.reduce((a, v, i) => a + v * W[i]!, 0);
    const h = 1e-5;
    const dx = numericalGradient((v) => loss(v), Float64Array.from(X), h);
    const dGamma = numericalGradient((v) => loss(X, Array.from(v)), Float64Array.from(GAMMA), h);
    const dBeta = numericalGradient(
      (v) => loss(X, GAMMA, Array.from(v)),
      Float64Array.from(BETA),
      h,
    );
    // Float32 gradients of O(1) sums of 24 terms against float64 central differences.
    expect(maxAbsDiff(grads[x.name]!, dx)).toBeLessThan(1e-4);
    expect(maxAbsDiff(grads[gamma.name]!, dGamma)).toBeLessThan(1e-4);
    expect(maxAbsDiff(grads[beta.name]!, dBeta)).toBeLessThan(1e-4);
    // Masked positions still get a gradient through their own output, not through the statistics.
    expect(Array.from(grads[x.name]!.dataSync()).every(Number.isFinite)).toBe(true);
  });

  it('ignores the mask in inference, as Keras does', () => {
    const layer = layerWithParameters();
    const x = tf.tensor(X, SHAPE);
    const plain = layer.apply(x) as tf.Tensor;
    const masked = layer.apply(x, { mask: mask() }) as tf.Tensor;
    expect(maxAbsDiff(masked, plain.dataSync())).toBe(0);
  });

  it('trains behind a Masking layer and passes the mask on', async () => {
    const bn = batchNormalization({ momentum: 0, epsilon: EPSILON });
    const model = tfl.sequential({
      layers: [
        tfl.layers.masking({ maskValue: 0, inputShape: [4, 2] }),
        bn,
        tfl.layers.dense({ units: 1 }),
      ],
    });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    // Masked time steps are all-zero rows, which Masking turns into the mask.
    const xs = X.map((v, i) => (MASK[Math.floor(i / C)] ? v : 0));
    await model.fit(tf.tensor(xs, SHAPE), tf.zeros([3, 4, 1]), {
      epochs: 1,
      batchSize: 3,
      verbose: 0,
    });
    const ref = reference(xs);
    expect(maxAbsDiff(bn.movingMean!.read(), ref.mean)).toBeLessThan(1e-5);
    expect(maxAbsDiff(bn.movingVariance!.read(), ref.variance)).toBeLessThan(1e-5);
    expect(bn.computeMask(tf.zeros(SHAPE), mask())).not.toBeNull();
  });

  it.each([
    ['channels on another axis', { axis: 1 }, /mask needs the channels on the last axis/],
    ['ghost batches', { virtualBatchSize: 1 }, /cannot be combined with virtualBatchSize/],
    ['renorm', { renorm: true }, /cannot be combined with renorm/],
  ])('rejects a mask with %s', (_what, args, message) => {
    const layer = batchNormalization(args);
    const x = tf.tensor(X, SHAPE);
    layer.apply(x);
    expect(() => layer.apply(x, { training: true, mask: mask() })).toThrow(LayerInputError);
    expect(() => layer.apply(x, { training: true, mask: mask() })).toThrow(message);
  });

  it('rejects a mask of the wrong shape', () => {
    const layer = layerWithParameters();
    const call = () =>
      layer.apply(tf.tensor(X, SHAPE), { training: true, mask: tf.ones([3, 2], 'bool') });
    expect(call).toThrow(LayerInputError);
    expect(call).toThrow(/input's shape without the channels, \[3, 4\]; received \[3, 2\]/);
  });
});
