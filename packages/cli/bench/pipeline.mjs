// The reference pipeline's training, as `bnkit demo` runs it (make_classification 1000 × 20,
// train_test_split 0.2, Dense 64 → BN → Dense 64 → BN → Dense 1, Adam, batch 32, validation every
// epoch), timed over its 50 epochs against PyTorch doing the same (bench/reference_pytorch.py,
// Debian's python3-torch on one thread). On wasm: bnkit with @bnkit/wasm-kernels (the CLI's
// default), bnkit with tfjs-backend-wasm's own kernels (--no-wasm-kernels), plain tfjs
// (tfjs-layers' BatchNormalization and tf.train.adam on stock wasm) and bnkit without BN; on cpu:
// bnkit, plain tfjs and no BN. Every configuration trains a few epochs first (JIT, wasm), then
// PyTorch and every configuration run in turn, REPEATS times, keeping each one's best.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { buildReferenceModel, referenceData } from '@bnkit/cli';
import { toTensors, toTfDataset } from '@bnkit/datasets';
import { registerWasmKernels, unregisterWasmKernels } from '@bnkit/wasm-kernels';
import { recordBenchRow } from '../../../tools/bench/report.mjs';
import { tfjsReferenceModel } from '../../../tools/bench/reference-model.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const WARMUP_EPOCHS = 3;

async function timeTraining(model, data, epochs) {
  const test = toTensors(data.test);
  const start = process.hrtime.bigint();
  const history = await model.fitDataset(
    toTfDataset(data.train, { batchSize: 32, shuffle: true, seed: 42 }),
    { epochs, validationData: [test.xs, test.ys], verbose: 0 },
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  tf.dispose([test.xs, test.ys]);
  model.dispose();
  return { seconds, valAcc: history.history.val_acc.at(-1) };
}

function pytorchRun(epochs) {
  if (!fs.existsSync('/usr/bin/python3')) return null;
  try {
    const out = execFileSync(
      '/usr/bin/python3',
      [path.join(here, 'reference_pytorch.py'), String(epochs)],
      { encoding: 'utf8' },
    );
    return JSON.parse(out.trim().split('\n').at(-1));
  } catch (error) {
    console.warn(`PyTorch reference skipped: ${error.message.split('\n')[0]}`);
    return null;
  }
}

/** The configurations, in the order they are timed; `kernels` only matters on wasm. */
function configurations(nFeatures) {
  const bnkit = () => buildReferenceModel({ nFeatures, seed: 42 });
  const wasm = {
    'wasm, bnkit kernels': { backend: 'wasm', kernels: true, build: bnkit },
    'wasm, stock kernels': { backend: 'wasm', kernels: false, build: bnkit },
    'wasm, plain tfjs': {
      backend: 'wasm',
      kernels: false,
      build: () => tfjsReferenceModel({ nFeatures, seed: 42, compile: true }),
    },
    'wasm, bnkit kernels, no BN': {
      backend: 'wasm',
      kernels: true,
      build: () => buildReferenceModel({ nFeatures, seed: 42, normalization: 'none' }),
    },
  };
  const cpu = {
    'cpu, bnkit': { backend: 'cpu', build: bnkit },
    'cpu, plain tfjs': {
      backend: 'cpu',
      build: () => tfjsReferenceModel({ nFeatures, seed: 42, compile: true }),
    },
    'cpu, bnkit, no BN': {
      backend: 'cpu',
      build: () => buildReferenceModel({ nFeatures, seed: 42, normalization: 'none' }),
    },
  };
  return { ...wasm, ...cpu };
}

async function use({ backend, kernels }) {
  if (tf.getBackend() !== backend) {
    await tf.setBackend(backend);
    await tf.ready();
  }
  if (backend === 'wasm') {
    if (kernels) registerWasmKernels();
    else unregisterWasmKernels();
  }
}

/**
 * Times the pipeline's training in every configuration and PyTorch, interleaved, and records the
 * rows. `backends` limits the tfjs backends timed (default wasm and cpu).
 */
export async function benchPipeline({ epochs = 50, repeats = 2, backends = ['wasm', 'cpu'] } = {}) {
  const data = referenceData(42);
  const all = Object.entries(configurations(data.nFeatures)).filter(([, c]) =>
    backends.includes(c.backend),
  );
  for (const [, config] of all) {
    await use(config);
    await timeTraining(config.build(), data, WARMUP_EPOCHS);
  }
  const best = {};
  let torch = null;
  for (let r = 0; r < repeats; r++) {
    const run = pytorchRun(epochs);
    if (run && (!torch || run.seconds < torch.seconds)) torch = run;
    for (const [name, config] of all) {
      await use(config);
      const timed = await timeTraining(config.build(), data, epochs);
      console.log(`  round ${r + 1}: ${name} ${timed.seconds.toFixed(2)} s`);
      if (!best[name] || timed.seconds < best[name].seconds) best[name] = timed;
    }
    if (run) console.log(`  round ${r + 1}: PyTorch ${run.seconds.toFixed(2)} s`);
  }
  unregisterWasmKernels();
  for (const [name, run] of Object.entries(best)) {
    console.log(`${name}: ${run.seconds.toFixed(2)} s (test accuracy ${run.valAcc.toFixed(3)})`);
  }
  if (torch) {
    console.log(
      `PyTorch: ${torch.seconds.toFixed(2)} s (test accuracy ${torch.test_accuracy.toFixed(3)})`,
    );
  }

  const pipeline = `reference pipeline, ${epochs} epochs`;
  const vsTorch = (name, label) =>
    best[name] &&
    recordBenchRow({
      what: `${pipeline}, ${label} vs PyTorch`,
      ours: best[name].seconds,
      reference: torch?.seconds ?? null,
      referenceName: torch ? 'PyTorch 1.13 CPU, 1 thread' : 'PyTorch not installed',
      unit: 's',
      target: '>= 0.5x (within 2x of PyTorch)',
    });
  const versus = (name, other, label, referenceName, target) =>
    best[name] &&
    best[other] &&
    recordBenchRow({
      what: `${pipeline}, ${label}`,
      ours: best[name].seconds,
      reference: best[other].seconds,
      referenceName,
      unit: 's',
      target,
    });
  vsTorch('wasm, bnkit kernels', 'wasm + bnkit kernels (CLI default)');
  vsTorch('wasm, stock kernels', 'wasm, stock kernels (--no-wasm-kernels)');
  versus(
    'wasm, bnkit kernels',
    'wasm, stock kernels',
    'wasm: bnkit kernels vs stock kernels',
    'bnkit, --no-wasm-kernels',
    'not slower (ratio >= 1x)',
  );
  versus(
    'wasm, bnkit kernels',
    'wasm, plain tfjs',
    'wasm: bnkit (kernels, BN, fusedAdam) vs plain tfjs',
    'tfjs-layers BN, tf.train.adam, stock wasm',
  );
  versus(
    'wasm, bnkit kernels',
    'wasm, bnkit kernels, no BN',
    'wasm: bnkit BN vs no BN',
    'no BN',
    '>= 0.8x (BN costs <= 1.25x)',
  );
  vsTorch('cpu, bnkit', 'cpu');
  versus(
    'cpu, bnkit',
    'cpu, plain tfjs',
    'cpu: bnkit vs plain tfjs',
    'tfjs-layers BN, tf.train.adam',
  );
  versus(
    'cpu, bnkit',
    'cpu, bnkit, no BN',
    'cpu: bnkit BN vs no BN',
    'no BN',
    '>= 0.8x (BN costs <= 1.25x)',
  );
}
