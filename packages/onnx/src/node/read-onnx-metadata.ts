import fs from 'node:fs';
import { decodeModelProto } from '../onnx-proto.js';
import type { OnnxValueInfoObject } from '../onnx-proto.js';
import { argumentErrorsIn } from '../session/session-argument-error.js';

/** What {@link readOnnxMetadata} returns. */
export interface OnnxMetadata {
  irVersion: number;
  /** Opset version by domain ('' is the default ONNX domain). */
  opsets: Record<string, number>;
  producerName: string;
  producerVersion: string;
  graphName: string;
  inputs: { name: string; elemType: number; shape: (number | string)[] }[];
  outputs: { name: string; elemType: number; shape: (number | string)[] }[];
  /** The model's metadata_props. */
  metadata: Record<string, string>;
}

function values(list: OnnxValueInfoObject[]): OnnxMetadata['inputs'] {
  return list.map((v) => ({
    name: v.name,
    elemType: v.type?.tensor_type?.elem_type ?? 0,
    shape: (v.type?.tensor_type?.shape?.dim ?? []).map((d) => d.dim_param ?? d.dim_value ?? '?'),
  }));
}

/**
 * Reads an ONNX model's header, graph I/O and `metadata_props` (which onnxruntime-node does not
 * expose) from a file path or bytes.
 *
 * @example
 * const meta = readOnnxMetadata('model.onnx');
 * console.log(meta.metadata['source.weights.sha256'], meta.opsets['']);
 */
export function readOnnxMetadata(model: string | Uint8Array): OnnxMetadata {
  const errors = argumentErrorsIn('readOnnxMetadata');
  let bytes: Uint8Array;
  if (typeof model === 'string') {
    if (!fs.existsSync(model))
      throw new errors('model', model, 'the path of an existing ONNX file');
    bytes = new Uint8Array(fs.readFileSync(model));
  } else if (model instanceof Uint8Array) {
    bytes = model;
  } else {
    throw new errors('model', model, 'a file path or a Uint8Array of ONNX bytes');
  }
  let decoded;
  try {
    decoded = decodeModelProto(bytes);
  } catch (error) {
    throw new errors('model', model, 'an ONNX ModelProto', {
      hint: `It does not decode: ${(error as Error).message}.`,
    });
  }
  if (!decoded.graph) {
    throw new errors('model', model, 'an ONNX ModelProto with a graph');
  }
  return {
    irVersion: decoded.ir_version ?? 0,
    opsets: Object.fromEntries(decoded.opset_import.map((o) => [o.domain ?? '', o.version ?? 0])),
    producerName: decoded.producer_name ?? '',
    producerVersion: decoded.producer_version ?? '',
    graphName: decoded.graph.name ?? '',
    inputs: values(decoded.graph.input),
    outputs: values(decoded.graph.output),
    metadata: Object.fromEntries(decoded.metadata_props.map((p) => [p.key ?? '', p.value ?? ''])),
  };
}
