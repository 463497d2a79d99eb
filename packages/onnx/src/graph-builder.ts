import { typeAttribute } from './model-proto/attributes.js';
import type { AttributeValue } from './model-proto/attributes.js';

export type { AttributeValue, TensorAttribute } from './model-proto/attributes.js';

/** ONNX TensorProto.DataType values this package writes. */
export const OnnxDataType = { FLOAT: 1, INT32: 6, INT64: 7 } as const;

/** A node in the graph being built. */
export interface GraphNode {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, AttributeValue>;
  domain?: string;
}

/** A constant tensor (initializer). */
export interface GraphInitializer {
  name: string;
  dims: number[];
  dataType: number;
  /** Little-endian raw bytes. */
  raw: Uint8Array;
}

/** A graph input or output: element type and shape (a string dimension is symbolic). */
export interface GraphValue {
  name: string;
  dataType: number;
  shape: (number | string)[];
}

/**
 * The graph a converter writes into: nodes, initializers and unique names. Converters call
 * `addNode`, `addFloatInitializer`, `addInt64Initializer` and `uniqueName`; everything else is
 * the exporter's.
 *
 * @example
 * // inside LayerConverter.convert(ctx):
 * const k = ctx.graph.addFloatInitializer(`${ctx.name}/k`, [], [2]);
 * const [y] = ctx.graph.addNode('Mul', [ctx.inputs[0]!, k], { name: `${ctx.name}/Mul` });
 */
export class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly initializers: GraphInitializer[] = [];
  readonly inputs: GraphValue[] = [];
  readonly outputs: GraphValue[] = [];
  private readonly used = new Set<string>();

  /** A value or node name not used before, derived from `base` (sanitized to [A-Za-z0-9_./]). */
  uniqueName(base: string): string {
    const clean = sanitizeName(base);
    let name = clean;
    for (let i = 1; this.used.has(name); i++) name = `${clean}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Marks a name as taken (graph inputs and outputs). */
  reserve(name: string): void {
    this.used.add(name);
  }

  /**
   * Adds a node and returns its output names. `outputs` are created from the node name when
   * not given. Each attribute's ONNX type is settled here (see {@link AttributeValue}): a value
   * that does not fit the type the operator declares throws at once, naming the attribute.
   */
  addNode(
    opType: string,
    inputs: string[],
    options: {
      name?: string;
      outputs?: string[];
      outputCount?: number;
      attributes?: Record<string, AttributeValue>;
      domain?: string;
    } = {},
  ): string[] {
    for (const [key, value] of Object.entries(options.attributes ?? {})) {
      typeAttribute(opType, options.domain, key, value);
    }
    const name = this.uniqueName(options.name ?? opType);
    const outputs =
      options.outputs ??
      Array.from({ length: options.outputCount ?? 1 }, (_, i) =>
        this.uniqueName(i === 0 ? `${name}_out` : `${name}_out${i}`),
      );
    this.nodes.push({
      name,
      opType,
      inputs,
      outputs,
      attributes: options.attributes ?? {},
      ...(options.domain ? { domain: options.domain } : {}),
    });
    return outputs;
  }

  /** Adds a float32 initializer and returns its name. */
  addFloatInitializer(base: string, dims: number[], values: ArrayLike<number>): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (count !== values.length) {
      throw new Error(
        `internal error: initializer ${base} has ${values.length} values for dims [${dims}]`,
      );
    }
    const raw = new Uint8Array(values.length * 4);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
    const name = this.uniqueName(base);
    this.initializers.push({ name, dims, dataType: OnnxDataType.FLOAT, raw });
    return name;
  }

  /** Adds an int64 initializer (shapes, axes) and returns its name. */
  addInt64Initializer(base: string, dims: number[], values: number[]): string {
    const raw = new Uint8Array(values.length * 8);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < values.length; i++)
      view.setBigInt64(i * 8, BigInt(values[i] as number), true);
    const name = this.uniqueName(base);
    this.initializers.push({ name, dims, dataType: OnnxDataType.INT64, raw });
    return name;
  }
}

/** Keeps names portable (Triton, file systems): anything outside [A-Za-z0-9_./-] becomes '_'. */
export function sanitizeName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_./-]/g, '_');
  return clean.length > 0 ? clean : 'value';
}
