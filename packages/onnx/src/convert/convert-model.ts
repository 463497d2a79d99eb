import type * as tfl from '@tensorflow/tfjs-layers';
import { describeValue, sha256Hex, weightBySuffix } from '@bnkit/core';
import { activationName, isSupportedActivation } from '../converters/activation-ops.js';
import type { ConverterContext, LayerConverter } from '../converters/converter-types.js';
import { findLayerConverters, pickConverterVersion, sinceOpset } from '../converters/registry.js';
import { OnnxExportError, UnsupportedLayersError } from '../errors.js';
import type { UnsupportedLayer } from '../errors.js';
import type { ExportOptions, ExportReport, ExportResult } from '../export-types.js';
import { GraphBuilder, OnnxDataType } from '../graph-builder.js';
import { OnnxAttributeError } from '../model-proto/attributes.js';
import { buildModelProto } from '../model-proto/build-model-proto.js';
import { irVersionForOpset } from '../opset.js';
import { argumentErrorsIn } from '../session/session-argument-error.js';
import { bnkitOnnxVersion, tfjsVersions } from '../package-info.js';
import { LayerSteps } from './layer-steps.js';
import { channelsFirstAxis, toChannelsFirstPerm, toChannelsLastPerm } from './layout.js';

/** @internal extra outputs for per-layer verification. */
export interface InternalExportOptions extends ExportOptions {
  /** Already validated by exportOnnx. */
  opset: number;
  bn: 'fold' | 'op' | 'affine';
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
    const errors = argumentErrorsIn(where);
    throw new errors(
      'model',
      model,
      'a built tfjs LayersModel (tf.sequential() with an inputShape, or tf.model())',
    );
  }
  return m as ModelLike;
}

/** sha256 of the source weights: each layer once, `name[shape]` then its float32 bytes. */
function hashWeights(steps: LayerSteps): string {
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  const seen = new Set<string>();
  for (const step of steps.steps) {
    if (seen.has(step.name)) continue;
    seen.add(step.name);
    for (const w of step.weights) {
      parts.push(encoder.encode(`${w.name}[${w.shape.join(',')}]`));
      parts.push(new Uint8Array(w.values.buffer, w.values.byteOffset, w.values.byteLength));
    }
  }
  const all = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    all.set(p, offset);
    offset += p.byteLength;
  }
  return sha256Hex(all);
}

function layerProblem(
  step: { className: string; config: Record<string, unknown> },
  hasConverter: boolean,
): string | undefined {
  if (
    !hasConverter &&
    ['Sequential', 'Model', 'Functional', 'LayersModel'].includes(step.className)
  ) {
    return "nested models are not supported yet; build the outer model from the inner model's layers";
  }
  if (!hasConverter) return 'no converter is registered for this class';
  if ('activation' in step.config) {
    const act = activationName(step.config['activation']);
    if (!isSupportedActivation(act)) return `activation '${act}' has no ONNX lowering`;
  }
  return undefined;
}

/**
 * The conversion driver: traces the model, removes training-only layers, folds BN, checks that
 * every layer has a converter for the opset (all problems at once), runs the converters in
 * graph order with the fewest layout Transposes, names the graph outputs, and builds the
 * ModelProto. The public entry is exportOnnx (export-onnx.ts); verifyOnnx calls this directly
 * for its per-layer search.
 *
 * @example
 * const { bytes, report } = convertModel(model, { opset: 17, bn: 'fold' });
 */
export function convertModel(
  model: tfl.LayersModel,
  options: InternalExportOptions,
): InternalExportResult {
  const started = performance.now();
  const m = assertLayersModel(model, 'exportOnnx');
  const { opset, bn } = options;
  if (m.isTraining) {
    throw new OnnxExportError(
      'exportOnnx: the model is training (model.fit is running); export it after fit() resolves',
    );
  }
  const layerGraph = new LayerSteps(m as unknown as tfl.LayersModel);
  const weightsSha256 = hashWeights(layerGraph);
  layerGraph.removeTrainingOnly();
  const decisions = layerGraph.foldBatchNorms(bn);

  // Every problem at once, before anything is written.
  const problems: UnsupportedLayer[] = [];
  const converters = new Map<string, LayerConverter>();
  const versions = new Map<string, { source: 'builtin' | 'registered'; minOpset: number }>();
  for (const step of layerGraph.steps) {
    if (step.removed) continue;
    const found = findLayerConverters(step.className, step.weights);
    const picked = found ? pickConverterVersion(found.versions, opset) : undefined;
    const problem =
      picked && 'problem' in picked ? picked.problem : layerProblem(step, found !== undefined);
    if (problem) {
      if (!problems.some((p) => p.name === step.name))
        problems.push({ name: step.name, className: step.className, reason: problem });
    } else if (found && picked && 'converter' in picked) {
      converters.set(step.className, picked.converter);
      versions.set(step.className, {
        source: found.source,
        minOpset: sinceOpset(picked.converter),
      });
    }
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
      weight: (suffix) => weightBySuffix(step.weights, suffix),
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
      if (error instanceof OnnxAttributeError) {
        throw new OnnxAttributeError(`${step.name} (${step.className}): ${error.message}`);
      }
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
          reason: `its converter returned ${describeValue(outputs)}; expected ${step.outputKeys.length} output name(s)`,
        },
      ]);
    }
    step.outputKeys.forEach((k, i) => {
      const rank = step.outputShapes[i]?.length ?? 2;
      values.set(k, { name: outputs[i] as string, cf: cf && rank >= 3, rank });
    });
    const firstOut = values.get(step.outputKeys[0] as number);
    if (!layerOutputs.has(step.name) && firstOut) layerOutputs.set(step.name, firstOut);
    report.push({
      name: step.name,
      className: step.className,
      action: 'converted',
      converter: versions.get(step.className) as {
        source: 'builtin' | 'registered';
        minOpset: number;
      },
    });
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
  const { bytes, externalData } = buildModelProto(graph, {
    opset,
    graphName: options.graphName ?? m.name ?? 'model',
    producerVersion: bnkitOnnxVersion(),
    metadata,
    threshold: options.externalDataThreshold ?? Number.POSITIVE_INFINITY,
    externalName,
  });
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
