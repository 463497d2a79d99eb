import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import { activationName, isSupportedActivation } from './activations.js';
import type { ConverterContext, LayerConverter } from './converter-types.js';
import { describe, findLayerConverter } from './converter-registry.js';
import { OnnxExportError, OnnxOptionError, UnsupportedLayersError } from './errors.js';
import type { UnsupportedLayer } from './errors.js';
import { GraphBuilder, OnnxDataType, sanitizeName } from './graph-builder.js';
import type { AttributeValue, GraphValue } from './graph-builder.js';
import { LayerGraph } from './layer-graph.js';
import { channelsFirstAxis, toChannelsFirstPerm, toChannelsLastPerm } from './layout.js';
import type { BatchNormDecision } from './layer-graph.js';
import { encodeModelProto } from './onnx-proto.js';
import { DEFAULT_OPSET, MAX_OPSET, MIN_OPSET, irVersionForOpset } from './opset.js';
import { bnkitOnnxVersion, tfjsVersions } from './package-info.js';
import { verifyOnnx } from './verify-onnx.js';
import type { VerifyOptions, VerifyReport } from './verify-onnx.js';

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
  /** Run {@link verifyOnnx} after exporting (`true`, or its options). It throws on a mismatch. */
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

/** @internal extra outputs for per-layer verification. */
export interface InternalExportOptions extends ExportOptions {
  exposeLayerOutputs?: boolean;
}

/** @internal */
export interface InternalExportResult extends ExportResult {
  /** tfjs layer name (first call) → ONNX value name, for layers whose output exists unchanged. */
  layerOutputs: Map<string, string>;
}

interface SymbolicLike {
  id: number;
  name: string;
  shape: (number | null)[];
  dtype?: string;
  sourceLayer?: { name?: string };
}

interface ModelLike {
  name?: string;
  inputs: SymbolicLike[];
  outputs: SymbolicLike[];
  layers: unknown[];
  inputNames?: string[];
  outputNames?: string[];
  isTraining?: boolean;
  getClassName(): string;
}

/** Checks that `model` is a built tfjs LayersModel; throws an OnnxOptionError otherwise. */
export function assertLayersModel(model: unknown, where: string): ModelLike {
  const m = model as Partial<ModelLike> | null | undefined;
  if (
    !m ||
    typeof m !== 'object' ||
    typeof m.getClassName !== 'function' ||
    !Array.isArray(m.layers) ||
    !Array.isArray(m.inputs) ||
    !Array.isArray(m.outputs)
  ) {
    throw new OnnxOptionError(
      `${where}: model must be a built tfjs LayersModel (tf.sequential() with an inputShape, or tf.model()), got ${describe(model)}`,
    );
  }
  return m as ModelLike;
}

function resolveOptions(options: ExportOptions): Required<Pick<ExportOptions, 'opset' | 'bn'>> {
  if (options === null || typeof options !== 'object') {
    throw new OnnxOptionError(`exportOnnx: options must be an object, got ${describe(options)}`);
  }
  const opset = options.opset ?? DEFAULT_OPSET;
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new OnnxOptionError(
      `exportOnnx: opset must be an integer from ${MIN_OPSET} to ${MAX_OPSET}, got ${describe(options.opset)}`,
    );
  }
  const bn = options.bn ?? 'fold';
  if (bn !== 'fold' && bn !== 'op' && bn !== 'affine') {
    throw new OnnxOptionError(
      `exportOnnx: bn must be 'fold', 'op' or 'affine', got ${describe(options.bn)}`,
    );
  }
  if (
    options.staticBatch !== undefined &&
    (!Number.isInteger(options.staticBatch) || options.staticBatch < 1)
  ) {
    throw new OnnxOptionError(
      `exportOnnx: staticBatch must be a positive integer, got ${describe(options.staticBatch)}`,
    );
  }
  if (
    options.externalDataThreshold !== undefined &&
    !(typeof options.externalDataThreshold === 'number' && options.externalDataThreshold >= 0)
  ) {
    throw new OnnxOptionError(
      `exportOnnx: externalDataThreshold must be a number of bytes >= 0, got ${describe(options.externalDataThreshold)}`,
    );
  }
  if (options.metadata !== undefined) {
    for (const [key, value] of Object.entries(options.metadata)) {
      if (typeof value !== 'string') {
        throw new OnnxOptionError(
          `exportOnnx: metadata values must be strings, got ${describe(value)} for "${key}"`,
        );
      }
    }
  }
  return { opset, bn };
}

function hashWeights(graph: LayerGraph): string {
  const hash = createHash('sha256');
  const seen = new Set<string>();
  for (const step of graph.steps) {
    if (seen.has(step.name)) continue;
    seen.add(step.name);
    for (const w of step.weights) {
      hash.update(`${w.name}[${w.shape.join(',')}]`);
      hash.update(new Uint8Array(w.values.buffer, w.values.byteOffset, w.values.byteLength));
    }
  }
  return hash.digest('hex');
}

