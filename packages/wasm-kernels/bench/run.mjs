// Benchmarks of @bnkit/wasm-kernels: one training step (trainOnBatch, Adam) on tfjs's wasm backend
// with the kernels registered, against stock tfjs-backend-wasm 4.22 and against PyTorch on one
// thread (Debian's python3-torch via /usr/bin/python3; that column is left out with a note when
// it is not installed). Rows: Dense(w, relu) → BN → Dense(w, relu) → BN → Dense(1, sigmoid) for
// (w, batch, features) in the five sizes, and the small MNIST CNN (conv 3×3 32, conv 3×3
// 64, BN, max pool, Dense 128, Dense 10; batch 64), which stock wasm cannot train.
// Run: npm run bench -w @bnkit/wasm-kernels (needs a build: npx nx build @bnkit/wasm-kernels);
// `--quick` for fewer rounds. Measurements are interleaved: for each model, PyTorch, stock and
// bnkit are timed in turn, round after round, and each one's best round is kept.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels, unregisterWasmKernels } from '@bnkit/wasm-kernels';
import { recordBenchRow } from '../../../tools/bench/report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 2 : 3;
const ROUND_MS = quick ? 300 : 800;

const DENSE_ROWS = [
  [64, 32, 20],
  [256, 32, 20],
  [1024, 32, 20],
  [256, 256, 20],
  [1024, 256, 256],
];

const hasTorch = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasTorch) {
  console.log(
    'PyTorch column left out: /usr/bin/python3 cannot import torch (apt-get install -y python3-torch).',
  );
}

function pytorchMs(config) {
  if (!hasTorch) return null;
  const out = execFileSync(
    '/usr/bin/python3',
    [
      path.join(here, 'reference_pytorch.py'),
      JSON.stringify({ ...config, seconds: ROUND_MS / 1000 }),
    ],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').at(-1)).ms;
}

function denseModel(width, features) {
  const m = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: width, activation: 'relu', inputShape: [features] }),
      tfl.layers.batchNormalization(),
      tfl.layers.dense({ units: width, activation: 'relu' }),
      tfl.layers.batchNormalization(),
      tfl.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  m.compile({ optimizer: tf.train.adam(1e-3, 0.9, 0.999, 1e-7), loss: 'binaryCrossentropy' });
  return m;
}

function cnnModel() {
  const m = tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        filters: 32,
        kernelSize: 3,
        activation: 'relu',
        inputShape: [28, 28, 1],
      }),
      tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      tfl.layers.batchNormalization(),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 128, activation: 'relu' }),
      tfl.layers.dense({ units: 10 }),
    ],
  });
  m.compile({
    optimizer: tf.train.adam(1e-3, 0.9, 0.999, 1e-7),
    loss: (yTrue, yPred) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
  });
  return m;
}

/** Milliseconds per step over one round of about ROUND_MS (at least one step). */
async function roundMs(model, x, y) {
  const start = performance.now();
  let n = 0;
  while (n === 0 || performance.now() - start < ROUND_MS) {
    await model.trainOnBatch(x, y);
    n++;
  }
  return (performance.now() - start) / n;
}

/** Stock and bnkit (and PyTorch) in turn, ROUNDS times; the best round of each. */
async function measure(makeModel, x, y, torchConfig, { stockWorks = true } = {}) {
  const best = { stock: Infinity, bnkit: Infinity, torch: Infinity };
  const models = {};
  for (const which of stockWorks ? ['stock', 'bnkit'] : ['bnkit']) {
    if (which === 'bnkit') registerWasmKernels();
    else unregisterWasmKernels();
    models[which] = makeModel();
    for (let i = 0; i < 2; i++) await models[which].trainOnBatch(x, y); // warm-up
  }
  for (let r = 0; r < ROUNDS; r++) {
    const t = pytorchMs(torchConfig);
    if (t !== null) best.torch = Math.min(best.torch, t);
    for (const which of Object.keys(models)) {
      if (which === 'bnkit') registerWasmKernels();
      else unregisterWasmKernels();
      best[which] = Math.min(best[which], await roundMs(models[which], x, y));
    }
  }
  unregisterWasmKernels();
  for (const m of Object.values(models)) m.dispose();
  return best;
}

function record(what, best, target) {
  const torch = Number.isFinite(best.torch) ? best.torch : null;
  recordBenchRow({
    what: `${what}: vs PyTorch (1 thread)`,
    ours: best.bnkit,
    reference: torch,
    referenceName: 'PyTorch',
    unit: 'ms/step',
    target: `${target} (ratio >= ${(1 / Number(target.match(/[\d.]+/)[0])).toFixed(2)}x)`,
  });
  recordBenchRow({
    what: `${what}: vs stock tfjs wasm`,
    ours: best.bnkit,
    reference: Number.isFinite(best.stock) ? best.stock : null,
    referenceName: Number.isFinite(best.stock) ? 'stock wasm' : 'stock wasm cannot train it',
    unit: 'ms/step',
    target: 'not slower (ratio >= 1x)',
  });
}

await tf.setBackend('wasm');
for (const [width, batch, features] of DENSE_ROWS) {
  const x = tf.randomNormal([batch, features], 0, 1, 'float32', 1);
  const y = tf.cast(tf.greater(tf.randomUniform([batch, 1], 0, 1, 'float32', 2), 0.5), 'float32');
  const best = await measure(() => denseModel(width, features), x, y, {
    model: 'dense',
    width,
    batch,
    features,
  });
  record(
    `train step, Dense ${width} BN x2, batch ${batch}, ${features} features`,
    best,
    'within 3x of PyTorch',
  );
  tf.dispose([x, y]);
}
{
  const x = tf.randomNormal([64, 28, 28, 1], 0, 1, 'float32', 3);
  const y = tf.oneHot(tf.randomUniform([64], 0, 10, 'int32', 4), 10);
  const best = await measure(cnnModel, x, y, { model: 'cnn', batch: 64 }, { stockWorks: false });
  record(
    'train step, MNIST CNN (conv32, conv64, BN, pool, dense128), batch 64',
    best,
    'within 5x of PyTorch',
  );
  tf.dispose([x, y]);
}
if (!fs.existsSync('/usr/bin/python3')) console.log('No /usr/bin/python3: PyTorch column empty.');
