// The full bnkit stack on tfjs's wasm backend, one training step (trainOnBatch): @bnkit/wasm-kernels
// registered, @bnkit/layers' BatchNormalization and fusedAdam, against stock tfjs (tfjs-layers'
// BatchNormalization, tf.train.adam, tfjs-backend-wasm's own kernels) and against PyTorch on one
// thread (packages/wasm-kernels/bench/reference_pytorch.py, the same models). Rows: issue 13's five
// Dense(w, relu) → BN → Dense(w, relu) → BN → Dense(1, sigmoid) sizes and the small MNIST CNN
// (conv 3×3 32, conv 3×3 64, BN, max pool, Dense 128, Dense 10; batch 64), which stock wasm
// cannot train. Interleaved: for each model, PyTorch, stock and bnkit in turn, round after round;
// each one's best round is kept (other processes on the machine only ever add time).
import * as tf from '@tensorflow/tfjs-core';
import { batchNormalization, fusedAdam } from '@bnkit/layers';
import { registerWasmKernels, unregisterWasmKernels } from '@bnkit/wasm-kernels';
import { recordBenchRow } from '../../../tools/bench/report.mjs';
import {
  cnnInputs,
  cnnModel,
  DENSE_ROWS,
  denseInputs,
  denseModel,
  measureInterleaved,
} from '../../../tools/bench/train-step.mjs';

/** bnkit's BN and fusedAdam, for the models of tools/bench/train-step.mjs. */
const STACK = { bn: () => batchNormalization(), optimizer: () => fusedAdam(1e-3) };

const setKernels = (on) => (on ? registerWasmKernels() : unregisterWasmKernels());

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
  const options = { rounds: quick ? 2 : 3, ms: quick ? 300 : 800, torch, setKernels };
  for (const [width, batch, features] of DENSE_ROWS) {
    const { x, y } = denseInputs(batch, features);
    const best = await measureInterleaved(
      {
        stock: { build: () => denseModel(width, features), kernels: false },
        bnkit: { build: () => denseModel(width, features, STACK), kernels: true },
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
  const { x, y } = cnnInputs();
  const best = await measureInterleaved(
    { bnkit: { build: () => cnnModel(STACK), kernels: true } },
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
