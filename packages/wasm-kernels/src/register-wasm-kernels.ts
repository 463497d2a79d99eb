import * as tf from '@tensorflow/tfjs-core';
import { batchMatMulKernel, fusedMatMulKernel } from './batch-mat-mul.js';
import {
  conv2dBackpropFilter,
  conv2dBackpropInput,
  depthwiseConv2dNativeBackpropInput,
} from './conv2d-backprop-kernels.js';
import { depthwiseConv2dNativeBackpropFilter } from './depthwise-backprop-filter.js';
import { maxPoolGrad } from './max-pool-grad.js';
import { REDUCTION_KERNELS, reductionKernel } from './reductions.js';
import { tileKernel } from './tile.js';
import { transposeKernel } from './transpose.js';

/** Raised when the kernels cannot be registered. */
export class WasmKernelsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WasmKernelsError';
  }
}

interface Replacement {
  kernelName: string;
  /** Builds the kernel from the stock one (undefined where wasm has none). */
  make(stock: tf.KernelConfig | undefined): tf.KernelFunc;
}

const REPLACEMENTS: Replacement[] = [
  {
    kernelName: 'BatchMatMul',
    make: (s) => batchMatMulKernel(s as tf.KernelConfig),
  },
  {
    kernelName: '_FusedMatMul',
    make: (s) => fusedMatMulKernel(s as tf.KernelConfig),
  },
  { kernelName: 'Conv2DBackpropFilter', make: () => conv2dBackpropFilter },
  { kernelName: 'Conv2DBackpropInput', make: () => conv2dBackpropInput },
  {
    kernelName: 'DepthwiseConv2dNativeBackpropFilter',
    make: () => depthwiseConv2dNativeBackpropFilter,
  },
  {
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    make: () => depthwiseConv2dNativeBackpropInput,
  },
  { kernelName: 'MaxPoolGrad', make: () => maxPoolGrad },
  { kernelName: 'Transpose', make: (s) => transposeKernel(s as tf.KernelConfig) },
  { kernelName: 'Tile', make: (s) => tileKernel(s as tf.KernelConfig) },
  ...REDUCTION_KERNELS.map((kernelName) => ({
    kernelName,
    make: (s: tf.KernelConfig | undefined) => reductionKernel(s as tf.KernelConfig),
  })),
];

/** Kernels the replacements call, which must be registered for wasm. */
const REQUIRED = [
  ...REDUCTION_KERNELS,
  'Tile',
  'MaxPoolGrad',
  'BatchMatMul',
  '_FusedMatMul',
  'Transpose',
  'Reshape',
  'Conv2D',
  'DepthwiseConv2dNative',
  'PadV2',
  'Slice',
  'Reverse',
  'Sum',
];

/** The names of the kernels {@link registerWasmKernels} registers for the wasm backend. */
export const WASM_KERNEL_NAMES: readonly string[] = REPLACEMENTS.map((r) => r.kernelName);

interface RegistryState {
  /** The stock config of each replaced kernel (undefined: wasm had none). */
  stock: Map<string, tf.KernelConfig | undefined>;
}

const STATE_KEY = Symbol.for('@bnkit/wasm-kernels/registry');

function state(): RegistryState | undefined {
  return (globalThis as Record<symbol, RegistryState | undefined>)[STATE_KEY];
}

/**
 * Registers bnkit's kernels for tfjs's wasm backend: matrix products with transposed operands
 * through XNNPACK (tfjs 4.22 runs them as a scalar loop, 10–40× slower), and the convolution
 * backprop kernels wasm lacks (`Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackpropFilter`,
 * `DepthwiseConv2dNativeBackpropInput`) or runs slowly (`Conv2DBackpropInput`), each as XNNPACK
 * convolutions; and `MaxPoolGrad`, whose stock version drops gradient where a pooling window
 * holds equal maxima. Import `@tensorflow/tfjs-backend-wasm` first. Idempotent; shared by every copy
 * of this package (the state lives on `globalThis`). Other backends are untouched.
 *
 * @returns the kernel names now registered by this package.
 * @throws {@link WasmKernelsError} when the wasm backend's kernels are not registered.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { registerWasmKernels } from '@bnkit/wasm-kernels';
 *
 * registerWasmKernels();
 * await tf.setBackend('wasm');
 * // model.fit(...) now trains Conv2D models on wasm, and Dense models much faster.
 * ```
 */
export function registerWasmKernels(): readonly string[] {
  if (state() !== undefined) return WASM_KERNEL_NAMES;
  const missing = REQUIRED.filter((name) => tf.getKernel(name, 'wasm') === undefined);
  if (missing.length > 0) {
    throw new WasmKernelsError(
      `registerWasmKernels() found no wasm kernel for ${missing.join(', ')}: ` +
        "import '@tensorflow/tfjs-backend-wasm' (^4.22.0) before calling it, with the same " +
        '@tensorflow/tfjs-core copy as the one you train with.',
    );
  }
  const stock = new Map<string, tf.KernelConfig | undefined>();
  for (const r of REPLACEMENTS) {
    const original = tf.getKernel(r.kernelName, 'wasm');
    stock.set(r.kernelName, original);
    if (original !== undefined) tf.unregisterKernel(r.kernelName, 'wasm');
    const config: tf.KernelConfig = {
      kernelName: r.kernelName,
      backendName: 'wasm',
      kernelFunc: r.make(original),
    };
    // The stock kernels bind their wasm functions in setupFunc, run when the backend starts.
    if (original?.setupFunc !== undefined) config.setupFunc = original.setupFunc;
    if (original?.disposeFunc !== undefined) config.disposeFunc = original.disposeFunc;
    tf.registerKernel(config);
  }
  (globalThis as Record<symbol, RegistryState | undefined>)[STATE_KEY] = { stock };
  return WASM_KERNEL_NAMES;
}

/**
 * Undoes {@link registerWasmKernels}: the stock wasm kernels are registered again and the
 * added ones removed. Does nothing when the kernels are not registered.
 *
 * @example
 * ```ts
 * registerWasmKernels();
 * // ... train ...
 * unregisterWasmKernels(); // tfjs-backend-wasm's own kernels again
 * ```
 */
export function unregisterWasmKernels(): void {
  const current = state();
  if (current === undefined) return;
  for (const [name, original] of current.stock) {
    if (tf.getKernel(name, 'wasm') !== undefined) tf.unregisterKernel(name, 'wasm');
    if (original !== undefined) tf.registerKernel(original);
  }
  (globalThis as Record<symbol, RegistryState | undefined>)[STATE_KEY] = undefined;
}

/**
 * Whether {@link registerWasmKernels} is in effect.
 *
 * @example
 * ```ts
 * if (!wasmKernelsRegistered()) registerWasmKernels();
 * ```
 */
export function wasmKernelsRegistered(): boolean {
  return state() !== undefined;
}
