import type { GraphBuilder, GraphValue } from '../graph-builder.js';
import { sanitizeName } from '../graph-builder.js';
import { encodeModelProto } from '../onnx-proto.js';
import { irVersionForOpset } from '../opset.js';
import { typeAttribute } from './attributes.js';
import type { TypedAttribute } from './attributes.js';

/** What goes into the ModelProto besides the graph. */
export interface ModelProtoOptions {
  opset: number;
  graphName: string;
  producerVersion: string;
  metadata: Record<string, string>;
  /** Initializers of at least this many bytes go to external data. */
  threshold: number;
  /** The external data file name written into the model (relative to the model file). */
  externalName: string;
}

const TENSOR_TYPES = { float32: 1, int32: 6, int64: 7 } as const;

function tensorProto(name: string, t: Extract<TypedAttribute, { kind: 'TENSOR' }>['value']) {
  const dataType = t.dataType ?? 'float32';
  const size = dataType === 'int64' ? 8 : 4;
  const raw = new Uint8Array(t.values.length * size);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < t.values.length; i++) {
    const v = t.values[i] as number;
    if (dataType === 'float32') view.setFloat32(i * 4, v, true);
    else if (dataType === 'int32') view.setInt32(i * 4, v, true);
    else view.setBigInt64(i * 8, BigInt(Math.trunc(v)), true);
  }
  return { name, dims: t.dims, data_type: TENSOR_TYPES[dataType], raw_data: raw };
}

/** An AttributeProto (AttributeType: FLOAT 1, INT 2, STRING 3, TENSOR 4, FLOATS 6, INTS 7). */
export function attributeProto(name: string, typed: TypedAttribute): Record<string, unknown> {
  switch (typed.kind) {
    case 'FLOAT':
      return { name, type: 1, f: typed.value };
    case 'INT':
      return { name, type: 2, i: typed.value };
    case 'STRING':
      return { name, type: 3, s: new TextEncoder().encode(typed.value) };
    case 'TENSOR':
      return { name, type: 4, t: tensorProto(name, typed.value) };
    case 'FLOATS':
      return { name, type: 6, floats: typed.value };
    case 'INTS':
      return { name, type: 7, ints: typed.value };
  }
}

function valueInfo(v: GraphValue): Record<string, unknown> {
  return {
    name: v.name,
    type: {
      tensor_type: {
        elem_type: v.dataType,
        ...(v.shape.length > 0
          ? {
              shape: {
                dim: v.shape.map((d) =>
                  typeof d === 'number' ? { dim_value: d } : { dim_param: d },
                ),
              },
            }
          : {}),
      },
    },
  };
}

/**
 * Builds the ModelProto of a finished graph and encodes it: initializers at or above the
 * threshold go to one external data blob (4 KiB aligned, as ONNX recommends for mmap).
 */
export function buildModelProto(
  graph: GraphBuilder,
  options: ModelProtoOptions,
): { bytes: Uint8Array; externalData?: Uint8Array } {
  const chunks: { offset: number; raw: Uint8Array }[] = [];
  let size = 0;
  const initializer = graph.initializers.map((init) => {
    const base = { name: init.name, dims: init.dims, data_type: init.dataType };
    if (init.raw.byteLength >= options.threshold && init.raw.byteLength > 0) {
      const offset = Math.ceil(size / 4096) * 4096;
      chunks.push({ offset, raw: init.raw });
      size = offset + init.raw.byteLength;
      return {
        ...base,
        data_location: 1,
        external_data: [
          { key: 'location', value: options.externalName },
          { key: 'offset', value: String(offset) },
          { key: 'length', value: String(init.raw.byteLength) },
        ],
      };
    }
    return { ...base, raw_data: init.raw };
  });
  let externalData: Uint8Array | undefined;
  if (chunks.length > 0) {
    externalData = new Uint8Array(size);
    for (const c of chunks) externalData.set(c.raw, c.offset);
  }
  const model = {
    ir_version: irVersionForOpset(options.opset),
    opset_import: [{ domain: '', version: options.opset }],
    producer_name: 'bnkit',
    producer_version: options.producerVersion,
    graph: {
      name: sanitizeName(options.graphName),
      node: graph.nodes.map((n) => ({
        name: n.name,
        op_type: n.opType,
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attributes).map(([k, v]) =>
          attributeProto(k, typeAttribute(n.opType, n.domain, k, v)),
        ),
        ...(n.domain ? { domain: n.domain } : {}),
      })),
      initializer,
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    },
    metadata_props: Object.entries(options.metadata).map(([key, value]) => ({ key, value })),
  };
  const bytes = encodeModelProto(model);
  return externalData ? { bytes, externalData } : { bytes };
}
