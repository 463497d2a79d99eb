import fs from 'node:fs';
import path from 'node:path';
import * as protobuf from 'protobufjs';

let cached: protobuf.Root | undefined;

/** The vendored ONNX schema (proto/onnx.proto, ONNX v1.12.0), parsed once on first use. */
export function onnxRoot(): protobuf.Root {
  if (!cached) {
    const file = path.join(__dirname, '..', 'proto', 'onnx.proto');
    cached = protobuf.parse(fs.readFileSync(file, 'utf8'), { keepCase: true }).root;
  }
  return cached;
}

/** Encodes a plain ModelProto object (snake_case field names) to bytes. */
export function encodeModelProto(model: Record<string, unknown>): Uint8Array {
  const type = onnxRoot().lookupType('onnx.ModelProto');
  const problem = type.verify(model);
  if (problem) throw new Error(`internal error: invalid ModelProto (${problem})`);
  return type.encode(type.fromObject(model)).finish();
}

/** Decodes ONNX bytes to a plain object (snake_case names, int64 as numbers, bytes as Uint8Array). */
export function decodeModelProto(bytes: Uint8Array): OnnxModelObject {
  const type = onnxRoot().lookupType('onnx.ModelProto');
  return type.toObject(type.decode(bytes), {
    longs: Number,
    enums: Number,
    bytes: Array,
    defaults: false,
    arrays: true,
  }) as OnnxModelObject;
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
