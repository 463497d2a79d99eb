import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers tfjs's gradients
import { expectClose, loadBackends, randomInt, runOn, seededRandom } from '../test/helpers.js';
import { registerWasmKernels, unregisterWasmKernels } from './register-wasm-kernels.js';

describe('MaxPoolGrad on wasm', () => {
  beforeAll(() => loadBackends());
  afterEach(() => unregisterWasmKernels());

  it('the stock kernel drops the gradient of tied windows; ours routes it as cpu does', async () => {
    const f = () =>
      tf.grad((x: tf.Tensor) => tf.sum(tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid')))(
        tf.zeros([1, 4, 4, 1]),
      );
    const expected = [1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0];
    expect(Array.from((await runOn('cpu', f))[0]?.values ?? [])).toEqual(expected);
    expect(Array.from((await runOn('wasm', f))[0]?.values ?? [])).not.toEqual(expected);
    registerWasmKernels();
    expect(Array.from((await runOn('wasm', f))[0]?.values ?? [])).toEqual(expected);
  });

  const rand = seededRandom(31);
  // A number padding comes with a square window: tfjs 4.22 sizes that output from the window
  // height alone, and stock wasm's MaxPool then writes past its output.
  const cases = Array.from({ length: 16 }, (_, i) => {
    const k = randomInt(rand, 1, 3);
    const kw = randomInt(rand, 1, 3);
    return {
      x: [
        randomInt(rand, 1, 3),
        randomInt(rand, k, 9),
        randomInt(rand, k, 9),
        randomInt(rand, 1, 4),
      ],
      filterSize: [k, i % 3 === 2 ? k : kw] as [number, number],
      strides: [randomInt(rand, 1, 3), randomInt(rand, 1, 3)] as [number, number],
      pad: (['same', 'valid', 1] as const)[i % 3] as 'same' | 'valid' | number,
      seed: i + 1,
    };
  });

  it.each(cases)('matches the cpu backend, ties included: %j', async (c) => {
    const f = () => {
      // Rounded values: many windows hold equal maxima.
      const x = tf.round(tf.randomNormal(c.x, 0, 1, 'float32', c.seed));
      const pool = (t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, c.filterSize, c.strides, c.pad);
      const w = tf.randomNormal(pool(x).shape, 0, 1, 'float32', c.seed + 100);
      return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(pool(t), w)))(x);
    };
    const cpu = await runOn('cpu', f);
    registerWasmKernels();
    expectClose(await runOn('wasm', f), cpu, 1e-6);
  });
});
