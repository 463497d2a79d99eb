import { loadOptionalPeer } from '@bnkit/core';
import type { OrtModuleLike } from '../session/ort-like.js';

/** onnxruntime-web as the helpers use it. */
export interface OrtWebModule extends OrtModuleLike {
  env: { versions?: Record<string, string>; wasm?: Record<string, unknown> };
}

let loaded: Promise<OrtWebModule> | undefined;

/**
 * Loads the optional peer onnxruntime-web once (in a bundle, its browser build with wasm and
 * WebGPU; in Node, its wasm build); a missing package is an `OptionalPeerMissingError` naming
 * it.
 *
 * @example
 * const ort = await loadOnnxruntimeWeb('createSession');
 */
export function loadOnnxruntimeWeb(neededFor: string): Promise<OrtWebModule> {
  loaded ??= loadOptionalPeer(() => import('onnxruntime-web'), {
    packageName: 'onnxruntime-web',
    neededFor: `${neededFor} (@bnkit/onnx/web)`,
    install: 'npm install onnxruntime-web',
  }).then((module) => {
    const m = module as unknown as OrtWebModule & { default?: OrtWebModule };
    return m.InferenceSession === undefined && m.default !== undefined ? m.default : m;
  });
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}
