import * as tf from '@tensorflow/tfjs-core';
import {
  registerWasmKernels,
  unregisterWasmKernels,
  wasmKernelsRegistered,
} from '@bnkit/wasm-kernels';
import { CliUsageError } from './cli-error.js';

export const BACKEND_CHOICES = ['auto', 'wasm', 'cpu', 'tensorflow'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

function loadOptional(moduleName: string): boolean {
  try {
    // A plain require: the package is CommonJS, and a backend registers itself with tfjs-core
    // when loaded.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(moduleName);
    return true;
  } catch (error) {
    if (
      (error as { code?: string }).code === 'MODULE_NOT_FOUND' ||
      (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND'
    ) {
      return false;
    }
    throw error;
  }
}

const MODULES: Record<Exclude<BackendChoice, 'auto'>, string> = {
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
  tensorflow: '@tensorflow/tfjs-node',
};

async function trySetBackend(name: Exclude<BackendChoice, 'auto'>): Promise<boolean> {
  if (!loadOptional(MODULES[name])) return false;
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

export interface SelectBackendOptions {
  /**
   * On the wasm backend, register `@bnkit/wasm-kernels` (transposed products through XNNPACK,
   * the convolution backprop kernels, faster reductions) or, when `false`, put
   * tfjs-backend-wasm's own kernels back. Other backends are untouched. Default `true`.
   */
  wasmKernels?: boolean;
}

/**
 * Makes `choice` the active tfjs backend. `auto` takes the fastest one that works here: wasm,
 * then cpu. On wasm, `@bnkit/wasm-kernels` is registered unless `wasmKernels` is `false`.
 * Resolves to the backend's name; a backend that cannot load is a usage error that says what to
 * install.
 *
 * @example
 * const name = await selectBackend('auto'); // 'wasm' on most machines, with bnkit's kernels
 * await selectBackend('wasm', { wasmKernels: false }); // stock tfjs-backend-wasm kernels
 */
export async function selectBackend(
  choice: BackendChoice,
  { wasmKernels = true }: SelectBackendOptions = {},
): Promise<string> {
  const order: Array<Exclude<BackendChoice, 'auto'>> =
    choice === 'auto' ? ['wasm', 'cpu'] : [choice];
  for (const name of order) {
    if (await trySetBackend(name)) {
      await tf.ready();
      const selected = tf.getBackend();
      if (selected === 'wasm') {
        if (wasmKernels) registerWasmKernels();
        else unregisterWasmKernels();
      }
      return selected;
    }
  }
  if (choice === 'auto')
    throw new Error('no tfjs backend could start: neither wasm nor cpu loaded');
  throw new CliUsageError(
    `--backend ${choice} could not start; install ${MODULES[choice]} (npm install ${MODULES[choice]}) or pick one of ${BACKEND_CHOICES.join(', ')}`,
  );
}

/**
 * The backend's name as the CLI prints it: on wasm, also which kernels train
 * (`'wasm (bnkit kernels)'` or `'wasm (stock kernels)'`).
 *
 * @example
 * backendLabel(await selectBackend('wasm')); // 'wasm (bnkit kernels)'
 */
export function backendLabel(backend: string): string {
  if (backend !== 'wasm') return backend;
  return `wasm (${wasmKernelsRegistered() ? 'bnkit' : 'stock'} kernels)`;
}
