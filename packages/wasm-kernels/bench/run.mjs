// Benchmarks of @bnkit/wasm-kernels: one training step (trainOnBatch, Adam) on tfjs's wasm backend
// with the kernels registered, against stock tfjs-backend-wasm 4.22 and against PyTorch on one
// thread (Debian's python3-torch via /usr/bin/python3; that column is left out with a note when
// it is not installed). Rows: Dense(w, relu) → BN → Dense(w, relu) → BN → Dense(1, sigmoid) for
// (w, batch, features) in the five sizes, and the small MNIST CNN (conv 3×3 32, conv 3×3
// 64, BN, max pool, Dense 128, Dense 10; batch 64), which stock wasm cannot train.
// Run: npm run bench -w @bnkit/wasm-kernels (needs a build: npx nx build @bnkit/wasm-kernels);
// `--quick` for fewer rounds. Measurements are interleaved: for each model, PyTorch, stock and
// bnkit are timed in turn, round after round, and each one's best round is kept.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels, unregisterWasmKernels } from '@bnkit/wasm-kernels';
import { recordBenchRow } from '../../../tools/bench/report.mjs';
import {
  cnnInputs,
  cnnModel,
  DENSE_ROWS,
  denseInputs,
  denseModel,
  hasTorch,
  measureInterleaved,
} from '../../../tools/bench/train-step.mjs';

const quick = process.argv.includes('--quick');
const OPTIONS = {
  rounds: quick ? 2 : 3,
  ms: quick ? 300 : 800,
  setKernels: (on) => (on ? registerWasmKernels() : unregisterWasmKernels()),
};
if (!hasTorch) {
  console.log(
    'PyTorch column left out: /usr/bin/python3 cannot import torch (apt-get install -y python3-torch).',
  );
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
  const { x, y } = denseInputs(batch, features);
  const build = () => denseModel(width, features);
  const best = await measureInterleaved(
    { stock: { build, kernels: false }, bnkit: { build, kernels: true } },
    x,
    y,
    { model: 'dense', width, batch, features },
    OPTIONS,
  );
  record(
    `train step, Dense ${width} BN x2, batch ${batch}, ${features} features`,
    best,
    'within 3x of PyTorch',
  );
  tf.dispose([x, y]);
}
{
  const { x, y } = cnnInputs();
  const best = await measureInterleaved(
    { bnkit: { build: () => cnnModel(), kernels: true } },
    x,
    y,
    { model: 'cnn', batch: 64 },
    OPTIONS,
  );
  record(
    'train step, MNIST CNN (conv32, conv64, BN, pool, dense128), batch 64',
    best,
    'within 5x of PyTorch',
  );
  tf.dispose([x, y]);
}
