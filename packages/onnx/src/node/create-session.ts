import fs from 'node:fs';
import { boolean, integer } from '@bnkit/core';
import { CudaUnavailableError, WebGpuUnavailableError } from '../session/device-errors.js';
import { openWithFallback, type DeviceCandidate } from '../session/device-fallback.js';
import { makeOnnxSession, type OnnxSession } from '../session/onnx-session.js';
import type { OrtSessionLike, OrtSessionOptions } from '../session/ort-like.js';
import { argumentError, checkSessionOptions } from '../session/session-argument-error.js';
import {
  baseOrtOptions,
  baseSessionRules,
  type SessionOptionsBase,
} from '../session/session-options.js';
import { cudaProviderStatus } from './cuda-provider-status.js';
import { loadOnnxruntimeNode } from './load-onnxruntime-node.js';

/** The devices onnxruntime-node runs on here, in the order `device: 'auto'` tries them. */
export const NODE_DEVICES = ['cuda', 'webgpu', 'cpu'] as const;

/** A device of onnxruntime-node. */
export type NodeDevice = (typeof NODE_DEVICES)[number];

const LABELS: Record<NodeDevice, string> = { cuda: 'CUDA', webgpu: 'WebGPU', cpu: 'the CPU' };

/** Options of {@link createSession}. */
export interface CreateSessionOptions extends SessionOptionsBase<NodeDevice> {
  /**
   * `'auto'` (default) tries CUDA, then WebGPU, then the CPU, warning once at each fallback.
   * `'cuda'` or `'webgpu'`: that device or a {@link DeviceUnavailableError}. `'cpu'`: the CPU.
   */
  device?: NodeDevice | 'auto';
  /** CUDA device index. Default 0. */
  deviceId?: number;
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
  enableCpuMemArena?: boolean;
  enableMemPattern?: boolean;
}

/** A session of onnxruntime-node. */
export type NodeOnnxSession = OnnxSession<NodeDevice>;

const RULES = {
  ...baseSessionRules(NODE_DEVICES),
  deviceId: integer({ min: 0 }),
  intraOpNumThreads: integer({ min: 0, max: 2 ** 32 - 1 }),
  interOpNumThreads: integer({ min: 0, max: 2 ** 32 - 1 }),
  enableCpuMemArena: boolean(),
  enableMemPattern: boolean(),
};

/**
 * Opens an ONNX model (a file path or bytes) on onnxruntime-node, an optional peer dependency.
 * onnxruntime-node does not fall back from one execution provider to another by itself;
 * `device: 'auto'` does: CUDA (when its provider library is installed and loads), then WebGPU
 * (Dawn over Vulkan, D3D12 or Metal), then the CPU, with one warning per fallback and the
 * device it got in `session.device`.
 *
 * @example
 * const session = await createSession('model.onnx', { device: 'auto' });
 * console.log(session.device, session.fallbackReason); // 'cpu' on a machine without a GPU
 * const y = await predict(session, tf.randomNormal([4, 20]));
 */
export async function createSession(
  model: string | Uint8Array,
  options?: CreateSessionOptions,
): Promise<NodeOnnxSession> {
  if (typeof model !== 'string' && !(model instanceof Uint8Array)) {
    throw argumentError(
      'createSession',
      'model',
      model,
      'a file path or a Uint8Array of ONNX bytes',
    );
  }
  if (typeof model === 'string' && !fs.existsSync(model)) {
    throw argumentError('createSession', 'model', model, 'the path of an existing ONNX file');
  }
  const checked = checkSessionOptions('createSession', options, RULES);
  const requested = checked.device ?? 'auto';
  const base: Omit<OrtSessionOptions, 'executionProviders'> = baseOrtOptions(checked);
  for (const key of [
    'intraOpNumThreads',
    'interOpNumThreads',
    'enableCpuMemArena',
    'enableMemPattern',
  ] as const) {
    if (checked[key] !== undefined) base[key] = checked[key];
  }
  const ort = await loadOnnxruntimeNode('createSession');
  const open = (providers: OrtSessionOptions['executionProviders']) =>
    ort.InferenceSession.create(model, { ...base, executionProviders: providers });
  const candidates: DeviceCandidate<NodeDevice, OrtSessionLike>[] = [
    {
      device: 'cuda',
      label: LABELS.cuda,
      precheck: () => cudaProviderStatus().reason,
      open: () => open([{ name: 'cuda', deviceId: checked.deviceId ?? 0 }]),
    },
    { device: 'webgpu', label: LABELS.webgpu, open: () => open(['webgpu']) },
    { device: 'cpu', label: LABELS.cpu, open: () => open(['cpu']) },
  ];
  const opened = await openWithFallback(candidates, {
    requested,
    warn: checked.warn,
    unavailable: (device, reason) =>
      device === 'cuda'
        ? new CudaUnavailableError(reason)
        : new WebGpuUnavailableError(reason, 'onnxruntime-node'),
  });
  return makeOnnxSession(opened, requested, LABELS, ort.Tensor);
}
