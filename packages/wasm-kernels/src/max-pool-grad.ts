import * as tf from '@tensorflow/tfjs-core';
import type { WasmKernelArgs } from './wasm-backend.js';

/**
 * `MaxPoolGrad` for wasm. The stock kernel (tfjs-backend-wasm 4.22) loses gradient when a window
 * holds several equal maxima: of a 4×4 block of zeros pooled 2×2 it routes one window's gradient
 * and drops the other three, where the cpu backend (and TensorFlow) sends each window's gradient
 * to its first maximum. Equal maxima are everywhere in CNNs (windows of ReLU zeros, and after a
 * BatchNormalization those zeros all become the same value), so stock wasm trains such models
 * on wrong gradients. This kernel follows the cpu backend: each window's gradient goes to the
 * first maximum in row-major order; NaN windows send none.
 */
export const maxPoolGrad: tf.KernelFunc = (args) => {
  const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
  const x = inputs.input as tf.TensorInfo;
  const dy = inputs.dy as tf.TensorInfo;
  const info = tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const out = backend.makeOutput(x.shape, 'float32');
  // Views after the allocation, which may grow (and detach) the heap.
  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  const xv = backend.typedArrayFromHeap(x) as Float32Array;
  const dyv = backend.typedArrayFromHeap(dy) as Float32Array;
  dx.fill(0);
  // Per window, all channels at once (contiguous in NHWC): the running maximum and its index.
  const best = new Float32Array(channels);
  const at = new Int32Array(channels);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const r0 = oh * info.strideHeight - info.padInfo.top;
      const rMin = Math.max(0, r0);
      const rMax = Math.min(inHeight, r0 + info.effectiveFilterHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const c0 = ow * info.strideWidth - info.padInfo.left;
        const cMin = Math.max(0, c0);
        const cMax = Math.min(inWidth, c0 + info.effectiveFilterWidth);
        best.fill(Number.NEGATIVE_INFINITY);
        at.fill(-1);
        for (let r = rMin; r < rMax; r++) {
          for (let c = cMin; c < cMax; c++) {
            const base = ((b * inHeight + r) * inWidth + c) * channels;
            for (let ch = 0; ch < channels; ch++) {
              const v = xv[base + ch] as number;
              if (v > (best[ch] as number)) {
                best[ch] = v;
                at[ch] = base + ch;
              }
            }
          }
        }
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * channels;
        for (let ch = 0; ch < channels; ch++) {
          const i = at[ch] as number;
          if (i >= 0) dx[i] = (dx[i] as number) + (dyv[dyBase + ch] as number);
        }
      }
    }
  }
  return out;
};
