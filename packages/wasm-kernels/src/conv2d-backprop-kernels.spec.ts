import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers tfjs's gradients
import { expectClose, loadBackends, randomInt, runOn, seededRandom } from '../test/helpers.js';
import { registerWasmKernels, unregisterWasmKernels } from './register-wasm-kernels.js';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  dilations: [number, number];
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat: 'NHWC' | 'NCHW';
  seed: number;
}

/**
 * Seeded random convolutions: every padding kind tfjs accepts ('same', 'valid', a number with a
 * rounding mode, explicit pairs), strides 1–3 and, for depthwise, dilations 1–3 (tfjs allows
 * strides or dilations above 1, not both), non-square filters and inputs. A number padding
 * comes with a square filter: tfjs 4.22 sizes the output of a numerically padded convolution
 * from the filter height alone, and wasm's forward Conv2D then writes past its output.
 */
function cases(count: number, depthwise: boolean): ConvCase[] {
  const rand = seededRandom(depthwise ? 29 : 17);
  const out: ConvCase[] = [];
  const roundings = ['floor', 'round', 'ceil'] as const;
  for (let i = 0; i < out.length + count && out.length < count; i++) {
    const kind = i % 4;
    const kh = randomInt(rand, 1, 4);
    const kw = kind === 2 ? kh : randomInt(rand, 1, 4);
    const s = randomInt(rand, 1, 3);
    const d = depthwise && s === 1 ? randomInt(rand, 1, 3) : 1;
    const sw = depthwise ? s : randomInt(rand, 1, 3);
    const h = randomInt(rand, (kh - 1) * d + 2, 13);
    const w = randomInt(rand, (kw - 1) * d + 2, 13);
    const ci = randomInt(rand, 1, 5);
    const co = randomInt(rand, 1, depthwise ? 3 : 6);
    const pad: Pad =
      kind === 0
        ? 'same'
        : kind === 1
          ? 'valid'
          : kind === 2
            ? randomInt(rand, 0, 2)
            : [
                [0, 0],
                [randomInt(rand, 0, 3), randomInt(rand, 0, 3)],
                [randomInt(rand, 0, 3), randomInt(rand, 0, 3)],
                [0, 0],
              ];
    const c: ConvCase = {
      x: [randomInt(rand, 1, 3), h, w, ci],
      filter: [kh, kw, ci, co],
      strides: [s, sw],
      dilations: [d, d],
      pad,
      dataFormat: !depthwise && i % 3 === 2 ? 'NCHW' : 'NHWC',
      seed: i + 1,
    };
    if (kind === 2) c.dimRoundingMode = roundings[i % 3];
    out.push(c);
  }
  return out;
}

function nchw(shape: number[]): number[] {
  return [shape[0], shape[3], shape[1], shape[2]] as number[];
}

function outShape(c: ConvCase, depthwise: boolean): number[] {
  const info = tf.backend_util.computeConv2DInfo(
    c.x,
    c.filter,
    c.strides,
    c.dilations,
    c.pad,
    c.dimRoundingMode,
    depthwise,
  );
  return info.outShape;
}

/** `[kh, kw, c, m]` spread to the filter a dilation `d` reads: `[(kh−1)d+1, (kw−1)d+1, c, m]`. */
function dilateFilter(w: tf.Tensor, d: number): tf.Tensor {
  const [kh, kw, c, m] = w.shape as number[] as [number, number, number, number];
  const spread = tf.pad(tf.reshape(w, [kh, 1, kw, 1, c, m]), [
    [0, 0],
    [0, d - 1],
    [0, 0],
    [0, d - 1],
    [0, 0],
    [0, 0],
  ]);
  return tf.slice(
    tf.reshape(spread, [kh * d, kw * d, c, m]),
    [0, 0, 0, 0],
    [(kh - 1) * d + 1, (kw - 1) * d + 1, c, m],
  );
}

/**
 * Both gradient kernels of one case, called directly (NCHW included). With `dilatedReference`
 * (for the cpu backend, whose depthwise backprop kernels ignore dilations), a dilated
 * convolution is run as the undilated one with the zero-spread filter it reads, and the filter
 * gradient is read back at the filter's taps: the same linear map, computed another way.
 */
