import type * as tf from '@tensorflow/tfjs-core';
import type { WasmKernelArgs } from './wasm-backend.js';

/**
 * `Tile` for wasm by block copies: the innermost axis is copied once per row of the input and
 * then repeated with `copyWithin`, axis by axis outwards, so the work is one pass over the output
 * in large contiguous runs. The stock kernel computes every output index (half a second for the
 * `[64]` → `[64, 24, 24, 64]` tile in BatchNormalization's gradient of a small CNN).
 */
export function tileKernel(stock: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
    const { reps } = attrs as unknown as tf.TileAttrs;
    const x = inputs.x as tf.TensorInfo;
    if (x.dtype === 'string' || x.dtype === 'complex64') return stock.kernelFunc(args);
    const shape = x.shape;
    const rank = shape.length;
    const outShape = shape.map((d, i) => d * (reps[i] as number));
    const out = backend.makeOutput(outShape, x.dtype);
    if (outShape.some((d) => d === 0)) return out;
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    if (rank === 0) {
      dst.set(src);
      return out;
    }
    const outStrides = new Array<number>(rank).fill(1);
    const inStrides = new Array<number>(rank).fill(1);
    for (let i = rank - 2; i >= 0; i--) {
      outStrides[i] = (outStrides[i + 1] as number) * (outShape[i + 1] as number);
      inStrides[i] = (inStrides[i + 1] as number) * (shape[i + 1] as number);
    }
    // Writes input axis `axis` (and the axes inside it) from input offset `inOff`, tiled, at
    // output offset `outOff`.
    const fill = (axis: number, inOff: number, outOff: number): void => {
      const n = shape[axis] as number;
      const rep = reps[axis] as number;
      if (axis === rank - 1) {
        dst.set(src.subarray(inOff, inOff + n), outOff);
      } else {
        for (let i = 0; i < n; i++) {
          fill(
            axis + 1,
            inOff + i * (inStrides[axis] as number),
            outOff + i * (outStrides[axis] as number),
          );
        }
      }
      // Repeat the first copy along this axis.
      const block = n * (outStrides[axis] as number);
      for (let r = 1; r < rep; r++) dst.copyWithin(outOff + r * block, outOff, outOff + block);
    };
    fill(0, 0, 0);
    return out;
  };
}
