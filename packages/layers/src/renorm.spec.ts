import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { batchNormalization } from './batch-normalization.js';
import type { BatchNormalizationArgs } from './batch-normalization.js';
import { maxAbsDiff } from '../test/helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface RenormState {
  movingMean: number[];
  movingStddev: number[];
  movingVariance: number[];
  renormMean: number[];
  renormStddev: number[];
}

/**
 * Float64 closed form of Keras 3.14's renorm training step (keras/src/layers/normalization/
 * batch_normalization.py): r and d from the pre-update renorm statistics, clipped, then the
 * moving statistics updated with `momentum` and the renorm statistics with `renormMomentum`.
 */
function renormStep(
  x: number[][],
  s: RenormState,
  o: {
    eps: number;
    momentum: number;
    renormMomentum: number;
    rmax: number;
    rmin: number;
    dmax: number;
  },
  gamma: number[],
  beta: number[],
): number[][] {
  const n = x.length;
  const C = (x[0] as number[]).length;
  const y = x.map((row) => row.slice());
  for (let c = 0; c < C; c++) {
    const col = x.map((row) => row[c] as number);
    const mean = col.reduce((a, b) => a + b, 0) / n;
    const variance = col.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    const std = Math.sqrt(variance + o.eps);
    const denom = Math.max(s.renormStddev[c] as number, Math.sqrt(o.eps));
    const r = Math.min(Math.max(std / denom, o.rmin), o.rmax);
    const d = Math.min(Math.max((mean - (s.renormMean[c] as number)) / denom, -o.dmax), o.dmax);
    for (let i = 0; i < n; i++) {
      const xhat = ((col[i] as number) - mean) / std;
      (y[i] as number[])[c] = (xhat * r + d) * (gamma[c] as number) + (beta[c] as number);
    }
    const ema = (old: number, v: number, m: number): number => old * m + v * (1 - m);
    s.renormMean[c] = ema(s.renormMean[c] as number, mean, o.renormMomentum);
    s.renormStddev[c] = ema(s.renormStddev[c] as number, std, o.renormMomentum);
    s.movingMean[c] = ema(s.movingMean[c] as number, mean, o.momentum);
    s.movingStddev[c] = ema(s.movingStddev[c] as number, std, o.momentum);
    s.movingVariance[c] = Math.max(0, (s.movingStddev[c] as number) ** 2 - o.eps);
  }
  return y;
}

