/**
 * @bnkit/onnx/web: the session API of `@bnkit/onnx/node` on onnxruntime-web (an optional peer
 * dependency): WebGPU where `navigator.gpu` exists, WebAssembly everywhere (browsers, workers,
 * and Node). Browser-safe: no Node built-ins.
 *
 * @packageDocumentation
 */
export { createSession, WEB_DEVICES } from './web/create-session.js';
export type { CreateWebSessionOptions, WebDevice, WebOnnxSession } from './web/create-session.js';
export { predict } from './web/predict.js';
export { DeviceUnavailableError, WebGpuUnavailableError } from './session/device-errors.js';
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
