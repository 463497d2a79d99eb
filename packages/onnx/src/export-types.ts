import type { BatchNormDecision } from './convert/layer-steps.js';
import type { VerifyOptions, VerifyReport } from './verify-report.js';

/** Options of {@link exportOnnx}. */
export interface ExportOptions {
  /** ONNX opset, 13 to 21. Default 17. The IR version follows (7, 8, 9 or 10). */
  opset?: number;
  /**
   * How BatchNormalization is exported. `'fold'` (default): into the preceding Dense when
   * nothing nonlinear sits between, else forward into the following Dense, else as Mul + Add.
   * `'op'`: a BatchNormalization node. `'affine'`: Mul + Add.
   */
  bn?: 'fold' | 'op' | 'affine';
  /** Fix the batch dimension to this size instead of the symbolic `batch`. */
  staticBatch?: number;
  /** Graph name. Default: the model's name. */
  graphName?: string;
  /** Extra `metadata_props` entries (string values). */
  metadata?: Record<string, string>;
  /**
   * Initializers of at least this many bytes are written to external data (`externalData` in
   * the result) instead of the model bytes. Default: never.
   */
  externalDataThreshold?: number;
  /** File name of the external data, relative to the model file. Default `model.onnx.data`. */
  externalDataName?: string;
  /**
   * Node only: run `verifyOnnx` after exporting (`true`, or its options); it throws on a
   * mismatch. Honoured by `exportOnnx` and `saveOnnx` of `@bnkit/onnx/node`, which run
   * onnxruntime-node; the browser-safe `exportOnnx` of the main entry refuses `verify: true`.
   */
  verify?: boolean | VerifyOptions;
}

/** What {@link exportOnnx} did. */
export interface ExportReport {
  opset: number;
  irVersion: number;
  /** Graph inputs: name, ONNX element type (1 float, 6 int32) and shape. */
  inputs: { name: string; elemType: number; shape: (number | string)[] }[];
  outputs: { name: string; elemType: number; shape: (number | string)[] }[];
  /** Number of nodes of each op type. */
  opCounts: Record<string, number>;
  nodeCount: number;
  /** Every layer call: converted, removed (training-only) or folded (BN). */
  layers: {
    name: string;
    className: string;
    action: 'converted' | 'removed' | 'folded';
    detail?: string;
    /** For converted layers: which converter wrote it, and its version (the opset it starts at). */
    converter?: { source: 'builtin' | 'registered'; minOpset: number };
  }[];
  batchNorm: BatchNormDecision[];
  /** sha256 of the source weights (names, shapes and float32 bytes), also in metadata_props. */
  weightsSha256: string;
  /** Bytes of the model and of its external data. */
  byteLength: number;
  externalDataByteLength: number;
  /** Milliseconds spent converting and encoding. */
  exportMs: number;
  verification?: VerifyReport;
}

/** The result of {@link exportOnnx}. */
export interface ExportResult {
  /** The ONNX model (a ModelProto). */
  bytes: Uint8Array;
  /** Present when some initializers went to external data. */
  externalData?: { path: string; data: Uint8Array };
  report: ExportReport;
}
