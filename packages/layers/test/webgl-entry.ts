// Bundled by webgl.spec.ts for headless Chromium: runs the PyTorch fixtures through the layers on
// tfjs's webgl backend and reports the largest error of each quantity.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import batchnormFixture from '../src/__fixtures__/batchnorm-torch.json';
import groupnormFixture from '../src/__fixtures__/groupnorm-torch.json';
import { fusedAdam } from '../src/fused-adam.js';
import { groupNormalization } from '../src/group-normalization.js';
import { torchCaseLayer } from './torch-case-layer.js';
import type { TorchCase } from './torch-case-layer.js';

type Errors = Record<string, number>;

function maxAbs(actual: tf.Tensor, expected: number[]): number {
  const a = actual.dataSync();
  if (a.length !== expected.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - expected[i]!);
    m = Number.isNaN(d) ? Infinity : Math.max(m, d);
  }
  return m;
}

function forwardAndGrads(
  apply: (x: tf.Tensor) => tf.Tensor,
  x: tf.Variable,
  w: tf.Tensor,
  params: tf.Variable[],
): { y: tf.Tensor; grads: Record<string, tf.Tensor> } {
  let y: tf.Tensor | null = null;
  const { grads } = tf.variableGrads(() => {
    const out = apply(x);
    y = tf.keep(out);
    return tf.sum(tf.mul(out, w)) as tf.Scalar;
  }, [x, ...params]);
  return { y: y as unknown as tf.Tensor, grads };
}

function batchNormErrors(): Record<string, Errors> {
  const results: Record<string, Errors> = {};
  for (const c of batchnormFixture.cases) {
    const layer = torchCaseLayer(c as TorchCase, 'unbiased');
    const x = tf.variable(tf.tensor(c.batches[0]!, c.shape));
    const params = [layer.gamma, layer.beta]
      .filter((v) => v !== null)
      .map((v) => v!.read() as tf.Variable);
    const { y, grads } = forwardAndGrads(
      (input) => layer.apply(input, { training: true }) as tf.Tensor,
      x,
      tf.tensor(c.w, c.shape),
      params,
    );
    const errors: Errors = { yTrain: maxAbs(y, c.yTrain), dx: maxAbs(grads[x.name]!, c.dx) };
    if (layer.gamma)
      errors.dgamma = maxAbs(grads[(layer.gamma.read() as tf.Variable).name]!, c.dgamma);
    if (layer.beta) errors.dbeta = maxAbs(grads[(layer.beta.read() as tf.Variable).name]!, c.dbeta);
    // a fresh layer sees every training batch, then runs in inference mode
    const fresh = torchCaseLayer(c as TorchCase, 'unbiased');
    for (const batch of c.batches) fresh.apply(tf.tensor(batch, c.shape), { training: true });
    errors.movingMean = maxAbs(fresh.movingMean!.read(), c.movingMeanUnbiased);
    errors.movingVariance = maxAbs(fresh.movingVariance!.read(), c.movingVarianceUnbiased);
    errors.yInference = maxAbs(
      fresh.apply(tf.tensor(c.xInference, c.shape)) as tf.Tensor,
      c.yInferenceUnbiased,
    );
    results[`BN ${c.name}`] = errors;
  }
  return results;
}

function groupNormErrors(): Record<string, Errors> {
  const results: Record<string, Errors> = {};
  for (const c of groupnormFixture.cases) {
    const layer = groupNormalization({ groups: c.groups, axis: c.axis, epsilon: c.epsilon });
    layer.apply(tf.zeros(c.shape));
    layer.gamma!.write(tf.tensor1d(c.gamma));
    layer.beta!.write(tf.tensor1d(c.beta));
    const x = tf.variable(tf.tensor(c.x, c.shape));
    const g = layer.gamma!.read() as tf.Variable;
    const b = layer.beta!.read() as tf.Variable;
    const { y, grads } = forwardAndGrads(
      (input) => layer.apply(input) as tf.Tensor,
      x,
      tf.tensor(c.w, c.shape),
      [g, b],
    );
    results[`GroupNorm ${c.name}`] = {
      y: maxAbs(y, c.y),
      dx: maxAbs(grads[x.name]!, c.dx),
      dgamma: maxAbs(grads[g.name]!, c.dgamma),
      dbeta: maxAbs(grads[b.name]!, c.dbeta),
    };
  }
  return results;
}

/**
 * Largest difference between the weights tf.train.adam and fusedAdam (which falls back to tfjs's
 * own update on webgl) reach from the same start after 5 steps of a small least-squares problem.
 */
function fusedAdamDifference(): number {
  const x = tf.tensor2d([1, 2, -1, 0.5, 3, -2], [3, 2]);
  const target = tf.tensor2d([1, -1, 2], [3, 1]);
  const train = (optimizer: tf.Optimizer): tf.Variable => {
    const w = tf.variable(tf.tensor2d([0.3, -0.2], [2, 1]));
    for (let i = 0; i < 5; i++) {
      optimizer.minimize(() => tf.mean(tf.square(tf.sub(tf.matMul(x, w), target))) as tf.Scalar);
    }
    return w;
  };
  return maxAbs(train(tf.train.adam(0.1)), Array.from(train(fusedAdam(0.1)).dataSync()));
}

(globalThis as unknown as { runWebglFixtures: () => Promise<string> }).runWebglFixtures =
  async () => {
    const ok = await tf.setBackend('webgl');
    if (!ok) return JSON.stringify({ backend: tf.getBackend(), error: 'webgl did not start' });
    return JSON.stringify({
      backend: tf.getBackend(),
      float32: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'),
      results: { ...batchNormErrors(), ...groupNormErrors() },
      fusedAdamDifference: fusedAdamDifference(),
    });
  };
