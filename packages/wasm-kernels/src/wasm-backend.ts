import type * as tf from '@tensorflow/tfjs-core';

/**
 * The part of tfjs-backend-wasm's public `BackendWasm` class the kernels use. Declared here so
 * the package's main entry never loads the wasm backend itself (the user imports it).
 */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** The kernel functions' argument, with the backend typed. */
export interface WasmKernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: WasmBackendLike;
  attrs?: tf.NamedAttrMap;
}
