import { loadOptionalPeer } from '@bnkit/core';
import type { OrtModuleLike } from '../session/ort-like.js';

/** onnxruntime-node as the helpers use it, plus its backend listing. */
export interface OrtNodeModule extends OrtModuleLike {
  listSupportedBackends?: () => { name: string; bundled: boolean }[];
  env: { versions?: Record<string, string> };
}

/** How to install onnxruntime-node without its CUDA download (checked with npm 11.19). */
export const ONNXRUNTIME_NODE_INSTALL =
  'npm install onnxruntime-node --ignore-scripts` (CPU and WebGPU; the flag skips the install ' +
  'script that downloads the CUDA provider from api.nuget.org), or put ' +
  '`onnxruntime-node-install=skip` in your .npmrc and run `npm install onnxruntime-node';

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
