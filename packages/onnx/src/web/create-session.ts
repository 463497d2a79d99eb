import { WebGpuUnavailableError } from '../session/device-errors.js';
import { openWithFallback, type DeviceCandidate } from '../session/device-fallback.js';
import { makeOnnxSession, type OnnxSession } from '../session/onnx-session.js';
import type { OrtSessionLike, OrtSessionOptions } from '../session/ort-like.js';
import { argumentError, checkSessionOptions } from '../session/session-argument-error.js';
import {
  baseOrtOptions,
  baseSessionRules,
  type SessionOptionsBase,
} from '../session/session-options.js';
import { loadOnnxruntimeWeb } from './load-onnxruntime-web.js';

/** The devices of onnxruntime-web, in the order `device: 'auto'` tries them. */
export const WEB_DEVICES = ['webgpu', 'wasm'] as const;

/** A device of onnxruntime-web. */
export type WebDevice = (typeof WEB_DEVICES)[number];

const LABELS: Record<WebDevice, string> = { webgpu: 'WebGPU', wasm: 'WebAssembly' };

/** Options of the web {@link createSession}. */
export interface CreateWebSessionOptions extends SessionOptionsBase<WebDevice> {
  /**
   * `'auto'` (default) tries WebGPU where `navigator.gpu` exists, then WebAssembly, warning once
   * at each fallback. `'webgpu'`: WebGPU or a `WebGpuUnavailableError`. `'wasm'`: WebAssembly.
   */
  device?: WebDevice | 'auto';
}

/** A session of onnxruntime-web. */
export type WebOnnxSession = OnnxSession<WebDevice>;

const RULES = baseSessionRules(WEB_DEVICES);

function webGpuPrecheck(): string | undefined {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  return nav?.gpu ? undefined : 'navigator.gpu is missing: this browser or runtime has no WebGPU';
}

/**
 * Opens an ONNX model (bytes, or a URL the runtime fetches) on onnxruntime-web, an optional
 * peer dependency: the same session API as `@bnkit/onnx/node`, on WebGPU or WebAssembly.
 *
 * @example
 * import { exportOnnx } from '@bnkit/onnx';
 * import { createSession, predict } from '@bnkit/onnx/web';
 * const session = await createSession((await exportOnnx(model)).bytes, { device: 'auto' });
 * console.log(session.device); // 'webgpu' in a browser with WebGPU, else 'wasm'
 * const y = await predict(session, tf.randomNormal([4, 20]));
 */
export async function createSession(
  model: Uint8Array | string,
  options?: CreateWebSessionOptions,
): Promise<WebOnnxSession> {
  if (typeof model !== 'string' && !(model instanceof Uint8Array)) {
    throw argumentError('createSession', 'model', model, 'a Uint8Array of ONNX bytes or a URL');
  }
  const checked = checkSessionOptions('createSession', options, RULES);
  const requested = checked.device ?? 'auto';
  const base = baseOrtOptions(checked);
  const ort = await loadOnnxruntimeWeb('createSession');
  const open = (providers: OrtSessionOptions['executionProviders']) =>
    ort.InferenceSession.create(model, { ...base, executionProviders: providers });
  const candidates: DeviceCandidate<WebDevice, OrtSessionLike>[] = [
    {
      device: 'webgpu',
      label: LABELS.webgpu,
      precheck: webGpuPrecheck,
      open: () => open(['webgpu']),
    },
    { device: 'wasm', label: LABELS.wasm, open: () => open(['wasm']) },
  ];
  const opened = await openWithFallback(candidates, {
    requested,
    warn: checked.warn,
    unavailable: (_device, reason) => new WebGpuUnavailableError(reason, 'onnxruntime-web'),
  });
  return makeOnnxSession(opened, requested, LABELS, ort.Tensor);
}