function layerProblem(
  step: { className: string; config: Record<string, unknown>; weights: { name: string }[] },
  converter: LayerConverter | undefined,
  opset: number,
): string | undefined {
  if (!converter && ['Sequential', 'Model', 'Functional', 'LayersModel'].includes(step.className)) {
    return "nested models are not supported yet; build the outer model from the inner model's layers";
  }
  if (!converter) return 'no converter is registered for this class';
  if (converter.minOpset !== undefined && opset < converter.minOpset) {
    return `its converter needs opset >= ${converter.minOpset}, exporting opset ${opset}`;
  }
  if (converter.maxOpset !== undefined && opset > converter.maxOpset) {
    return `its converter supports opset <= ${converter.maxOpset}, exporting opset ${opset}`;
  }
  if ('activation' in step.config) {
    const act = activationName(step.config['activation']);
    if (!isSupportedActivation(act)) return `activation '${act}' has no ONNX lowering`;
  }
  return undefined;
}

/**
 * Converts a tfjs LayersModel to ONNX in memory. The batch dimension is symbolic (`batch`)
 * unless `staticBatch` is given; graph inputs and outputs keep tfjs's layout and names.
 *
 * @example
 * const { bytes, report } = await exportOnnx(model, { opset: 17, bn: 'fold' });
 * console.log(report.opCounts); // { Gemm: 3, Relu: 2, Sigmoid: 1 }
 */
export async function exportOnnx(
  model: tfl.LayersModel,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const result = exportOnnxSync(model, options);
  if (options.verify) {
    const verifyOptions = options.verify === true ? {} : options.verify;
    result.report.verification = await verifyOnnx(model, result, {
      // A fixed batch can only be checked at that size.
      ...(options.staticBatch !== undefined ? { batchSizes: [options.staticBatch] } : {}),
      ...verifyOptions,
      throwOnMismatch: verifyOptions.throwOnMismatch ?? true,
    });
  }
  const { layerOutputs: _unused, ...plain } = result;
  return plain;
}

