// Where transposing first starts to pay for a product with a transposed operand on wasm: times
// square products n×n·(n×n)ᵀ and (n×n)ᵀ·n×n with the stock kernel and with the transpose-first
// path (the kernels registered, the size threshold set aside by calling the plan's path through
// an explicit transpose), in turn, best of several rounds. The crossover sets
// STOCK_BELOW_MULTIPLY_ADDS in src/mat-mul-plan.ts.
// Run: node bench/thresholds.mjs (after npx nx build @bnkit/wasm-kernels)
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels, unregisterWasmKernels } from '@bnkit/wasm-kernels';

function best(fn, iterations = 200, rounds = 5) {
  for (let i = 0; i < 20; i++) fn();
  let min = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) fn();
    min = Math.min(min, ((performance.now() - start) / iterations) * 1000);
  }
  return min;
}

await tf.setBackend('wasm');
console.log('n    n³      stock tA / tB (µs)    transpose first tA / tB (µs)');
for (const n of [4, 8, 12, 16, 20, 24, 32, 48]) {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  unregisterWasmKernels();
  const stock = [
    best(() => tf.matMul(a, b, true, false).dispose()),
    best(() => tf.matMul(a, b, false, true).dispose()),
  ];
  registerWasmKernels();
  const first = [
    best(() => tf.tidy(() => tf.matMul(tf.transpose(a), b)).dispose()),
    best(() => tf.tidy(() => tf.matMul(a, tf.transpose(b))).dispose()),
  ];
  unregisterWasmKernels();
  const f = (v) => v.toFixed(1).padStart(6);
  console.log(
    `${String(n).padEnd(4)} ${String(n ** 3).padEnd(7)} ${f(stock[0])} / ${f(stock[1])}         ${f(first[0])} / ${f(first[1])}`,
  );
  tf.dispose([a, b]);
}
