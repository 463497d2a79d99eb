/**
 * @bnkit/wasm-kernels: faster and missing training kernels for TensorFlow.js's wasm backend —
 * transposed matrix products through XNNPACK and the convolution backprop kernels — registered
 * by an explicit call.
 *
 * This file is the package's public API: list every export by name.
 *
 * @packageDocumentation
 */
export {
  WASM_KERNEL_NAMES,
  WasmKernelsError,
  registerWasmKernels,
  unregisterWasmKernels,
  wasmKernelsRegistered,
} from './register-wasm-kernels.js';
export { STOCK_BELOW_MULTIPLY_ADDS, planMatMul } from './mat-mul-plan.js';
export type { MatMulPlan, MatMulShape } from './mat-mul-plan.js';
