import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { describe } from './converter-registry.js';
import { CudaUnavailableError, OnnxOptionError } from './errors.js';

/** Options of {@link createSession}; everything but `device`, `deviceId` and `warn` goes to onnxruntime. */
export interface CreateSessionOptions {
  /** `'auto'` (default): CUDA when it loads, else CPU with one warning. `'cuda'`: CUDA or an error. */
  device?: 'auto' | 'cuda' | 'cpu';
  /** CUDA device index. Default 0. */
  deviceId?: number;
  /** Default `'all'`. */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'layout' | 'all';
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
  enableCpuMemArena?: boolean;
  enableMemPattern?: boolean;
  executionMode?: 'sequential' | 'parallel';
  logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
  /** External data files for a model given as bytes, e.g. `exportOnnx(...).externalData`. */
  externalData?: { path: string; data: Uint8Array } | { path: string; data: Uint8Array }[];
  /** Any other onnxruntime session option, passed through. */
  sessionOptions?: ort.InferenceSession.SessionOptions;
  /** Where the CPU-fallback warning goes. Default `console.warn`. */
  warn?: (message: string) => void;
}

/** An onnxruntime session and the device it runs on. */
export interface OnnxSession {
  session: ort.InferenceSession;
  device: 'cuda' | 'cpu';
  /** Why `device: 'auto'` fell back to the CPU. */
  fallbackReason?: string;
  inputNames: readonly string[];
  outputNames: readonly string[];
  release(): Promise<void>;
}

/**
 * Whether onnxruntime-node's CUDA provider library is installed (linux x64 only), and where it
 * is expected. `createSession` uses it to skip a CUDA attempt that cannot succeed.
 *
 * @example
 * const { available, reason } = cudaProviderStatus();
 * if (!available) console.log(`CPU only: ${reason}`);
 */
export function cudaProviderStatus(): { available: boolean; reason?: string; library?: string } {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return {
      available: false,
      reason: `onnxruntime-node ships CUDA only for linux x64, this is ${process.platform} ${process.arch}`,
    };
  }
  let dir: string;
  try {
    dir = path.dirname(require.resolve('onnxruntime-node'));
  } catch {
    return { available: false, reason: 'onnxruntime-node cannot be resolved' };
  }
  const library = path.join(
    dir,
    '..',
    'bin',
    'napi-v6',
    'linux',
    'x64',
    'libonnxruntime_providers_cuda.so',
  );
  if (!fs.existsSync(library)) {
    return { available: false, reason: `${library} is missing`, library };
  }
  return { available: true, library };
}

const DEVICES = ['auto', 'cuda', 'cpu'];
const LEVELS = ['disabled', 'basic', 'extended', 'layout', 'all'];

/**
 * Creates an onnxruntime-node session from a file path or model bytes. onnxruntime-node does not
 * fall back from CUDA to CPU by itself; `device: 'auto'` does, with one warning.
 *
 * @example
 * const s = await createSession('model.onnx', { device: 'auto', intraOpNumThreads: 1 });
 * console.log(s.device); // 'cpu' on a machine without the CUDA provider
 */
export async function createSession(
  model: string | Uint8Array,
  options: CreateSessionOptions = {},
): Promise<OnnxSession> {
  if (typeof model !== 'string' && !(model instanceof Uint8Array)) {
    throw new OnnxOptionError(
      `createSession: model must be a file path or a Uint8Array of ONNX bytes, got ${describe(model)}`,
    );
  }
  if (typeof model === 'string' && !fs.existsSync(model)) {
    throw new OnnxOptionError(`createSession: no file at ${JSON.stringify(model)}`);
  }
  const device = options.device ?? 'auto';
  if (!DEVICES.includes(device)) {
    throw new OnnxOptionError(
      `createSession: device must be 'auto', 'cuda' or 'cpu', got ${describe(options.device)}`,
    );
  }
  const level = options.graphOptimizationLevel ?? 'all';
  if (!LEVELS.includes(level)) {
    throw new OnnxOptionError(
      `createSession: graphOptimizationLevel must be one of ${LEVELS.join(', ')}, got ${describe(options.graphOptimizationLevel)}`,
    );
  }
  const deviceId = options.deviceId ?? 0;
  if (!Number.isInteger(deviceId) || deviceId < 0) {
    throw new OnnxOptionError(
      `createSession: deviceId must be a non-negative integer, got ${describe(options.deviceId)}`,
    );
  }
  const base: ort.InferenceSession.SessionOptions = {
    ...(options.sessionOptions ?? {}),
    graphOptimizationLevel: level,
  };
  for (const key of [
    'intraOpNumThreads',
    'interOpNumThreads',
    'enableCpuMemArena',
    'enableMemPattern',
    'executionMode',
    'logSeverityLevel',
  ] as const) {
    if (options[key] !== undefined) (base as Record<string, unknown>)[key] = options[key];
  }
  if (options.externalData) {
    const list = Array.isArray(options.externalData)
      ? options.externalData
      : [options.externalData];
    base.externalData = list.map((e) => ({ path: e.path, data: e.data }));
  }
  const open = (providers: ort.InferenceSession.ExecutionProviderConfig[]) => {
    const sessionOptions = { ...base, executionProviders: providers };
    return typeof model === 'string'
      ? ort.InferenceSession.create(model, sessionOptions)
      : ort.InferenceSession.create(model, sessionOptions);
  };
  const wrap = (
    session: ort.InferenceSession,
    on: 'cuda' | 'cpu',
    reason?: string,
  ): OnnxSession => ({
    session,
    device: on,
    ...(reason ? { fallbackReason: reason } : {}),
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    release: () => session.release(),
  });
  if (device === 'cpu') return wrap(await open(['cpu']), 'cpu');

  const status = cudaProviderStatus();
  let reason = status.reason;
  if (status.available) {
    try {
      return wrap(await open([{ name: 'cuda', deviceId }]), 'cuda');
    } catch (error) {
      reason = (error as Error).message;
    }
  }
  if (device === 'cuda') throw new CudaUnavailableError(reason ?? 'unknown reason');
  const warn = options.warn ?? ((message: string) => console.warn(message));
  warn(
    `@bnkit/onnx: the CUDA execution provider is not available (${reason}); running on the CPU.`,
  );
  return wrap(await open(['cpu']), 'cpu', reason);
}

