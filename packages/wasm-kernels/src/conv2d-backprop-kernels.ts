import type * as tf from '@tensorflow/tfjs-core';
import { filterGradientByConv, inputGradientByConv } from './conv-by-xnnpack.js';
import {
  NCHW_TO_NHWC,
  NHWC_TO_NCHW,
  convGeometry,
  toNHWCPad,
  toNHWCShape,
} from './conv-geometry.js';
import { release, transpose } from './kernel-calls.js';
import type { WasmKernelArgs } from './wasm-backend.js';

type Pad = tf.backend_util.ExplicitPadding | 'valid' | 'same' | number;

/**
 * `Conv2DBackpropFilter`, which tfjs-backend-wasm 4.22 lacks (so no Conv2D model can train on
 * wasm without it): one XNNPACK convolution, see `filterGradientByConv`. NHWC and NCHW.
 */
export const conv2dBackpropFilter: tf.KernelFunc = (args) => {
  const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const nchw = dataFormat === 'NCHW';
  const x0 = inputs.x as tf.TensorInfo;
  const dy0 = inputs.dy as tf.TensorInfo;
  const x = nchw ? transpose(backend, x0, NCHW_TO_NHWC) : x0;
  const dy = nchw ? transpose(backend, dy0, NCHW_TO_NHWC) : dy0;
  const g = convGeometry(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    toNHWCPad(pad as Pad, dataFormat),
    dimRoundingMode,
    false,
  );
  const dW = filterGradientByConv(backend, x, dy, g);
  if (nchw) release(backend, x, dy);
  return dW;
};

/**
 * `Conv2DBackpropInput` (stock on wasm, but a scalar loop ~6× slower than the forward
 * convolution): one XNNPACK convolution with the flipped filter, see `inputGradientByConv`.
 */
export const conv2dBackpropInput: tf.KernelFunc = (args) => {
  const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } =
    attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const nchw = dataFormat === 'NCHW';
  const dy0 = inputs.dy as tf.TensorInfo;
  const filter = inputs.filter as tf.TensorInfo;
  const dy = nchw ? transpose(backend, dy0, NCHW_TO_NHWC) : dy0;
  const g = convGeometry(
    toNHWCShape(inputShape, dataFormat),
    filter.shape as [number, number, number, number],
    strides,
    1,
    toNHWCPad(pad as Pad, dataFormat),
    dimRoundingMode,
    false,
  );
  const dx = inputGradientByConv(backend, dy, filter, g, false);
  if (!nchw) return dx;
  release(backend, dy);
  const out = transpose(backend, dx, NHWC_TO_NCHW);
  release(backend, dx);
  return out;
};

/**
 * `DepthwiseConv2dNativeBackpropInput`, missing on wasm: one XNNPACK depthwise convolution with
 * the flipped filter (plus a sum over the channel multiplier when it is above 1).
 */
export const depthwiseConv2dNativeBackpropInput: tf.KernelFunc = (args) => {
  const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
  const { strides, dilations, pad, dimRoundingMode, inputShape } =
    attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  const dy = inputs.dy as tf.TensorInfo;
  const filter = inputs.filter as tf.TensorInfo;
  const g = convGeometry(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    dilations,
    pad as Pad,
    dimRoundingMode,
    true,
  );
  return inputGradientByConv(backend, dy, filter, g, true);
};
