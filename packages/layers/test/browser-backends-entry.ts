// Bundled by browser-backends.spec.ts for headless Chromium: runs the PyTorch fixtures through the
// layers on tfjs's webgl or webgpu backend and reports the largest error of each quantity.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import batchnormFixture from '../src/__fixtures__/batchnorm-torch.json';
import groupnormFixture from '../src/__fixtures__/groupnorm-torch.json';
import { fusedAdam } from '../src/fused-adam.js';
import { groupNormalization } from '../src/group-normalization.js';
import { torchCaseLayer } from './torch-case-layer.js';
import type { TorchCase } from './torch-case-layer.js';

type Errors = Record<string, number>;

// Reads are asynchronous: webgpu's dataSync does not return the computed values.
async function maxAbs(actual: tf.Tensor, expected: ArrayLike<number>): Promise<number> {
  const a = await actual.data();
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

async function batchNormErrors(): Promise<Record<string, Errors>> {
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
    const errors: Errors = {
      yTrain: await maxAbs(y, c.yTrain),
      dx: await maxAbs(grads[x.name]!, c.dx),
    };
    if (layer.gamma)
      errors.dgamma = await maxAbs(grads[(layer.gamma.read() as tf.Variable).name]!, c.dgamma);
    if (layer.beta)
      errors.dbeta = await maxAbs(grads[(layer.beta.read() as tf.Variable).name]!, c.dbeta);
    // a fresh layer sees every training batch, then runs in inference mode
    const fresh = torchCaseLayer(c as TorchCase, 'unbiased');
    for (const batch of c.batches) fresh.apply(tf.tensor(batch, c.shape), { training: true });
    errors.movingMean = await maxAbs(fresh.movingMean!.read(), c.movingMeanUnbiased);
    errors.movingVariance = await maxAbs(fresh.movingVariance!.read(), c.movingVarianceUnbiased);
    errors.yInference = await maxAbs(
      fresh.apply(tf.tensor(c.xInference, c.shape)) as tf.Tensor,
      c.yInferenceUnbiased,
    );
    results[`BN ${c.name}`] = errors;
  }
  return results;
}

async function groupNormErrors(): Promise<Record<string, Errors>> {
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
      y: await maxAbs(y, c.y),
      dx: await maxAbs(grads[x.name]!, c.dx),
      dgamma: await maxAbs(grads[g.name]!, c.dgamma),
      dbeta: await maxAbs(grads[b.name]!, c.dbeta),
    };
  }
  return results;
}

/**
 * Largest difference between the weights tf.train.adam and fusedAdam (which falls back to tfjs's
 * own update on these backends) reach from the same start after 5 steps of a small least-squares problem.
 */
async function fusedAdamDifference(): Promise<number> {
  const x = tf.tensor2d([1, 2, -1, 0.5, 3, -2], [3, 2]);
  const target = tf.tensor2d([1, -1, 2], [3, 1]);
  const train = (optimizer: tf.Optimizer): tf.Variable => {
    const w = tf.variable(tf.tensor2d([0.3, -0.2], [2, 1]));
    for (let i = 0; i < 5; i++) {
      optimizer.minimize(() => tf.mean(tf.square(tf.sub(tf.matMul(x, w), target))) as tf.Scalar);
    }
    return w;
  };
  return await maxAbs(train(tf.train.adam(0.1)), await train(fusedAdam(0.1)).data());
}

(globalThis as unknown as { runFixtures: (backend: string) => Promise<string> }).runFixtures =
  async (backend) => {
    const ok = await tf.setBackend(backend).catch(() => false);
    if (!ok) return JSON.stringify({ backend: tf.getBackend(), error: `${backend} did not start` });
    return JSON.stringify({
      backend: tf.getBackend(),
      // webgpu always computes in float32; webgl only with float32 textures
      float32: backend === 'webgpu' || tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'),
      results: { ...(await batchNormErrors()), ...(await groupNormErrors()) },
      fusedAdamDifference: await fusedAdamDifference(),
    });
  };