/** A tensor as plain data: a typed array and its shape. */
export interface TypedTensor {
  data: Float32Array | Int32Array | BigInt64Array;
  shape: number[];
}

type PredictInput = tf.Tensor | TypedTensor;

function isTypedTensor(value: unknown): value is TypedTensor {
  const v = value as TypedTensor;
  return (
    !!v &&
    typeof v === 'object' &&
    Array.isArray(v.shape) &&
    (v.data instanceof Float32Array ||
      v.data instanceof Int32Array ||
      v.data instanceof BigInt64Array)
  );
}

function toOrt(value: PredictInput, name: string): ort.Tensor {
  if (value instanceof tf.Tensor) {
    if (value.dtype === 'float32')
      return new ort.Tensor('float32', value.dataSync() as Float32Array, value.shape);
    if (value.dtype === 'int32')
      return new ort.Tensor('int32', value.dataSync() as Int32Array, value.shape);
    throw new OnnxOptionError(
      `predict: input "${name}" has dtype ${value.dtype}; float32 and int32 tensors are accepted`,
    );
  }
  if (isTypedTensor(value)) {
    const count = value.shape.reduce((a, b) => a * b, 1);
    if (count !== value.data.length) {
      throw new OnnxOptionError(
        `predict: input "${name}" has ${value.data.length} values for shape [${value.shape}] (${count} expected)`,
      );
    }
    const type =
      value.data instanceof Float32Array
        ? 'float32'
        : value.data instanceof Int32Array
          ? 'int32'
          : 'int64';
    return new ort.Tensor(type, value.data, value.shape);
  }
  throw new OnnxOptionError(
    `predict: input "${name}" must be a tf.Tensor or { data: Float32Array | Int32Array | BigInt64Array, shape }, got ${describe(value)}`,
  );
}

/**
 * Runs a session on tfjs tensors or typed arrays and returns the outputs in the same form: a
 * single value for a one-output model, else an array in the session's output order. Inputs are
 * given in the session's input order, or by name.
 *
 * @example
 * const y = await predict(session, tf.randomNormal([4, 20])); // a tf.Tensor of shape [4, 1]
 * const z = await predict(session, { data: new Float32Array(20), shape: [1, 20] }); // { data, shape }
 */
export async function predict(
  session: OnnxSession | ort.InferenceSession,
  inputs: PredictInput | PredictInput[] | Record<string, PredictInput>,
): Promise<tf.Tensor | TypedTensor | (tf.Tensor | TypedTensor)[]> {
  const s: ort.InferenceSession =
    session && 'session' in session ? session.session : (session as ort.InferenceSession);
  if (!s || typeof s.run !== 'function') {
    throw new OnnxOptionError(
      `predict: session must come from createSession (or be an ort.InferenceSession), got ${describe(session)}`,
    );
  }
  const names = s.inputNames;
  let list: [string, PredictInput][];
  if (inputs instanceof tf.Tensor || isTypedTensor(inputs)) list = [[names[0] as string, inputs]];
  else if (Array.isArray(inputs)) list = inputs.map((v, i) => [names[i] ?? `#${i}`, v]);
  else if (inputs && typeof inputs === 'object') list = Object.entries(inputs);
  else
    throw new OnnxOptionError(
      `predict: inputs must be a tensor, an array of tensors or an object by input name, got ${describe(inputs)}`,
    );
  const given = list.map(([n]) => n).sort();
  const wanted = [...names].sort();
  if (given.join('\n') !== wanted.join('\n')) {
    throw new OnnxOptionError(
      `predict: the model takes inputs [${names.join(', ')}], got [${list.map(([n]) => n).join(', ')}]`,
    );
  }
  const asTensors = list.every(([, v]) => v instanceof tf.Tensor);
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, value] of list) feeds[name] = toOrt(value, name);
  const results = await s.run(feeds);
  const outputs = s.outputNames.map((name) => {
    const t = results[name] as ort.Tensor;
    const shape = t.dims.map(Number);
    if (!asTensors) return { data: t.data as Float32Array, shape };
    return t.type === 'int32'
      ? tf.tensor(t.data as Int32Array, shape, 'int32')
      : tf.tensor(t.data as Float32Array, shape, 'float32');
  });
  return outputs.length === 1 ? (outputs[0] as tf.Tensor | TypedTensor) : outputs;
}
