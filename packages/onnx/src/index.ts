/**
 * @bnkit/onnx: Export tfjs-layers models to ONNX, check parity, and run them on onnxruntime (CPU or CUDA) or Triton.
 *
 * This file is the package's public API: list every export by name.
 *
 * @packageDocumentation
 */
export { exportOnnx } from './export-onnx.js';
export type { ExportOptions, ExportReport, ExportResult } from './export-types.js';
export type { BatchNormDecision } from './convert/layer-steps.js';
export { registerLayerConverter, unregisterLayerConverter } from './converters/registry.js';
export type {
  ConverterContext,
  LayerConverter,
  LayerLike,
  LayerWeight,
} from './converters/converter-types.js';
export { GraphBuilder } from './graph-builder.js';
export type { AttributeValue, TensorAttribute } from './graph-builder.js';
export { OnnxAttributeError } from './model-proto/attributes.js';
export { verifyOnnxWith } from './verify-onnx.js';
export type { OnnxInferenceSessionLike, OnnxRuntimeLike } from './verify-onnx.js';
export { VerificationError } from './verify-report.js';
export type { OutputError, VerifyOptions, VerifyReport } from './verify-report.js';
export type { TfjsKnownBug } from './tfjs-known-bugs.js';
export { OnnxExportError, OnnxOptionError, UnsupportedLayersError } from './errors.js';
export type { UnsupportedLayer } from './errors.js';
export { DEFAULT_OPSET, MAX_OPSET, MIN_OPSET } from './opset.js';
export { summarizeExport } from './summarize-export.js';
