import * as tf from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from './wasm-backend.js';

/**
 * Runs the wasm kernel registered now under `kernelName` on backend-level tensors (no engine
 * bookkeeping: the caller disposes what it gets with {@link release}).
 */
export function callKernel(
  kernelName: string,
  backend: WasmBackendLike,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const config = tf.getKernel(kernelName, 'wasm');
  if (config === undefined) {
    throw new Error(
      `@bnkit/wasm-kernels needs the wasm kernel ${kernelName}, which is not registered. ` +
        "Import '@tensorflow/tfjs-backend-wasm' (4.22 or later) before training on wasm.",
    );
  }
  return config.kernelFunc({ inputs, backend, attrs } as never) as tf.TensorInfo;
}

/** Frees intermediate results made by {@link callKernel}. */
export function release(backend: WasmBackendLike, ...infos: (tf.TensorInfo | null)[]): void {
  for (const info of infos) if (info !== null) backend.disposeData(info.dataId);
}

export function transpose(
  backend: WasmBackendLike,
  x: tf.TensorInfo,
  perm: number[],
): tf.TensorInfo {
  return callKernel('Transpose', backend, { x }, { perm });
}

/** Swaps the last two axes. */
export function transposeLastTwo(backend: WasmBackendLike, x: tf.TensorInfo): tf.TensorInfo {
  const rank = x.shape.length;
  const perm = x.shape.map((_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return transpose(backend, x, perm);
}

export function reshape(
  backend: WasmBackendLike,
  x: tf.TensorInfo,
  shape: number[],
): tf.TensorInfo {
  return callKernel('Reshape', backend, { x }, { shape });
}

/**
 * Pads (positive amounts) or crops (negative amounts) each axis: `amounts[i] = [before, after]`.
 * Returns `x` itself, not a copy, when every amount is zero; check with `!==` before releasing.
 */
export function padOrCrop(
  backend: WasmBackendLike,
  x: tf.TensorInfo,
  amounts: [number, number][],
): tf.TensorInfo {
  const crops = amounts.some(([b, a]) => b < 0 || a < 0);
  const pads = amounts.some(([b, a]) => b > 0 || a > 0);
  let current = x;
  if (crops) {
    const begin = amounts.map(([b]) => Math.max(0, -b));
    const size = amounts.map(
      ([b, a], i) => (x.shape[i] as number) - Math.max(0, -b) - Math.max(0, -a),
    );
    current = callKernel('Slice', backend, { x: current }, { begin, size });
  }
  if (pads) {
    const paddings = amounts.map(([b, a]) => [Math.max(0, b), Math.max(0, a)]);
    const padded = callKernel('PadV2', backend, { x: current }, { paddings, constantValue: 0 });
    if (current !== x) release(backend, current);
    current = padded;
  }
  return current;
}
