import type * as tf from '@tensorflow/tfjs-core';
import type { WasmBackendLike, WasmKernelArgs } from './wasm-backend.js';

type Heap = Float32Array | Int32Array | Uint8Array;

/**
 * Drops axes of size 1 and merges axes that stay neighbours in the same order, so
 * `[64, 24, 24, 64]` with perm `[3, 0, 1, 2]` becomes `[36864, 64]` with `[1, 0]`.
 */
export function simplifyTranspose(
  shape: readonly number[],
  perm: readonly number[],
): { shape: number[]; perm: number[] } {
  // Input axes of size > 1, renumbered 0… in input order, listed in output order.
  const keptInput = shape.map((_, i) => i).filter((i) => (shape[i] as number) !== 1);
  const rankOf = new Map(keptInput.map((axis, r) => [axis, r]));
  const kept = perm.filter((axis) => rankOf.has(axis)).map((axis) => rankOf.get(axis) as number);
  // Groups of input axes that appear consecutively (and in order) in the output.
  const groups: number[][] = [];
  for (const axis of kept) {
    const last = groups[groups.length - 1];
    if (last !== undefined && (last[last.length - 1] as number) + 1 === axis) last.push(axis);
    else groups.push([axis]);
  }
  const byInputOrder = [...groups].sort((a, b) => (a[0] as number) - (b[0] as number));
  const newShape = byInputOrder.map((g) =>
    g.reduce((p, r) => p * (shape[keptInput[r] as number] as number), 1),
  );
  const newPerm = groups.map((g) => byInputOrder.indexOf(g));
  return { shape: newShape, perm: newPerm };
}

const BLOCK = 32;

/** `out[b][j][i] = x[b][i][j]` for `batch` matrices of `rows × cols`, in cache-sized blocks. */
function transposeBlocks(x: Heap, out: Heap, batch: number, rows: number, cols: number): void {
  const size = rows * cols;
  for (let b = 0; b < batch; b++) {
    const base = b * size;
    for (let i0 = 0; i0 < rows; i0 += BLOCK) {
      const iEnd = Math.min(rows, i0 + BLOCK);
      for (let j0 = 0; j0 < cols; j0 += BLOCK) {
        const jEnd = Math.min(cols, j0 + BLOCK);
        for (let i = i0; i < iEnd; i++) {
          let src = base + i * cols + j0;
          let dst = base + j0 * rows + i;
          for (let j = j0; j < jEnd; j++) {
            out[dst] = x[src] as number;
            src++;
            dst += rows;
          }
        }
      }
    }
  }
}

/** The smallest tensor {@link transposeOnHeap} moves itself. */
export const HEAP_TRANSPOSE_MIN_SIZE = 2 ** 16;

/**
 * `Transpose` for wasm. The stock kernel is slow at swapping two axes of large matrices (cache
 * conflicts where rows are long powers of two: `[1024, 1024]` 25 ms, `[64, 24, 24, 64]` by
 * `[3, 0, 1, 2]` 65 ms), which tfjs's reductions over leading axes do first; such swaps (after
 * merging neighbouring axes, also batched) move 32×32 blocks on the heap here (15 and 37 ms).
 * Every other permutation goes to the stock kernel, which is as fast or faster there.
 */
export function transposeOnHeap(
  backend: WasmBackendLike,
  x: tf.TensorInfo,
  perm: number[],
  stock: tf.KernelFunc,
): tf.TensorInfo {
  const simple = simplifyTranspose(x.shape, perm);
  const p = simple.perm;
  const s = simple.shape;
  const swap = p.length === 2 && p[0] === 1;
  const batchedSwap = p.length === 3 && p[0] === 0 && p[1] === 2 && p[2] === 1;
  // Other permutations move whole rows or gather with strides, which the stock kernel does as
  // fast or faster (measured: [64,24,24,64] by [1,2,0,3] 10 ms stock, 38 ms here).
  // Below 2^16 values the stock kernel is as fast or faster (measured: [4, 64, 64] 18 µs stock,
  // 85 µs here; [128, 128] 51 and 55 µs); the blocked copy pays from there.
  const small = x.shape.reduce((n, d) => n * d, 1) < HEAP_TRANSPOSE_MIN_SIZE;
  const mine = !small && (p.length <= 1 || swap || batchedSwap);
  if (!mine || x.dtype === 'string' || x.dtype === 'complex64') {
    return stock({ inputs: { x }, backend: backend as never, attrs: { perm } }) as tf.TensorInfo;
  }
  const outShape = perm.map((axis) => x.shape[axis] as number);
  const out = backend.makeOutput(outShape, x.dtype);
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  if (p.length <= 1) dst.set(src);
  else if (swap) transposeBlocks(src, dst, 1, s[0] as number, s[1] as number);
  else transposeBlocks(src, dst, s[0] as number, s[1] as number, s[2] as number);
  return out;
}

/** The Transpose kernel: {@link transposeOnHeap}. */
export function transposeKernel(stock: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
    const { perm } = attrs as unknown as tf.TransposeAttrs;
    return transposeOnHeap(backend, inputs.x as tf.TensorInfo, perm, stock.kernelFunc);
  };
}
