import type { DeviceFallback, FallbackResult } from './device-fallback.js';
import type { OrtSessionLike, OrtTensorConstructor } from './ort-like.js';

/** An onnxruntime session, the device it runs on, and how it got there. */
export interface OnnxSession<D extends string = string> {
  /** The onnxruntime `InferenceSession` (onnxruntime-node's or onnxruntime-web's). */
  readonly session: OrtSessionLike;
  /** The device the session runs on. */
  readonly device: D;
  /** The device that was asked for. */
  readonly requestedDevice: D | 'auto';
  /** The devices `'auto'` skipped, in order, with onnxruntime's reason for each. */
  readonly fallbacks: readonly DeviceFallback<D>[];
  /** The fallbacks in one line (`CUDA: …; WebGPU: …`); absent when none happened. */
  readonly fallbackReason?: string;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Releases onnxruntime's resources. */
  release(): Promise<void>;
}

// The runtime's Tensor class, per session: `predict` needs the class of the runtime that made it.
const tensorClasses = new WeakMap<object, OrtTensorConstructor>();

/** The runtime `Tensor` class a session from {@link makeOnnxSession} was made with. */
export function tensorClassOf(session: object): OrtTensorConstructor | undefined {
  return tensorClasses.get(session);
}

/** Wraps an opened session with its device report. */
export function makeOnnxSession<D extends string>(
  opened: FallbackResult<D, OrtSessionLike>,
  requestedDevice: D | 'auto',
  labels: Record<D, string>,
  Tensor: OrtTensorConstructor,
): OnnxSession<D> {
  const session = opened.value;
  const fallbackReason =
    opened.fallbacks.length === 0
      ? undefined
      : opened.fallbacks.map((f) => `${labels[f.device]}: ${f.reason}`).join('; ');
  const result: OnnxSession<D> = {
    session,
    device: opened.device,
    requestedDevice,
    fallbacks: opened.fallbacks,
    ...(fallbackReason === undefined ? {} : { fallbackReason }),
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    release: () => session.release(),
  };
  tensorClasses.set(result, Tensor);
  tensorClasses.set(session, Tensor);
  return result;
}

/** Whether `value` is an {@link OnnxSession} (rather than a bare onnxruntime session). */
export function isOnnxSession(value: unknown): value is OnnxSession {
  return (
    value !== null &&
    typeof value === 'object' &&
    'session' in value &&
    'device' in value &&
    typeof (value as OnnxSession).session?.run === 'function'
  );
}
