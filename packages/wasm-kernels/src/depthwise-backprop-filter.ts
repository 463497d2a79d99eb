import type * as tf from '@tensorflow/tfjs-core';
import { convGeometry } from './conv-geometry.js';
import type { WasmKernelArgs } from './wasm-backend.js';

type Pad = tf.backend_util.ExplicitPadding | 'valid' | 'same' | number;

/**
 * `DepthwiseConv2dNativeBackpropFilter`, missing on wasm. A depthwise filter gradient has no
 * matrix product in it (each channel sums over its own pixels), so it is one pass over `x` and
 * `dy` in place on the wasm heap, innermost over contiguous channels, accumulating in float64.
 */
export const depthwiseConv2dNativeBackpropFilter: tf.KernelFunc = (args) => {
  const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
  const { strides, dilations, pad, dimRoundingMode, filterShape } =
    attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  const x = inputs.x as tf.TensorInfo;
  const dy = inputs.dy as tf.TensorInfo;
  const [batch, inH, inW, inC] = x.shape as [number, number, number, number];
  const g = convGeometry(
    [batch, inH, inW, inC],
    filterShape,
    strides,
    dilations,
    pad as Pad,
    dimRoundingMode,
    true,
  );
  const outC = dy.shape[3] as number;
  const multiplier = outC / inC;
  const taps = g.filterHeight * g.filterWidth;
  const acc = new Float64Array(taps * outC);
  // Views are taken after the output exists: allocating may grow (and detach) the heap.
  const out = backend.makeOutput(filterShape, 'float32');
  const xv = backend.typedArrayFromHeap(x) as Float32Array;
  const dyv = backend.typedArrayFromHeap(dy) as Float32Array;
  const channelOf = new Int32Array(outC);
  for (let c = 0; c < outC; c++) channelOf[c] = Math.floor(c / multiplier);
  for (let kh = 0; kh < g.filterHeight; kh++) {
    for (let kw = 0; kw < g.filterWidth; kw++) {
      const accBase = (kh * g.filterWidth + kw) * outC;
      for (let b = 0; b < batch; b++) {
        for (let oh = 0; oh < g.outHeight; oh++) {
          const ih = oh * g.strideHeight + kh * g.dilationHeight - g.padTop;
          if (ih < 0 || ih >= inH) continue;
          for (let ow = 0; ow < g.outWidth; ow++) {
            const iw = ow * g.strideWidth + kw * g.dilationWidth - g.padLeft;
            if (iw < 0 || iw >= inW) continue;
            const xBase = ((b * inH + ih) * inW + iw) * inC;
            const dyBase = ((b * g.outHeight + oh) * g.outWidth + ow) * outC;
            for (let c = 0; c < outC; c++) {
              const i = accBase + c;
              acc[i] =
                (acc[i] as number) +
                (xv[xBase + (channelOf[c] as number)] as number) * (dyv[dyBase + c] as number);
            }
          }
        }
      }
    }
  }
  // [kh, kw, ci·m + j] is [kh, kw, ci, j] in row-major order.
  (backend.typedArrayFromHeap(out) as Float32Array).set(acc);
  return out;
};
