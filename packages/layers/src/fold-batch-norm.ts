import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  foldAffineIntoNextDense,
  foldAffineIntoPrevious,
  planBatchNormFolds,
  readLayerWeights,
  traceModelGraph,
} from '@bnkit/core';
import type { GraphCall, LayerWeightValues } from '@bnkit/core';
import { LayerInputError } from './errors.js';

type Layer = tfl.layers.Layer;
type LayerCtor = new (config: tf.serialization.ConfigDict) => Layer;

/** A layer of the folded model: its config and weights, updated by each fold into it. */
interface Entry {
  config: Record<string, unknown>;
  weights: LayerWeightValues[];
}

/** The layer a new model uses in place of `layer`: a fresh copy, or a folded nested model. */
function rebuildLayer(layer: Layer, entry: Entry): Layer {
  if (layer instanceof tfl.LayersModel) return foldBatchNorm(layer);
  const config = { ...entry.config };
  delete config['batchInputShape'];
  delete config['inputShape'];
  return new (layer.constructor as LayerCtor)(config as tf.serialization.ConfigDict);
}

/**
 * Returns an inference model equal in output to `model` with every foldable batch normalization
 * removed (this package's `BatchNormalization` and tfjs-layers' own). A BN is folded backward
 * into a preceding Dense, Conv2D or DepthwiseConv2D whose activation is linear
 * (`W' = W·γ/√(σ²+ε)`, `b' = (b − μ)·γ/√(σ²+ε) + β`), otherwise forward into a following Dense
 * (`W' = diag(k)·W`, `b' = b + s·W`), which is how `Dense(relu) → BN → Dense` folds. Any graph:
 * branches, several inputs and outputs, shared layers, nested models (folded in turn). A fold
 * needs the tensor between the two layers to have no other use and both layers to be called once
 * (the graph tracing and these decisions are @bnkit/core's `planBatchNormFolds`, shared with the
 * ONNX exporter);
 * a BN that fits neither rule stays. The original model is not modified.
 *
 * @example
 * ```ts
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { batchNormalization, foldBatchNorm } from '@bnkit/layers';
 *
 * const model = tfl.sequential({ layers: [
 *   tfl.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }),
 *   batchNormalization(),
 *   tfl.layers.dense({ units: 1 }),
 * ] });
 * const folded = foldBatchNorm(model); // two Dense layers, same predictions
 * ```
 */
export function foldBatchNorm(model: tfl.LayersModel): tfl.LayersModel {
  if (!(model instanceof tfl.LayersModel)) {
    throw new LayerInputError(
      `foldBatchNorm expects a tfjs-layers LayersModel (tf.sequential or tf.model); received ${typeof model}.`,
    );
  }
  // The graph and the decisions come from @bnkit/core, shared with the ONNX exporter.
  const graph = traceModelGraph(model);
  const entries = new Map<Layer, Entry>();
  for (const { layer } of graph.calls) {
    if (!entries.has(layer)) {
      const nested = layer instanceof tfl.LayersModel;
      entries.set(layer, {
        config: nested ? {} : (layer.getConfig() as Record<string, unknown>),
        weights: nested ? [] : readLayerWeights(layer),
      });
    }
  }
  const plan = planBatchNormFolds(graph, {
    sharedLayers: 'never',
    describe: (call) => {
      const entry = entries.get(call.layer) as Entry;
      return { className: call.layer.getClassName(), config: entry.config, weights: entry.weights };
    },
  });
  const folded = new Set<GraphCall>();
  for (const decision of plan) {
    if (decision.fold === 'kept') continue;
    const { params, target } = decision;
    const entry = entries.get(target.layer) as Entry;
    const result =
      decision.fold === 'into-previous'
        ? foldAffineIntoPrevious(
            target.layer.name,
            target.layer.getClassName(),
            entry.weights,
            entry.config,
            params.scale,
            params.shift,
          )
        : foldAffineIntoNextDense(
            target.layer.name,
            entry.weights,
            entry.config,
            params.scale,
            params.shift,
          );
    entry.weights = result.weights;
    entry.config = result.config;
    folded.add(decision.bn);
  }

  const rebuilt = new Map<number, tfl.SymbolicTensor>();
  const inputs = model.inputs.map((t) => {
    const input = tfl.input({ batchShape: t.shape, dtype: t.dtype });
    rebuilt.set(t.id, input);
    return input;
  });
  const mapped = (t: tfl.SymbolicTensor) => rebuilt.get(t.id) as tfl.SymbolicTensor;
  const layers = new Map<Layer, Layer>();
  for (const call of graph.calls) {
    const output = call.outputs[0] as tfl.SymbolicTensor;
    if (folded.has(call)) {
      rebuilt.set(output.id, mapped(call.inputs[0] as tfl.SymbolicTensor));
      continue;
    }
    let layer = layers.get(call.layer);
    if (layer === undefined) {
      layer = rebuildLayer(call.layer, entries.get(call.layer) as Entry);
      layers.set(call.layer, layer);
    }
    const args = call.inputs.map(mapped);
    const result = layer.apply(args.length === 1 ? args[0]! : args, call.callArgs);
    const results = (Array.isArray(result) ? result : [result]) as tfl.SymbolicTensor[];
    call.outputs.forEach((t, i) => rebuilt.set(t.id, results[i] as tfl.SymbolicTensor));
  }
  const outputs = model.outputs.map(mapped);
  const foldedModel = tfl.model({
    inputs: inputs.length === 1 ? inputs[0]! : inputs,
    outputs: outputs.length === 1 ? outputs[0]! : outputs,
    name: `${model.name}_folded`,
  });
  for (const [original, layer] of layers) {
    if (original instanceof tfl.LayersModel) continue;
    const weights = (entries.get(original) as Entry).weights;
    const tensors = weights.map((w) => tf.tensor(w.values, w.shape, 'float32'));
    try {
      layer.setWeights(tensors);
    } finally {
      tf.dispose(tensors);
    }
  }
  return foldedModel;
}