/** @internal The synchronous core of exportOnnx. */
export function exportOnnxSync(
  model: tfl.LayersModel,
  options: InternalExportOptions = {},
): InternalExportResult {
  const started = performance.now();
  const m = assertLayersModel(model, 'exportOnnx');
  const { opset, bn } = resolveOptions(options);
  if (m.isTraining) {
    throw new OnnxExportError(
      'exportOnnx: the model is training (model.fit is running); export it after fit() resolves',
    );
  }
  const layerGraph = new LayerGraph(m);
  const weightsSha256 = hashWeights(layerGraph);
  layerGraph.removeTrainingOnly();
  const decisions = layerGraph.foldBatchNorms(bn);

  // Every problem at once, before anything is written.
  const problems: UnsupportedLayer[] = [];
  const converters = new Map<string, LayerConverter>();
  for (const step of layerGraph.steps) {
    if (step.removed) continue;
    const converter = findLayerConverter(step.className, step.weights);
    const problem = layerProblem(step, converter, opset);
    if (problem) {
      if (!problems.some((p) => p.name === step.name))
        problems.push({ name: step.name, className: step.className, reason: problem });
    } else if (converter) converters.set(step.className, converter);
  }
  if (problems.length > 0) throw new UnsupportedLayersError(problems);

  const graph = new GraphBuilder();
  /** ONNX value of each tfjs tensor, and whether it is held channels-first. */
  const values = new Map<number, { name: string; cf: boolean; rank: number }>();
  const batchDim = options.staticBatch ?? 'batch';
  const inputNames = tensorNames(m.inputNames, m.inputs);
  m.inputs.forEach((t, i) => {
    const name = graph.uniqueName(inputNames[i] ?? `input_${i}`);
    values.set(t.id, { name, cf: false, rank: t.shape.length });
    graph.inputs.push({
      name,
      dataType: t.dtype === 'int32' ? OnnxDataType.INT32 : OnnxDataType.FLOAT,
      shape: onnxShape(t.shape, batchDim, name),
    });
  });
  // One Transpose per value and direction, shared by every consumer.
  const transposed = new Map<string, string>();
  const inLayout = (v: { name: string; cf: boolean; rank: number }, cf: boolean): string => {
    if (v.rank < 3 || v.cf === cf) return v.name;
    const key = `${v.name}\u0000${cf}`;
    let name = transposed.get(key);
    if (name === undefined) {
      name = graph.addNode('Transpose', [v.name], {
        name: `${v.name}/${cf ? 'to_channels_first' : 'to_channels_last'}`,
        attributes: {
          perm: { ints: cf ? toChannelsFirstPerm(v.rank) : toChannelsLastPerm(v.rank) },
        },
      })[0] as string;
      transposed.set(key, name);
    }
    return name;
  };

  const layerOutputs = new Map<string, { name: string; cf: boolean; rank: number }>();
  const report: ExportReport['layers'] = [];
  const bnMode = bn === 'op' ? 'op' : 'affine';
  for (const step of layerGraph.steps) {
    if (step.removed) {
      report.push({
        name: step.name,
        className: step.className,
        action: step.removed.startsWith('folded') ? 'folded' : 'removed',
        detail: step.removed,
      });
      continue;
    }
    const held = step.inputKeys.map((k) => {
      const v = values.get(layerGraph.resolve(k));
      if (v === undefined) throw new Error(`internal error: ${step.name} input ${k} is unknown`);
      return v;
    });
    const converter = converters.get(step.className) as LayerConverter;
    const layout = converter.layout ?? 'native';
    let cf = false;
    if (layout === 'channels-first') cf = true;
    else if (layout === 'preserve') {
      const rank = held[0]?.rank ?? 0;
      cf = held.every((v) => v.cf && v.rank === rank && rank >= 3);
    }
    const inputs = held.map((v) => inLayout(v, cf));
    const ctx: ConverterContext = {
      layer: step.layer,
      name: step.name,
      className: step.className,
      config: step.config,
      weights: step.weights,
      weight: (suffix) =>
        step.weights.find((w) => w.name === suffix || w.name.endsWith(`/${suffix}`)),
      inputs,
      inputShapes: step.inputShapes,
      outputShapes: step.outputShapes,
      opset,
      graph,
      bnMode,
      channelsFirst: cf,
      axis: (tfjsAxis, rank) =>
        cf && rank >= 3
          ? channelsFirstAxis(tfjsAxis, rank)
          : tfjsAxis < 0
            ? tfjsAxis + rank
            : tfjsAxis,
    };
    let outputs: string[];
    try {
      outputs = converter.convert(ctx);
    } catch (error) {
      throw new UnsupportedLayersError([
        {
          name: step.name,
          className: step.className,
          reason: `its converter failed: ${(error as Error).message}`,
        },
      ]);
    }
    if (!Array.isArray(outputs) || outputs.length !== step.outputKeys.length) {
      throw new UnsupportedLayersError([
        {
          name: step.name,
          className: step.className,
          reason: `its converter returned ${describe(outputs)}; expected ${step.outputKeys.length} output name(s)`,
        },
      ]);
    }
    step.outputKeys.forEach((k, i) => {
      const rank = step.outputShapes[i]?.length ?? 2;
      values.set(k, { name: outputs[i] as string, cf: cf && rank >= 3, rank });
    });
    const firstOut = values.get(step.outputKeys[0] as number);
    if (!layerOutputs.has(step.name) && firstOut) layerOutputs.set(step.name, firstOut);
    report.push({ name: step.name, className: step.className, action: 'converted' });
  }

  const outputNames = tensorNames(m.outputNames, m.outputs);
  const graphInputNames = new Set(graph.inputs.map((i) => i.name));
  const initializerNames = new Set(graph.initializers.map((i) => i.name));
  const taken = new Set<string>();
  const exposed = new Map<string, string>();
  m.outputs.forEach((t, j) => {
    const held = values.get(layerGraph.resolve(t.id));
    if (held === undefined) throw new Error(`internal error: output ${t.name} is unknown`);
    const internal = inLayout(held, false);
    const wanted = graph.uniqueName(outputNames[j] ?? `output_${j}`);
    if (graphInputNames.has(internal) || initializerNames.has(internal) || taken.has(internal)) {
      graph.addNode('Identity', [internal], { name: `${wanted}/Identity`, outputs: [wanted] });
    } else {
      for (const node of graph.nodes) {
        node.outputs = node.outputs.map((o) => (o === internal ? wanted : o));
        node.inputs = node.inputs.map((o) => (o === internal ? wanted : o));
      }
      for (const v of layerOutputs.values()) if (v.name === internal) v.name = wanted;
      for (const v of values.values()) if (v.name === internal) v.name = wanted;
      for (const [k, v] of transposed) if (v === internal) transposed.set(k, wanted);
    }
    taken.add(wanted);
    graph.outputs.push({
      name: wanted,
      dataType: OnnxDataType.FLOAT,
      shape: onnxShape(t.shape, batchDim, wanted),
    });
  });

  if (options.exposeLayerOutputs) {
    const outputs = new Set(graph.outputs.map((o) => o.name));
    for (const [layer, held] of layerOutputs) {
      const v = inLayout(held, false);
      exposed.set(layer, v);
      if (!outputs.has(v) && !graphInputNames.has(v)) {
        outputs.add(v);
        graph.outputs.push({ name: v, dataType: OnnxDataType.FLOAT, shape: [] });
      }
    }
  }

  const tfjs = tfjsVersions();
  const metadata: Record<string, string> = {
    'bnkit.producer': '@bnkit/onnx',
    'bnkit.version': bnkitOnnxVersion(),
    'tfjs.core.version': tfjs.core,
    'tfjs.layers.version': tfjs.layers,
    'source.className': m.getClassName(),
    'source.weights.sha256': weightsSha256,
    'bnkit.bn': bn,
    ...(options.metadata ?? {}),
  };
  const externalName = options.externalDataName ?? 'model.onnx.data';
  const { modelObject, externalData } = toModelProto(graph, {
    opset,
    graphName: options.graphName ?? m.name ?? 'model',
    metadata,
    threshold: options.externalDataThreshold ?? Number.POSITIVE_INFINITY,
    externalName,
  });
  const bytes = encodeModelProto(modelObject);
  const opCounts: Record<string, number> = {};
  for (const node of graph.nodes) opCounts[node.opType] = (opCounts[node.opType] ?? 0) + 1;
  const result: InternalExportResult = {
    bytes,
    report: {
      opset,
      irVersion: irVersionForOpset(opset),
      inputs: graph.inputs.map(({ name, shape, dataType }) => ({
        name,
        elemType: dataType,
        shape,
      })),
      outputs: graph.outputs
        .slice(0, m.outputs.length)
        .map(({ name, shape, dataType }) => ({ name, elemType: dataType, shape })),
      opCounts,
      nodeCount: graph.nodes.length,
      layers: report,
      batchNorm: decisions,
      weightsSha256,
      byteLength: bytes.byteLength,
      externalDataByteLength: externalData?.byteLength ?? 0,
      exportMs: performance.now() - started,
    },
    layerOutputs: exposed,
  };
  if (externalData) result.externalData = { path: externalName, data: externalData };
  return result;
}

