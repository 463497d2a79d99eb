/**
 * The parts of onnxruntime's API that the session helpers use, written structurally so that the
 * package's types name neither onnxruntime-node nor onnxruntime-web: a project that installs
 * `@bnkit/onnx` for export only type-checks without either runtime. Both runtimes' classes
 * (`InferenceSession`, `Tensor` from onnxruntime-common) satisfy these interfaces.
 */

/** Element types the helpers convert to and from. */
export type OrtElementType = 'float32' | 'int32' | 'int64';

/** Typed arrays of the element types above. */
export type OrtTypedArray = Float32Array | Int32Array | BigInt64Array;

/** An onnxruntime `Tensor` as the helpers read it. */
export interface OrtTensorLike {
  readonly type: string;
  readonly data: unknown;
  readonly dims: readonly number[];
}

/** onnxruntime's `Tensor` constructor (each runtime has its own; sessions only take their own). */
export type OrtTensorConstructor = new (
  type: OrtElementType,
  data: OrtTypedArray,
  dims: readonly number[],
) => OrtTensorLike;

/** An onnxruntime `InferenceSession` (from onnxruntime-node or onnxruntime-web). */
export interface OrtSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensorLike>): Promise<Record<string, OrtTensorLike>>;
  release(): Promise<void>;
}

/** The options the helpers pass to `InferenceSession.create` (a subset of onnxruntime's). */
export interface OrtSessionOptions {
  executionProviders: (string | { name: string; [key: string]: unknown })[];
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'layout' | 'all';
  externalData?: { path: string; data: Uint8Array }[];
  [key: string]: unknown;
}

/** What the helpers need from a loaded runtime module. */
export interface OrtModuleLike {
  InferenceSession: {
    create(model: string | Uint8Array, options?: OrtSessionOptions): Promise<OrtSessionLike>;
  };
  Tensor: OrtTensorConstructor;
}
