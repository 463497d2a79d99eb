// Issue 13's training-step benchmark, written once for the packages that run it
// (packages/wasm-kernels/bench: the kernels alone; packages/cli/bench: the whole bnkit stack):
// the five Dense(w, relu) → BN → Dense(w, relu) → BN → Dense(1, sigmoid) sizes and the small
// MNIST CNN (conv 3×3 32, conv 3×3 64, BN, max pool, Dense 128, Dense 10; batch 64), their
// seeded inputs, PyTorch on one thread doing the same (reference_pytorch.py beside this file),
// and the interleaved timing: every contender in turn, round after round, each one's best round
// kept (other processes only ever add time).
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

const TORCH_SCRIPT = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'packages',
  'wasm-kernels',
  'bench',
  'reference_pytorch.py',
);

/** (width, batch, features) of the Dense/BN rows. */
export const DENSE_ROWS = [
  [64, 32, 20],
  [256, 32, 20],
  [1024, 32, 20],
  [256, 256, 20],
  [1024, 256, 256],
];

const stockAdam = () => tf.train.adam(1e-3, 0.9, 0.999, 1e-7);
const stockBatchNorm = () => tfl.layers.batchNormalization();

/** The Dense/BN model; `bn` and `optimizer` default to tfjs-layers' BN and tf.train.adam. */
export function denseModel(width, features, { bn = stockBatchNorm, optimizer = stockAdam } = {}) {
  const m = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: width, activation: 'relu', inputShape: [features] }),
      bn(),
      tfl.layers.dense({ units: width, activation: 'relu' }),
      bn(),
      tfl.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  m.compile({ optimizer: optimizer(), loss: 'binaryCrossentropy' });
  return m;
}

/** The MNIST CNN; `bn` and `optimizer` as for {@link denseModel}. */
export function cnnModel({ bn = stockBatchNorm, optimizer = stockAdam } = {}) {
  const m = tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        filters: 32,
        kernelSize: 3,
        activation: 'relu',
        inputShape: [28, 28, 1],
      }),
      tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      bn(),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 128, activation: 'relu' }),
      tfl.layers.dense({ units: 10 }),
    ],
  });
  m.compile({
    optimizer: optimizer(),
    loss: (yTrue, yPred) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
  });
  return m;
}

/** Seeded inputs and binary labels of a Dense row. */
export function denseInputs(batch, features) {
  const x = tf.randomNormal([batch, features], 0, 1, 'float32', 1);
  const y = tf.cast(tf.greater(tf.randomUniform([batch, 1], 0, 1, 'float32', 2), 0.5), 'float32');
  return { x, y };
}

/** Seeded images and one-hot labels of the CNN row (batch 64). */
export function cnnInputs() {
  const x = tf.randomNormal([64, 28, 28, 1], 0, 1, 'float32', 3);
  const y = tf.oneHot(tf.randomUniform([64], 0, 10, 'int32', 4), 10);
  return { x, y };
}

/** Whether /usr/bin/python3 can import torch (Debian's python3-torch). */
export const hasTorch = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** PyTorch's ms per step of `config` ({ model: 'dense', width, batch, features } or { model: 'cnn', batch }) over a round of `ms`; null without torch. */
export function pytorchMs(config, ms) {
  if (!hasTorch) return null;
  const out = execFileSync(
    '/usr/bin/python3',
    [TORCH_SCRIPT, JSON.stringify({ ...config, seconds: ms / 1000 })],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').at(-1)).ms;
}

async function roundMs(model, x, y, ms) {
  const start = performance.now();
  let n = 0;
  while (n === 0 || performance.now() - start < ms) {
    await model.trainOnBatch(x, y);
    n++;
  }
  return (performance.now() - start) / n;
}

/**
 * Times each contender of `builders` ({ name: { build, kernels } }) on (x, y), with `setKernels`
 * switching the wasm kernels on or off before each, and PyTorch on `torchConfig` (when `torch`),
 * interleaved over `rounds` rounds of `ms`; returns the best ms per step of each (`torch` too,
 * Infinity when not measured).
 */
export async function measureInterleaved(builders, x, y, torchConfig, options) {
  const { rounds, ms, torch = true, setKernels } = options;
  const best = { torch: Infinity };
  const models = {};
  for (const [name, { build, kernels }] of Object.entries(builders)) {
    setKernels(kernels);
    models[name] = build();
    for (let i = 0; i < 2; i++) await models[name].trainOnBatch(x, y); // warm-up
    best[name] = Infinity;
  }
  for (let r = 0; r < rounds; r++) {
    const t = torch ? pytorchMs(torchConfig, ms) : null;
    if (t !== null) best.torch = Math.min(best.torch, t);
    for (const [name, { kernels }] of Object.entries(builders)) {
      setKernels(kernels);
      best[name] = Math.min(best[name], await roundMs(models[name], x, y, ms));
    }
  }
  setKernels(false);
  for (const m of Object.values(models)) m.dispose();
  return best;
}
