/**
 * @bnkit/onnx: Export tfjs-layers models to ONNX, check parity, and run them on onnxruntime (CPU or CUDA) or Triton.
 *
 * This file is the package's public API: list every export by name.
 *
 * @packageDocumentation
 */
export {};
