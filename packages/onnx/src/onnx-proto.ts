import { onnx as generated } from './generated/onnx.js';
import type { onnx as OnnxTypes } from './generated/onnx-types.js';

/**
 * The ONNX messages compiled to static code (src/generated/onnx.ts, from proto/onnx.proto,
 * ONNX v1.12.0, by tools/generate-onnx-proto.mjs): no schema is read or parsed at run time.
 */
const onnx = generated as unknown as typeof OnnxTypes;

/** Encodes a plain ModelProto object (snake_case field names, as in onnx.proto) to bytes. */
export function encodeModelProto(model: Record<string, unknown>): Uint8Array {
  return onnx.ModelProto.encode(model as OnnxTypes.ModelProto.$Properties).finish();
}

/** Decodes ONNX bytes to a plain object (snake_case names, int64 as numbers, bytes as arrays). */
export function decodeModelProto(bytes: Uint8Array): OnnxModelObject {
  const message = onnx.ModelProto.decode(bytes);
  return onnx.ModelProto.toObject(message, {
    longs: Number,
    enums: Number,
    bytes: Array,
    defaults: false,
    arrays: true,
  }) as unknown as OnnxModelObject;
}

/** The parts of a decoded ModelProto that this package reads. */
export interface OnnxModelObject {
  ir_version?: number;
  producer_name?: string;
  producer_version?: string;
  doc_string?: string;
  opset_import: { domain?: string; version?: number }[];
  metadata_props: { key?: string; value?: string }[];
  graph?: {
    name?: string;
    node: {
      name?: string;
      op_type: string;
      input: string[];
      output: string[];
      attribute: { name: string; f?: number; i?: number; ints?: number[]; s?: number[] }[];
    }[];
    initializer: {
      name: string;
      dims: number[];
      data_type: number;
      raw_data?: number[];
      data_location?: number;
      external_data: { key: string; value: string }[];
    }[];
    input: OnnxValueInfoObject[];
    output: OnnxValueInfoObject[];
  };
}

export interface OnnxValueInfoObject {
  name: string;
  type?: {
    tensor_type?: {
      elem_type?: number;
      shape?: { dim: { dim_value?: number; dim_param?: string }[] };
    };
  };
}
