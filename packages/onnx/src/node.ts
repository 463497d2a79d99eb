/**
 * @bnkit/onnx/node: the Node-only parts of @bnkit/onnx: writing ONNX files and checking parity
 * on onnxruntime-node (an optional peer dependency).
 *
 * @packageDocumentation
 */
export { exportOnnx } from './node/export-onnx-verified.js';
export { saveOnnx } from './node/save-onnx.js';
export { verifyOnnx } from './node/verify-onnx.js';
export { createSession, NODE_DEVICES } from './node/create-session.js';
export type { CreateSessionOptions, NodeDevice, NodeOnnxSession } from './node/create-session.js';
export { predict } from './node/predict.js';
export { cudaProviderStatus } from './node/cuda-provider-status.js';
export type { CudaProviderStatus } from './node/cuda-provider-status.js';
export {
  CudaUnavailableError,
  DeviceUnavailableError,
  WebGpuUnavailableError,
} from './session/device-errors.js';
export type { DeviceFallback } from './session/device-fallback.js';
export type { OnnxSession } from './session/onnx-session.js';
export type { OrtSessionLike, OrtTensorLike } from './session/ort-like.js';
export type { ExternalDataFile } from './session/session-options.js';
export type {
  PredictInput,
  PredictInputs,
  PredictOutput,
  TypedTensor,
} from './session/session-tensors.js';
export {
  TRITON_INSTANCE_KINDS,
  tritonConfig,
  writeTritonRepository,
} from './node/triton-repository.js';
export type {
  TritonConfigSettings,
  TritonInstanceKind,
  TritonOptions,
  TritonResult,
} from './node/triton-repository.js';
export { exportModelFile, loadLayersModelFile } from './node/export-model-file.js';
export type { ExportModelFileOptions } from './node/export-model-file.js';
export { readOnnxMetadata } from './node/read-onnx-metadata.js';
export type { OnnxMetadata } from './node/read-onnx-metadata.js';
