import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers tfjs's gradients
import { expectClose, loadBackends, randomInt, runOn, seededRandom } from '../test/helpers.js';
import { registerWasmKernels, unregisterWasmKernels } from './register-wasm-kernels.js';

type Case = { a: number[]; b: number[]; tA: boolean; tB: boolean; seed: number };

/** Random products (seeded): every transpose combination, batches, broadcast batches. */
function cases(count: number): Case[] {
  const rand = seededRandom(13);
  const out: Case[] = [];
  for (let i = 0; i < count; i++) {
    const m = randomInt(rand, 1, 70);
    const k = randomInt(rand, 1, 70);
    const n = randomInt(rand, 1, 70);
    const tA = i % 4 === 1 || i % 4 === 3;
    const tB = i % 4 === 2 || i % 4 === 3;
    const batch = i % 3 === 0 ? [] : [randomInt(rand, 1, 3)];
    const bBatch = i % 5 === 4 && batch.length > 0 ? [1] : batch;
    out.push({
      a: [...batch, ...(tA ? [k, m] : [m, k])],
      b: [...bBatch, ...(tB ? [n, k] : [k, n])],
      tA,
      tB,
      seed: i + 1,
    });
  }
  return out;
}

describe('BatchMatMul and _FusedMatMul on wasm', () => {
  beforeAll(() => loadBackends());
  afterEach(() => unregisterWasmKernels());

  it.each(cases(24))('matches the stock kernel: %j', async ({ a, b, tA, tB, seed }) => {
    const f = () =>
      tf.matMul(
        tf.randomNormal(a, 0, 1, 'float32', seed),
        tf.randomNormal(b, 0, 1, 'float32', seed + 100),
        tA,
        tB,
      );
    const stock = await runOn('wasm', f);
    registerWasmKernels();
    expectClose(await runOn('wasm', f), stock, 1e-5);
  });

  // Against cpu, not the stock wasm kernel: tfjs-backend-wasm 4.22's _FusedMatMul is wrong with
  // a transposed operand and a bias (off by up to 2.6 on [24,8]·[53,8]ᵀ), and this package's
  // kernel, which transposes first, is right.
  it.each(cases(12))('fused with bias and relu matches the cpu backend: %j', async (c) => {
    const rank2 = { ...c, a: c.a.slice(-2), b: c.b.slice(-2) };
    const n = (rank2.tB ? rank2.b[0] : rank2.b[1]) as number;
    const f = () =>
      tf.fused.matMul({
        a: tf.randomNormal(rank2.a, 0, 1, 'float32', c.seed),
        b: tf.randomNormal(rank2.b, 0, 1, 'float32', c.seed + 100),
        transposeA: rank2.tA,
        transposeB: rank2.tB,
        bias: tf.randomNormal([n], 0, 1, 'float32', c.seed + 200),
        activation: 'relu',
      });
    const cpu = await runOn('cpu', f);
    registerWasmKernels();
    expectClose(await runOn('wasm', f), cpu, 1e-5);
  });

  it('gives the same gradients through tf.grads as the cpu backend', async () => {
    const f = () => {
      const x = tf.randomNormal([48, 40], 0, 1, 'float32', 1);
      const w = tf.randomNormal([40, 56], 0, 1, 'float32', 2);
      const bias = tf.randomNormal([56], 0, 1, 'float32', 3);
      const w2 = tf.randomNormal([56, 24], 0, 1, 'float32', 4);
      return tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor, ww2: tf.Tensor) =>
        tf.sum(
          tf.square(
            tf.matMul(
              tf.fused.matMul({
                a: xx as tf.Tensor2D,
                b: ww as tf.Tensor2D,
                bias: bb,
                activation: 'relu',
              }),
              ww2 as tf.Tensor2D,
            ),
          ),
        ),
      )([x, w, bias, w2]);
    };
    const cpu = await runOn('cpu', f);
    registerWasmKernels();
    expectClose(await runOn('wasm', f), cpu, 1e-5);
  });
});