/** Graph I/O names: the model's names, else the layer that makes each tensor. */
function tensorNames(
  names: string[] | undefined,
  tensors: { name: string; sourceLayer?: { name?: string } }[],
): string[] {
  if (Array.isArray(names) && names.length === tensors.length) return names;
  return tensors.map((t) => t.sourceLayer?.name ?? t.name);
}

function onnxShape(
  shape: (number | null)[],
  batch: number | string,
  name: string,
): (number | string)[] {
  return shape.map((d, i) => (i === 0 ? (d ?? batch) : (d ?? `${name}_d${i}`)));
}

function attribute(name: string, value: AttributeValue): Record<string, unknown> {
  if (typeof value === 'number') return { name, type: 1, f: value };
  if (typeof value === 'string') return { name, type: 3, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: 6, floats: value };
  if ('int' in value) return { name, type: 2, i: value.int };
  return { name, type: 7, ints: value.ints };
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

function toModelProto(
  graph: GraphBuilder,
  options: {
    opset: number;
    graphName: string;
    metadata: Record<string, string>;
    threshold: number;
    externalName: string;
  },
): { modelObject: Record<string, unknown>; externalData?: Uint8Array } {
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
  const modelObject = {
    ir_version: irVersionForOpset(options.opset),
    opset_import: [{ domain: '', version: options.opset }],
    producer_name: 'bnkit',
    producer_version: bnkitOnnxVersion(),
    graph: {
      name: sanitizeName(options.graphName),
      node: graph.nodes.map((n) => ({
        name: n.name,
        op_type: n.opType,
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attributes).map(([k, v]) => attribute(k, v)),
        ...(n.domain ? { domain: n.domain } : {}),
      })),
      initializer,
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    },
    metadata_props: Object.entries(options.metadata).map(([key, value]) => ({ key, value })),
  };
  return { modelObject, ...(externalData ? { externalData } : {}) };
}

/**
 * Exports a model with {@link exportOnnx} and writes it to `file` (via a temporary name and a
 * rename). External data, if any, is written beside it.
 *
 * @example
 * const report = await saveOnnx(model, 'model.onnx', { opset: 17 });
 */
export async function saveOnnx(
  model: tfl.LayersModel,
  file: string,
  options: ExportOptions = {},
): Promise<ExportReport> {
  if (typeof file !== 'string' || file.length === 0) {
    throw new OnnxOptionError(`saveOnnx: path must be a non-empty string, got ${describe(file)}`);
  }
  const result = await exportOnnx(model, options);
  if (result.externalData) {
    writeFileAtomic(
      path.join(path.dirname(file), result.externalData.path),
      result.externalData.data,
    );
  }
  writeFileAtomic(file, result.bytes);
  return result.report;
}

/** Writes to `<file>.tmp-<pid>` then renames, so readers never see a partial file. */
export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}
