/**
 * @bnkit/wasm-kernels: Faster and missing training kernels for TensorFlow.js's wasm backend: transposed matrix products through XNNPACK and the convolution backprop kernels, registered explicitly.
 *
 * This file is the package's public API: list every export by name.
 *
 * @packageDocumentation
 */
export {};
