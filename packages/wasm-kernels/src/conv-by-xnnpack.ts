import type * as tf from '@tensorflow/tfjs-core';
import type { ConvGeometry } from './conv-geometry.js';
import { callKernel, padOrCrop, release, reshape, transpose } from './kernel-calls.js';
import type { WasmBackendLike } from './wasm-backend.js';

/**
 * The filter gradient of a convolution as one forward convolution through XNNPACK.
 *
 * `dW[kh,kw,ci,co] = Σ_{n,oh,ow} x[n, oh·s + kh·d − top, ow·s + kw·d − left, ci] · dy[n,oh,ow,co]`
 * is a convolution of `x` seen as `[ci, h, w, n]` (channels become the batch, the batch becomes
 * the channels) with `dy` seen as the filter `[oh, ow, n, co]`, with the stride and dilation
 * swapped: its output `[ci, kh, kw, co]` is `dW` up to a transpose.
 */
export function filterGradientByConv(
  backend: WasmBackendLike,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  g: ConvGeometry,
): tf.TensorInfo {
  const bottom =
    (g.filterHeight - 1) * g.dilationHeight +
    (g.outHeight - 1) * g.strideHeight +
    1 -
    g.inHeight -
    g.padTop;
  const right =
    (g.filterWidth - 1) * g.dilationWidth +
    (g.outWidth - 1) * g.strideWidth +
    1 -
    g.inWidth -
    g.padLeft;
  const xt = transpose(backend, x, [3, 1, 2, 0]);
  const xp = padOrCrop(backend, xt, [
    [0, 0],
    [g.padTop, bottom],
    [g.padLeft, right],
    [0, 0],
  ]);
  if (xp !== xt) release(backend, xt);
  const f = transpose(backend, dy, [1, 2, 0, 3]);
  const out = callKernel(
    'Conv2D',
    backend,
    { x: xp, filter: f },
    {
      strides: [g.dilationHeight, g.dilationWidth],
      dilations: [g.strideHeight, g.strideWidth],
      pad: 'valid',
      dataFormat: 'NHWC',
    },
  );
  release(backend, xp, f);
  const dW = transpose(backend, out, [1, 2, 0, 3]);
  release(backend, out);
  return dW;
}

/** Inserts `s − 1` zeros after every row and column of `[n, h, w, c]` (h·s, w·s out). */
function spreadByStride(
  backend: WasmBackendLike,
  x: tf.TensorInfo,
  sh: number,
  sw: number,
): tf.TensorInfo {
  if (sh === 1 && sw === 1) return x;
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const six = reshape(backend, x, [n, h, 1, w, 1, c]);
  const padded = callKernel(
    'PadV2',
    backend,
    { x: six },
    {
      paddings: [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
  release(backend, six);
  const out = reshape(backend, padded, [n, h * sh, w * sw, c]);
  release(backend, padded);
  return out;
}

/**
 * The input gradient of a convolution (regular or depthwise) as one forward convolution through
 * XNNPACK: `dy` spread by the stride, padded so a 'valid' convolution with the flipped filter
 * (dilated as the forward one) lands exactly on the input, then convolved.
 *
 * `filter` is `[kh, kw, ci, co]` for a regular convolution, `[kh, kw, ci, multiplier]` for a
 * depthwise one. Returns `[n, h, w, ci]`.
 */
export function inputGradientByConv(
  backend: WasmBackendLike,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  g: ConvGeometry,
  depthwise: boolean,
): tf.TensorInfo {
  const spread = spreadByStride(backend, dy, g.strideHeight, g.strideWidth);
  const effH = (g.filterHeight - 1) * g.dilationHeight;
  const effW = (g.filterWidth - 1) * g.dilationWidth;
  const top = effH - g.padTop;
  const left = effW - g.padLeft;
  const bottom = g.inHeight + effH - top - (spread.shape[1] as number);
  const right = g.inWidth + effW - left - (spread.shape[2] as number);
  const padded = padOrCrop(backend, spread, [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ]);
  if (padded !== spread && spread !== dy) release(backend, spread);
  const flipped = callKernel('Reverse', backend, { x: filter }, { dims: [0, 1] });
  const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
  const attrs = {
    strides: [1, 1],
    dilations: [g.dilationHeight, g.dilationWidth],
    pad: 'valid',
    dataFormat: 'NHWC',
  };
  let out: tf.TensorInfo;
  if (!depthwise) {
    const w = transpose(backend, flipped, [0, 1, 3, 2]);
    out = callKernel('Conv2D', backend, { x: padded, filter: w }, attrs);
    release(backend, w);
  } else {
    // Channel ci·m + j of dy goes back to input channel ci through filter[.., ci, j].
    const w = reshape(backend, flipped, [kh, kw, ci * co, 1]);
    const perChannel = callKernel(
      'DepthwiseConv2dNative',
      backend,
      { x: padded, filter: w },
      attrs,
    );
    release(backend, w);
    if (co === 1) out = perChannel;
    else {
      const [n, h, wd] = perChannel.shape as [number, number, number, number];
      const split = reshape(backend, perChannel, [n, h, wd, ci, co]);
      out = callKernel('Sum', backend, { x: split }, { axis: [4], keepDims: false });
      release(backend, split, perChannel);
    }
  }
  release(backend, flipped);
  if (padded !== dy) release(backend, padded);
  return out;
}
