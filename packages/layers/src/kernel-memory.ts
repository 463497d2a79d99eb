import type * as tf from '@tensorflow/tfjs-core';

/**
 * The backends whose tensors live in memory JavaScript can read and write synchronously, so a
 * bnkit kernel can be a plain loop: tfjs's cpu backend (Float32Arrays) and its wasm backend (the
 * wasm heap).
 */
export const MEMORY_KERNEL_BACKENDS: readonly string[] = ['cpu', 'wasm'];

/** Reads and allocates float32 tensors inside a kernel of a {@link MEMORY_KERNEL_BACKENDS} backend. */
export interface MemoryAccess {
  view(t: tf.TensorInfo): Float32Array;
  alloc(shape: number[]): tf.TensorInfo;
}

interface CpuBackendLike {
  readSync(dataId: tf.DataId): unknown;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: Float32Array): tf.TensorInfo;
}

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

/**
 * Memory access for the backend a kernel runs on. On wasm, take views only after the last
 * allocation: an allocation may grow (and move) the heap, detaching earlier views.
 */
export function memoryAccess(backendName: string, backend: unknown): MemoryAccess {
  if (backendName === 'wasm') {
    const b = backend as WasmBackendLike;
    return {
      view: (t) => b.typedArrayFromHeap(t),
      alloc: (shape) => b.makeOutput(shape, 'float32'),
    };
  }
  const b = backend as CpuBackendLike;
  const pending = new Map<tf.DataId, Float32Array>();
  return {
    view: (t) => pending.get(t.dataId) ?? (b.readSync(t.dataId) as Float32Array),
    alloc: (shape) => {
      const values = new Float32Array(shape.reduce((p, q) => p * q, 1));
      const info = b.makeTensorInfo(shape, 'float32', values);
      pending.set(info.dataId, values);
      return info;
    },
  };
}
