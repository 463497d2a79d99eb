import * as tf from '@tensorflow/tfjs-core';
import { release } from './kernel-calls.js';
import { transposeOnHeap } from './transpose.js';
import type { WasmKernelArgs } from './wasm-backend.js';

/** The reductions whose stock wasm kernels transpose first when the axes are not innermost. */
export const REDUCTION_KERNELS = ['Sum', 'Mean', 'Max', 'Min', 'Prod'] as const;

/**
 * Sum (or mean) over the leading axes `0 … k−1` (size-1 axes aside) as column sums in one pass,
 * accumulating in float64: `[n, h, w, c]` over `[0, 1, 2]` is `[n·h·w, c]` summed down its
 * rows. Returns null for other axes.
 */
function sumLeadingAxes(
  backend: WasmKernelArgs['backend'],
  x: tf.TensorInfo,
  axes: number[],
  mean: boolean,
): tf.TensorInfo | null {
  const reduced = new Set(axes);
  let rows = 1;
  let cols = 1;
  let seenKept = false;
  for (let i = 0; i < x.shape.length; i++) {
    const d = x.shape[i] as number;
    if (d === 1) continue;
    if (reduced.has(i)) {
      if (seenKept) return null;
      rows *= d;
    } else {
      seenKept = true;
      cols *= d;
    }
  }
  const outShape = x.shape.filter((_, i) => !reduced.has(i));
  const out = backend.makeOutput(outShape, 'float32');
  const src = backend.typedArrayFromHeap(x) as Float32Array;
  const acc = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) acc[c] = (acc[c] as number) + (src[base + c] as number);
  }
  if (mean) for (let c = 0; c < cols; c++) acc[c] = (acc[c] as number) / rows;
  (backend.typedArrayFromHeap(out) as Float32Array).set(acc);
  return out;
}

/**
 * A reduction over axes that are not the innermost ones (BatchNormalization's statistics and
 * gradients over `[0, 1, 2]` of NHWC, bias gradients over the batch): the stock kernel moves the
 * axes last with its own slow transpose; this moves them with {@link transposeOnHeap}, then runs
 * the stock reduction over the innermost axes; a float32 sum or mean over leading axes is one
 * pass of column sums. Innermost reductions go straight to the stock kernel.
 */
export function reductionKernel(stock: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
    const { axis, keepDims } = attrs as unknown as tf.SumAttrs;
    const x = inputs.x as tf.TensorInfo;
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const perm = tf.backend_util.getAxesPermutation(axes, rank);
    if (perm === null || x.dtype === 'string' || x.dtype === 'complex64') {
      return stock.kernelFunc(args);
    }
    if ((stock.kernelName === 'Sum' || stock.kernelName === 'Mean') && x.dtype === 'float32') {
      const leading = sumLeadingAxes(backend, x, axes, stock.kernelName === 'Mean');
      if (leading !== null) {
        if (keepDims) leading.shape = tf.backend_util.expandShapeToKeepDim(leading.shape, axes);
        return leading;
      }
    }
    const stockTranspose = tf.getKernel('Transpose', 'wasm');
    const xt = transposeOnHeap(backend, x, perm, stockTranspose?.kernelFunc as tf.KernelFunc);
    const out = stock.kernelFunc({
      inputs: { x: xt },
      backend: backend as never,
      attrs: { axis: tf.backend_util.getInnerMostAxes(axes.length, rank), keepDims: false },
    }) as tf.TensorInfo;
    release(backend, xt);
    if (keepDims) out.shape = tf.backend_util.expandShapeToKeepDim(out.shape, axes);
    return out;
  };
}
