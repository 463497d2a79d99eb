import * as tf from '@tensorflow/tfjs-core';
import { expectClose, loadBackends, randomInt, runOn, seededRandom } from '../test/helpers.js';
import { simplifyTranspose } from './transpose.js';
import { registerWasmKernels, unregisterWasmKernels } from './register-wasm-kernels.js';

function shuffled(rand: () => number, n: number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j] as number, a[i] as number];
  }
  return a;
}

const rand = seededRandom(41);
const shapes = Array.from({ length: 20 }, (_, i) => {
  const rank = 1 + (i % 5);
  return {
    shape: Array.from({ length: rank }, () =>
      randomInt(rand, 1, rank <= 2 && i % 2 === 0 ? 70 : 8),
    ),
    perm: shuffled(rand, rank),
    dtype: (['float32', 'int32', 'bool'] as const)[i % 3] as 'float32' | 'int32' | 'bool',
    reps: Array.from({ length: rank }, () => randomInt(rand, 1, 3)),
    axes: shuffled(rand, rank).slice(0, randomInt(rand, 1, rank)),
    keepDims: i % 2 === 0,
    seed: i + 1,
  };
});

function input(c: (typeof shapes)[number]): tf.Tensor {
  const x = tf.mul(tf.randomNormal(c.shape, 0, 3, 'float32', c.seed), 1);
  return c.dtype === 'float32' ? x : tf.cast(c.dtype === 'bool' ? tf.greater(x, 0) : x, c.dtype);
}

describe('Transpose, Tile and the reductions on wasm', () => {
  beforeAll(() => loadBackends());
  afterEach(() => unregisterWasmKernels());

  it('simplifies permutations by dropping size-1 axes and merging neighbours', () => {
    expect(simplifyTranspose([64, 24, 24, 64], [3, 0, 1, 2])).toEqual({
      shape: [36864, 64],
      perm: [1, 0],
    });
    expect(simplifyTranspose([2, 1, 3, 4], [0, 2, 3, 1])).toEqual({ shape: [24], perm: [0] });
    expect(simplifyTranspose([5, 6, 7], [0, 2, 1])).toEqual({ shape: [5, 6, 7], perm: [0, 2, 1] });
    // Axes 1 and 3 are neighbours once axis 2 (size 1) is gone: no transposition left.
    expect(simplifyTranspose([1, 4, 1, 2], [1, 2, 0, 3])).toEqual({ shape: [8], perm: [0] });
  });

  it.each(shapes)('Transpose and Tile match the stock kernels: %j', async (c) => {
    const f = () => [
      tf.cast(tf.transpose(input(c), c.perm), 'float32'),
      tf.cast(tf.tile(input(c), c.reps), 'float32'),
    ];
    const stock = await runOn('wasm', f);
    registerWasmKernels();
    expectClose(await runOn('wasm', f), stock, 1e-12);
  });

  it.each(shapes.filter((c) => c.dtype !== 'bool'))(
    'Sum, Mean, Max, Min and Prod match the stock kernels: %j',
    async (c) => {
      const f = () => {
        const x = tf.cast(input(c), 'float32');
        const small = tf.div(x, 4);
        return [
          tf.sum(x, c.axes, c.keepDims),
          tf.mean(x, c.axes, c.keepDims),
          tf.max(x, c.axes, c.keepDims),
          tf.min(x, c.axes, c.keepDims),
          tf.prod(small, c.axes, c.keepDims),
        ];
      };
      const stock = await runOn('wasm', f);
      registerWasmKernels();
      // Sums and means over leading axes accumulate in float64 here, in float32 in stock wasm.
      expectClose(await runOn('wasm', f), stock, 1e-5);
    },
  );
});
