// The full bnkit stack on tfjs's wasm backend, one training step (trainOnBatch): @bnkit/wasm-kernels
// registered, @bnkit/layers' BatchNormalization and fusedAdam, against stock tfjs (tfjs-layers'
// BatchNormalization, tf.train.adam, tfjs-backend-wasm's own kernels) and against PyTorch on one
// thread (packages/wasm-kernels/bench/reference_pytorch.py, the same models). Rows: issue 13's five
// Dense(w, relu) → BN → Dense(w, relu) → BN → Dense(1, sigmoid) sizes and the small MNIST CNN
// (conv 3×3 32, conv 3×3 64, BN, max pool, Dense 128, Dense 10; batch 64), which stock wasm
// cannot train. Interleaved: for each model, PyTorch, stock and bnkit in turn, round after round;
// each one's best round is kept (other processes on the machine only ever add time).
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { batchNormalization, fusedAdam } from '@bnkit/layers';
import { registerWasmKernels, unregisterWasmKernels } from '@bnkit/wasm-kernels';
import { recordBenchRow } from '../../../tools/bench/report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const TORCH_SCRIPT = path.join(here, '../../wasm-kernels/bench/reference_pytorch.py');

export const DENSE_ROWS = [
  [64, 32, 20],
  [256, 32, 20],
  [1024, 32, 20],
  [256, 256, 20],
  [1024, 256, 256],
];

function pytorchMs(config, roundMs) {
  const out = execFileSync(
    '/usr/bin/python3',
    [TORCH_SCRIPT, JSON.stringify({ ...config, seconds: roundMs / 1000 })],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').at(-1)).ms;
}

/** `stack`: bnkit's BN and fusedAdam; `stock`: tfjs-layers' BN and tf.train.adam. */
function denseModel(width, features, stack) {
  const bn = () => (stack ? batchNormalization() : tfl.layers.batchNormalization());
  const m = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: width, activation: 'relu', inputShape: [features] }),
      bn(),
      tfl.layers.dense({ units: width, activation: 'relu' }),
      bn(),
      tfl.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  m.compile({
    optimizer: stack ? fusedAdam(1e-3) : tf.train.adam(1e-3, 0.9, 0.999, 1e-7),
    loss: 'binaryCrossentropy',
  });
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
      batchNormalization(),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 128, activation: 'relu' }),
      tfl.layers.dense({ units: 10 }),
    ],
  });
  m.compile({
    optimizer: fusedAdam(1e-3),
    loss: (yTrue, yPred) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
  });
  return m;
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

function useKernels(on) {
  if (on) registerWasmKernels();
  else unregisterWasmKernels();
}

async function measure(builders, x, y, torchConfig, { rounds, ms, torch }) {
  const best = { torch: Infinity };
  const models = {};
  for (const [name, { build, kernels }] of Object.entries(builders)) {
    useKernels(kernels);
    models[name] = build();
    for (let i = 0; i < 2; i++) await models[name].trainOnBatch(x, y); // warm-up
    best[name] = Infinity;
  }
  for (let r = 0; r < rounds; r++) {
    if (torch) best.torch = Math.min(best.torch, pytorchMs(torchConfig, ms));
    for (const [name, { kernels }] of Object.entries(builders)) {
      useKernels(kernels);
      best[name] = Math.min(best[name], await roundMs(models[name], x, y, ms));
    }
  }
  unregisterWasmKernels();
  for (const m of Object.values(models)) m.dispose();
  return best;
}

function record(what, best, torchTarget) {
  const torch = Number.isFinite(best.torch) ? best.torch : null;
  recordBenchRow({
    what: `${what}, full bnkit stack: vs PyTorch (1 thread)`,
    ours: best.bnkit,
    reference: torch,
    referenceName: 'PyTorch',
    unit: 'ms/step',
    target: `within ${torchTarget}x of PyTorch (ratio >= ${(1 / torchTarget).toFixed(2)}x)`,
  });
  const stock = Number.isFinite(best.stock ?? Infinity) ? best.stock : null;
  recordBenchRow({
    what: `${what}, full bnkit stack: vs stock tfjs wasm`,
    ours: best.bnkit,
    reference: stock,
    referenceName: stock === null ? 'stock wasm cannot train it' : 'tfjs-layers BN, tf.train.adam',
    unit: 'ms/step',
    target: 'not slower (ratio >= 1x)',
  });
}

/** Times every row and records it; the wasm backend must be active. */
export async function benchTrainSteps({ quick = false, torch = true } = {}) {
  const options = { rounds: quick ? 2 : 3, ms: quick ? 300 : 800, torch };
  for (const [width, batch, features] of DENSE_ROWS) {
    const x = tf.randomNormal([batch, features], 0, 1, 'float32', 1);
    const y = tf.cast(tf.greater(tf.randomUniform([batch, 1], 0, 1, 'float32', 2), 0.5), 'float32');
    const best = await measure(
      {
        stock: { build: () => denseModel(width, features, false), kernels: false },
        bnkit: { build: () => denseModel(width, features, true), kernels: true },
      },
      x,
      y,
      { model: 'dense', width, batch, features },
      options,
    );
    console.log(
      `Dense ${width}, batch ${batch}, ${features} features: bnkit stack ${best.bnkit.toFixed(2)} ms, stock ${best.stock.toFixed(2)} ms, PyTorch ${best.torch.toFixed(2)} ms`,
    );
    record(`train step, Dense ${width} BN x2, batch ${batch}, ${features} features`, best, 3);
    tf.dispose([x, y]);
  }
  const x = tf.randomNormal([64, 28, 28, 1], 0, 1, 'float32', 3);
  const y = tf.oneHot(tf.randomUniform([64], 0, 10, 'int32', 4), 10);
  const best = await measure(
    { bnkit: { build: cnnModel, kernels: true } },
    x,
    y,
    { model: 'cnn', batch: 64 },
    options,
  );
  console.log(
    `MNIST CNN: bnkit stack ${best.bnkit.toFixed(0)} ms, PyTorch ${best.torch.toFixed(0)} ms`,
  );
  record('train step, MNIST CNN (conv32, conv64, BN, pool, dense128), batch 64', best, 5);
  tf.dispose([x, y]);
}
