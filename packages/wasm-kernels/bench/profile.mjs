// Profiles one training step on wasm with the kernels registered (tf.profile): the kernels that
// take the most time, summed by name and input shapes. Run after a build:
//   node bench/profile.mjs cnn            the bench's MNIST CNN, batch 64
//   node bench/profile.mjs 1024,32,20     the Dense/BN model (width, batch, features)
//   add --stock to profile stock tfjs-backend-wasm instead
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '@bnkit/wasm-kernels';
import { cnnInputs, cnnModel, denseInputs, denseModel } from '../../../tools/bench/train-step.mjs';

if (!process.argv.includes('--stock')) registerWasmKernels();
await tf.setBackend('wasm');
const which = process.argv[2];
let m, x, y;
if (which === 'cnn') {
  m = cnnModel();
  ({ x, y } = cnnInputs());
} else {
  const [w, b, f] = which.split(',').map(Number);
  m = denseModel(w, f);
  ({ x, y } = denseInputs(b, f));
}
for (let i = 0; i < 3; i++) await m.trainOnBatch(x, y);
const t0 = performance.now();
await m.trainOnBatch(x, y);
console.log('step ms', performance.now() - t0);
const info = await tf.profile(async () => {
  await m.trainOnBatch(x, y);
});
const agg = {};
for (const k of info.kernels) {
  const key = k.name + ' ' + JSON.stringify(k.inputShapes);
  agg[key] = agg[key] || { ms: 0, n: 0 };
  agg[key].ms += k.kernelTimeMs;
  agg[key].n++;
}
const total = info.kernels.reduce((s, k) => s + k.kernelTimeMs, 0);
console.log('kernels', info.kernels.length, 'total kernel ms', total.toFixed(1));
for (const [k, v] of Object.entries(agg)
  .sort((a, b) => b[1].ms - a[1].ms)
  .slice(0, 18))
  console.log(v.ms.toFixed(2), v.n, k);
