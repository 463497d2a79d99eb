import * as tf from '@tensorflow/tfjs-core';
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

/**
 * Makes `choice` the active tfjs backend. `auto` takes the fastest one that works here: wasm,
 * then cpu. Resolves to the backend's name; a backend that cannot load is a usage error that says
 * what to install.
 *
 * @example
 * const name = await selectBackend('auto'); // 'wasm' on most machines
 */
export async function selectBackend(choice: BackendChoice): Promise<string> {
  const order: Array<Exclude<BackendChoice, 'auto'>> =
    choice === 'auto' ? ['wasm', 'cpu'] : [choice];
  for (const name of order) {
    if (await trySetBackend(name)) {
      await tf.ready();
      return tf.getBackend();
    }
  }
  if (choice === 'auto')
    throw new Error('no tfjs backend could start: neither wasm nor cpu loaded');
  throw new CliUsageError(
    `--backend ${choice} could not start; install ${MODULES[choice]} (npm install ${MODULES[choice]}) or pick one of ${BACKEND_CHOICES.join(', ')}`,
  );
}
