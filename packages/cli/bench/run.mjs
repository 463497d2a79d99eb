// Benchmarks of the whole bnkit stack, which only @bnkit/cli may assemble (kernels, layers,
// optimizer, data):
// - train-step.mjs: one training step of issue 13's five Dense/BN models and the MNIST CNN on
//   wasm with @bnkit/wasm-kernels, @bnkit/layers' BatchNormalization and fusedAdam, against stock
//   tfjs wasm and PyTorch on one thread;
// - pipeline.mjs: the reference pipeline's 50 epochs (the demo's training) on wasm with and
//   without the kernels, plain tfjs, no BN, and on cpu, against PyTorch doing the same.
// Run: npm run bench -w @bnkit/cli (needs a build: NX_DAEMON=false npx nx build @bnkit/cli), also
// part of the root `npm run bench`. `--quick`: fewer rounds; `--steps` or `--pipeline`: one part;
// BNKIT_BENCH_EPOCHS=<n>: a shorter pipeline.
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerLayers } from '@bnkit/layers';
import { benchPipeline } from './pipeline.mjs';
import { benchTrainSteps } from './train-step.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const steps = !args.includes('--pipeline') || args.includes('--steps');
const pipeline = !args.includes('--steps') || args.includes('--pipeline');
const torch = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    console.log(
      'PyTorch left out: /usr/bin/python3 cannot import torch (apt-get install -y python3-torch).',
    );
    return false;
  }
})();
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');

console.log(`@bnkit/cli bench: ${os.cpus().length} cores, load average ${load()}`);
registerLayers();
if (steps) {
  await tf.setBackend('wasm');
  await tf.ready();
  await benchTrainSteps({ quick, torch });
}
if (pipeline) {
  await benchPipeline({
    epochs: Number(process.env.BNKIT_BENCH_EPOCHS ?? 50),
    repeats: 2,
    backends: quick ? ['wasm'] : ['wasm', 'cpu'],
  });
}
console.log(`@bnkit/cli bench done; load average ${load()}`);