describe('BatchNormalization renorm', () => {
  const gamma = [1.2, 0.8, 1.0];
  const beta = [0.1, -0.2, 0.3];
  const batches = [0, 1, 2, 3].map((k) =>
    Array.from(tf.randomNormal([6, 3], k - 1, 1 + k, 'float32', 100 + k).arraySync() as number[][]),
  );

  function run(args: BatchNormalizationArgs, steps: number[][][]) {
    const layer = batchNormalization(args);
    layer.apply(tf.zeros([6, 3]));
    layer.gamma!.write(tf.tensor1d(gamma));
    layer.beta!.write(tf.tensor1d(beta));
    const outputs = steps.map((b) => layer.apply(tf.tensor2d(b), { training: true }) as tf.Tensor);
    return { layer, outputs };
  }

  it('matches the Keras 3 closed form with clipping active (output and all five statistics)', () => {
    const o = { eps: 1e-3, momentum: 0.9, renormMomentum: 0.8, rmax: 1.5, rmin: 0.7, dmax: 0.5 };
    const { layer, outputs } = run(
      {
        renorm: true,
        momentum: o.momentum,
        renormMomentum: o.renormMomentum,
        renormClipping: { rmax: o.rmax, rmin: o.rmin, dmax: o.dmax },
      },
      batches,
    );
    const s: RenormState = {
      movingMean: [0, 0, 0],
      movingStddev: [1, 1, 1],
      movingVariance: [1, 1, 1],
      renormMean: [0, 0, 0],
      renormStddev: [1, 1, 1],
    };
    batches.forEach((b, k) => {
      const expected = renormStep(b, s, o, gamma, beta).flat();
      // float32 vs float64 on O(1) values: 1e-5 is ~100 ulps of headroom.
      expect(maxAbsDiff(outputs[k] as tf.Tensor, expected)).toBeLessThan(1e-5);
    });
    expect(maxAbsDiff(layer.movingMean!.read(), s.movingMean)).toBeLessThan(1e-5);
    expect(maxAbsDiff(layer.movingStddev!.read(), s.movingStddev)).toBeLessThan(1e-5);
    expect(maxAbsDiff(layer.movingVariance!.read(), s.movingVariance)).toBeLessThan(1e-5);
    expect(maxAbsDiff(layer.renormMean!.read(), s.renormMean)).toBeLessThan(1e-5);
    expect(maxAbsDiff(layer.renormStddev!.read(), s.renormStddev)).toBeLessThan(1e-5);
  });

  it('treats r and d as constants in the backward pass (closed-form gradient)', () => {
    const layer = batchNormalization({ renorm: true, renormMomentum: 0.5 });
    const x0 = tf.tensor2d(batches[0] as number[][]);
    layer.apply(x0, { training: true }); // moves the renorm statistics so r ≠ 1 and d ≠ 0
    const x = tf.tensor2d(batches[1] as number[][]);
    const w = tf.randomNormal([6, 3], 0, 1, 'float32', 5);
    const rm = Array.from(layer.renormMean!.read().dataSync());
    const rs = Array.from(layer.renormStddev!.read().dataSync());
    const dx = tf.grad((t: tf.Tensor) =>
      tf.sum(tf.mul(layer.apply(t, { training: true }) as tf.Tensor, w)),
    )(x);
    const xv = batches[1] as number[][];
    const wv = w.arraySync() as number[][];
    const expected: number[] = new Array(18).fill(0);
    for (let c = 0; c < 3; c++) {
      const col = xv.map((row) => row[c] as number);
      const dy = wv.map((row) => row[c] as number);
      const mean = col.reduce((a, b) => a + b, 0) / 6;
      const std = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / 6 + 1e-3);
      const r = std / Math.max(rs[c] as number, Math.sqrt(1e-3));
      void rm;
      const xhat = col.map((v) => (v - mean) / std);
      const mdy = dy.reduce((a, b) => a + b, 0) / 6;
      const mdyx = dy.reduce((a, b, i) => a + b * (xhat[i] as number), 0) / 6;
      for (let i = 0; i < 6; i++) {
        expected[i * 3 + c] =
          (((1 * r) / std) as number) * ((dy[i] as number) - mdy - (xhat[i] as number) * mdyx);
      }
    }
    expect(maxAbsDiff(dx, expected)).toBeLessThan(1e-4);
  });

  it('warm-up: plain BN for the first plainSteps, then rmax and dmax relax linearly', () => {
    const warm = { plainSteps: 2, rmaxSteps: 6, dmaxSteps: 4 };
    const clip = { rmax: 3, dmax: 5 };
    const { outputs } = run(
      { renorm: true, renormMomentum: 0.5, renormClipping: clip, renormWarmup: warm },
      batches,
    );
    // Steps 0 and 1: r = 1, d = 0, i.e. plain batch normalization with batch statistics.
    for (const k of [0, 1]) {
      const s: RenormState = {
        movingMean: [0, 0, 0],
        movingStddev: [1, 1, 1],
        movingVariance: [1, 1, 1],
        renormMean: [0, 0, 0],
        renormStddev: [1, 1, 1],
      };
      const plain = renormStep(
        batches[k] as number[][],
        s,
        { eps: 1e-3, momentum: 0.99, renormMomentum: 0.5, rmax: 1, rmin: 1, dmax: 0 },
        gamma,
        beta,
      ).flat();
      expect(maxAbsDiff(outputs[k] as tf.Tensor, plain)).toBeLessThan(1e-5);
    }
    // Step 3: rmax = 1 + 2·(3−2)/(6−2) = 1.5, rmin = 1/… linear from 1 to 0 → 0.75, dmax = 5·(1/2).
    const s: RenormState = {
      movingMean: [0, 0, 0],
      movingStddev: [1, 1, 1],
      movingVariance: [1, 1, 1],
      renormMean: [0, 0, 0],
      renormStddev: [1, 1, 1],
    };
    const o = { eps: 1e-3, momentum: 0.99, renormMomentum: 0.5, rmax: 3, rmin: 0, dmax: 5 };
    for (const k of [0, 1, 2]) renormStep(batches[k] as number[][], s, o, gamma, beta);
    const expected = renormStep(
      batches[3] as number[][],
      s,
      { ...o, rmax: 1.5, rmin: 0.75, dmax: 2.5 },
      gamma,
      beta,
    ).flat();
    expect(maxAbsDiff(outputs[3] as tf.Tensor, expected)).toBeLessThan(1e-5);
  });

  it('gives the same result for a non-last axis as for the transposed channels-last input', () => {
    const args: BatchNormalizationArgs = {
      renorm: true,
      renormMomentum: 0.5,
      renormClipping: { rmax: 1.2, dmax: 0.3 },
    };
    const first = batchNormalization({ ...args, axis: 1 });
    const last = batchNormalization({ ...args, axis: -1 });
    for (let k = 0; k < 3; k++) {
      const x = tf.randomNormal([4, 3, 5], k, 1 + k, 'float32', 20 + k);
      const w = tf.randomNormal([4, 3, 5], 0, 1, 'float32', 30 + k);
      const f = (layer: typeof first, t: tf.Tensor) =>
        tf.sum(tf.mul(layer.apply(t, { training: true }) as tf.Tensor, w));
      const xt = tf.transpose(x, [0, 2, 1]);
      const wt = tf.transpose(w, [0, 2, 1]);
      const g1 = tf.grad((t: tf.Tensor) => f(first, t))(x);
      const g2 = tf.grad((t: tf.Tensor) =>
        tf.sum(tf.mul(last.apply(t, { training: true }) as tf.Tensor, wt)),
      )(xt);
      expect(maxAbsDiff(g1, tf.transpose(g2, [0, 2, 1]).dataSync())).toBeLessThan(1e-5);
    }
    expect(
      maxAbsDiff(first.renormStddev!.read(), last.renormStddev!.read().dataSync()),
    ).toBeLessThan(1e-6);
    expect(
      maxAbsDiff(first.movingVariance!.read(), last.movingVariance!.read().dataSync()),
    ).toBeLessThan(1e-6);
  });

  it('rejects a warm-up without finite clipping targets', () => {
    expect(() =>
      batchNormalization({
        renorm: true,
        renormWarmup: { plainSteps: 1, rmaxSteps: 2, dmaxSteps: 2 },
      }),
    ).toThrow(/renormWarmup needs renorm: true, finite renormClipping.rmax and dmax/);
  });
});