function gradients(c: ConvCase, depthwise: boolean, dilatedReference = false): () => tf.Tensor[] {
  const dyShape = outShape(c, depthwise);
  const layout = (s: number[]) => (c.dataFormat === 'NCHW' ? nchw(s) : s);
  const pad =
    c.dataFormat === 'NCHW' && Array.isArray(c.pad)
      ? [0, 3, 1, 2].map((i) => c.pad[i as never])
      : c.pad;
  return () => {
    const x = tf.randomNormal(layout(c.x), 0, 1, 'float32', c.seed);
    const filter = tf.randomNormal(c.filter, 0, 1, 'float32', c.seed + 1000);
    const dy = tf.randomNormal(layout(dyShape), 0, 1, 'float32', c.seed + 2000);
    const common = { strides: c.strides, pad, dimRoundingMode: c.dimRoundingMode };
    if (depthwise) {
      const d = c.dilations[0];
      const spread = dilatedReference && d > 1;
      const attrs = { ...common, dilations: spread ? [1, 1] : c.dilations };
      const f = spread ? dilateFilter(filter, d) : filter;
      const dW = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, {
        ...attrs,
        filterShape: f.shape,
      } as never) as tf.Tensor4D;
      return [
        spread ? tf.stridedSlice(dW, [0, 0, 0, 0], dW.shape, [d, d, 1, 1]) : dW,
        tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: f }, {
          ...attrs,
          inputShape: c.x,
        } as never) as tf.Tensor,
      ];
    }
    const attrs = { ...common, dataFormat: c.dataFormat };
    return [
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
        ...attrs,
        filterShape: c.filter,
      } as never) as tf.Tensor,
      tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, {
        ...attrs,
        inputShape: layout(c.x),
      } as never) as tf.Tensor,
    ];
  };
}

describe('convolution backprop kernels on wasm', () => {
  beforeAll(() => {
    loadBackends();
    registerWasmKernels();
  });
  afterAll(() => unregisterWasmKernels());

  it.each(cases(40, false))(
    'Conv2DBackpropFilter and Conv2DBackpropInput match the cpu backend: %j',
    async (c) => {
      const f = gradients(c, false);
      expectClose(await runOn('wasm', f), await runOn('cpu', f), 1e-5);
    },
  );

  it.each(cases(40, true))(
    'DepthwiseConv2dNativeBackpropFilter and ...BackpropInput match the cpu backend: %j',
    async (c) => {
      const reference = await runOn('cpu', gradients(c, true, true));
      expectClose(await runOn('wasm', gradients(c, true)), reference, 1e-5);
    },
  );

  it.each([
    ['conv2d', 1, 'same'],
    ['conv2d', 2, 'valid'],
    ['depthwise', 1, 'same'],
    ['depthwise', 2, 'same'],
  ] as const)('gives the gradients of %s (stride %d, %s) through tf.grads', async (op, s, pad) => {
    const f = () => {
      const x = tf.randomNormal([2, 11, 9, 3], 0, 1, 'float32', 1);
      const w = tf.randomNormal([3, 2, 3, 2], 0, 1, 'float32', 2);
      const conv = (a: tf.Tensor, b: tf.Tensor) =>
        op === 'conv2d'
          ? tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, pad)
          : tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, pad);
      const weight = tf.randomNormal(conv(x, w).shape, 0, 1, 'float32', 3);
      return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a, b), weight)))([x, w]);
    };
    expectClose(await runOn('wasm', f), await runOn('cpu', f), 1e-5);
  });

  it('is fast where stock wasm had a scalar loop: Conv2DBackpropInput exists on stock wasm', () => {
    unregisterWasmKernels();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBeDefined();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(tf.getKernel('DepthwiseConv2dNativeBackpropFilter', 'wasm')).toBeUndefined();
    expect(tf.getKernel('DepthwiseConv2dNativeBackpropInput', 'wasm')).toBeUndefined();
    registerWasmKernels();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });
});
