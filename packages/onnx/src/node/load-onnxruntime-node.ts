import { loadOptionalPeer } from '@bnkit/core';
import type { OrtModuleLike } from '../session/ort-like.js';

/** onnxruntime-node as the helpers use it, plus its backend listing. */
export interface OrtNodeModule extends OrtModuleLike {
  listSupportedBackends?: () => { name: string; bundled: boolean }[];
  env: { versions?: Record<string, string> };
}

/**
 * How to install onnxruntime-node without its CUDA download, as checked with npm 11.19: a plain
 * `npm install onnxruntime-node` runs its install script, which fetches the CUDA provider from
 * api.nuget.org (and fails the install offline); `--ignore-scripts`, the environment variable
 * ONNXRUNTIME_NODE_INSTALL=skip and the .npmrc line `onnxruntime-node-install=skip` all skip it
 * (npm 11 warns that it will stop passing unknown .npmrc keys in its next major version).
 */
export const ONNXRUNTIME_NODE_INSTALL =
  'npm install onnxruntime-node --ignore-scripts` for CPU and WebGPU without the CUDA download ' +
  'from api.nuget.org; or set ONNXRUNTIME_NODE_INSTALL=skip (or put ' +
  '`onnxruntime-node-install=skip` in .npmrc) and run `npm install onnxruntime-node';

let loaded: Promise<OrtNodeModule> | undefined;

/**
 * Loads the optional peer onnxruntime-node once; a missing package is an
 * `OptionalPeerMissingError` that says how to install it without the CUDA download.
 *
 * @example
 * const ort = await loadOnnxruntimeNode('createSession');
 */
export function loadOnnxruntimeNode(neededFor: string): Promise<OrtNodeModule> {
  loaded ??= loadOptionalPeer(() => import('onnxruntime-node'), {
    packageName: 'onnxruntime-node',
    neededFor: `${neededFor} (@bnkit/onnx/node)`,
    install: ONNXRUNTIME_NODE_INSTALL,
  }).then((module) => {
    // ESM sees onnxruntime-node (CommonJS) as a namespace whose `default` is module.exports.
    const m = module as unknown as OrtNodeModule & { default?: OrtNodeModule };
    return m.InferenceSession === undefined && m.default !== undefined ? m.default : m;
  });
  // A failed load is not cached: installing the package and retrying works in the same process.
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}
