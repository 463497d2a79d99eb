import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { BatchNormalization } from './batch-normalization.js';
import { LayerInputError } from './errors.js';
import { traceGraph } from './model-graph.js';
import type { Call } from './model-graph.js';

type Layer = tfl.layers.Layer;
type LayerCtor = new (config: tf.serialization.ConfigDict) => Layer;

/** A BN layer seen as the per-channel affine map `y = x·k + s` it computes in inference. */
interface BnAffine {
  /** Axis of the layer input holding the channels, non-negative. */
  axis: number;
  k: tf.Tensor1D;
  s: tf.Tensor1D;
}

interface Entry {
  layer: Layer;
  config: tf.serialization.ConfigDict;
  weights: tf.Tensor[];
  /** True once `weights` are new tensors owned here (disposed after use). */
  owned?: boolean;
}

function isTfjsBatchNorm(layer: Layer): boolean {
  return layer.getClassName() === 'BatchNormalization';
}

/** The inference affine map of a BN layer called on a rank-`rank` input; null if not a 1-axis BN. */
function bnAffine(layer: Layer, rank: number): BnAffine | null {
  if (layer instanceof BatchNormalization) {
    const axes = Array.isArray(layer.axis) ? layer.axis : [layer.axis];
    if (axes.length !== 1 || layer.movingMean === null || layer.movingVariance === null)
      return null;
    const axis = (axes[0] as number) < 0 ? (axes[0] as number) + rank : (axes[0] as number);
    const mm = layer.movingMean.read();
    const mv = layer.movingVariance.read();
    return tf.tidy(() => {
      let k = tf.rsqrt(tf.add(mv, layer.epsilon));
      if (layer.gamma !== null) k = tf.mul(k, layer.gamma.read());
      let s = tf.neg(tf.mul(mm, k));
      if (layer.beta !== null) s = tf.add(s, layer.beta.read());
      return { axis, k: k as tf.Tensor1D, s: s as tf.Tensor1D };
    });
  }
  if (isTfjsBatchNorm(layer)) {
    const config = layer.getConfig();
    const rawAxis = config['axis'] as number;
    const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
    const weights = layer.getWeights();
    let i = 0;
    const gamma = config['scale'] ? weights[i++] : undefined;
    const beta = config['center'] ? weights[i++] : undefined;
    const mm = weights[i++] as tf.Tensor;
    const mv = weights[i++] as tf.Tensor;
    const eps = config['epsilon'] as number;
    return tf.tidy(() => {
      let k = tf.rsqrt(tf.add(mv, eps));
      if (gamma) k = tf.mul(k, gamma);
      let s = tf.neg(tf.mul(mm, k));
      if (beta) s = tf.add(s, beta);
      return { axis, k: k as tf.Tensor1D, s: s as tf.Tensor1D };
    });
  }
  return null;
}

/** The channel axis of a layer's output, for the layers BN can fold into; null otherwise. */
function outputChannelAxis(layer: Layer, rank: number): number | null {
  const cls = layer.getClassName();
  const config = layer.getConfig();
  const activation = config['activation'];
  if (activation !== 'linear' && activation !== undefined && activation !== null) return null;
  if (cls === 'Dense') return rank - 1;
  if (cls === 'Conv2D' || cls === 'DepthwiseConv2D') {
    return config['dataFormat'] === 'channelsFirst' ? 1 : rank - 1;
  }
  return null;
}

/** Folds `y = (xW + b)·k + s` into W' = W·k (per output channel), b' = b·k + s. */
function foldBackward(entry: Entry, bn: BnAffine): void {
  const cls = entry.layer.getClassName();
  const useBias = entry.config['useBias'] !== false;
  const [kernel, bias] = entry.weights as [tf.Tensor, tf.Tensor | undefined];
  const folded = tf.tidy(() => {
    let k: tf.Tensor = bn.k;
    if (cls === 'DepthwiseConv2D') {
      // kernel [kh, kw, in, multiplier]; output channel c = i·multiplier + m
      k = tf.reshape(bn.k, [kernel.shape[2] as number, kernel.shape[3] as number]);
    }
    const newKernel = tf.mul(kernel, k);
    const newBias = useBias && bias ? tf.add(tf.mul(bias, bn.k), bn.s) : tf.clone(bn.s);
    return [newKernel, newBias];
  });
  if (entry.owned) tf.dispose(entry.weights);
  entry.weights = folded;
  entry.owned = true;
  entry.config = { ...entry.config, useBias: true };
}

/** Folds `((x·k + s)W + b)` into the following Dense: W' = diag(k)·W, b' = b + s·W. */
function foldForward(entry: Entry, bn: BnAffine): void {
  const useBias = entry.config['useBias'] !== false;
  const [kernel, bias] = entry.weights as [tf.Tensor2D, tf.Tensor | undefined];
  const folded = tf.tidy(() => {
    const newKernel = tf.mul(kernel, tf.reshape(bn.k, [-1, 1]));
    const shift = tf.reshape(tf.matMul(tf.reshape(bn.s, [1, -1]), kernel), [-1]);
    const newBias = useBias && bias ? tf.add(bias, shift) : shift;
    return [newKernel, newBias];
  });
  if (entry.owned) tf.dispose(entry.weights);
  entry.weights = folded;
  entry.owned = true;
  entry.config = { ...entry.config, useBias: true };
}

/** The layer a new model uses in place of `layer`: a fresh copy, or a folded nested model. */
function rebuildLayer(layer: Layer, entry: Entry): Layer {
  if (layer instanceof tfl.LayersModel) return foldBatchNorm(layer);
  const config = { ...entry.config };
  delete config['batchInputShape'];
  delete config['inputShape'];
  return new (layer.constructor as LayerCtor)(config);
}

/**
 * Returns an inference model equal in output to `model` with every foldable batch normalization
 * removed (this package's `BatchNormalization` and tfjs-layers' own). A BN is folded backward
 * into a preceding Dense, Conv2D or DepthwiseConv2D whose activation is linear
 * (`W' = W·γ/√(σ²+ε)`, `b' = (b − μ)·γ/√(σ²+ε) + β`), otherwise forward into a following Dense
 * (`W' = diag(k)·W`, `b' = b + s·W`), which is how `Dense(relu) → BN → Dense` folds. Any graph:
 * branches, several inputs and outputs, shared layers, nested models (folded in turn). A fold
 * needs the tensor between the two layers to have no other use and both layers to be called once;
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
  const graph = traceGraph(model);
  const entries = new Map<Layer, Entry>();
  for (const { layer } of graph.calls) {
    if (!entries.has(layer)) {
      entries.set(layer, {
        layer,
        config: layer instanceof tfl.LayersModel ? {} : layer.getConfig(),
        weights: layer instanceof tfl.LayersModel ? [] : layer.getWeights(),
      });
    }
  }
  const calledOnce = (layer: Layer) => graph.callCount.get(layer) === 1;
  const usedOnlyOnce = (t: tfl.SymbolicTensor) => graph.uses.get(t.id) === 1;
  // A BN folded backward is replaced by its producer's output, forward by its own input.
  const foldedBackward = new Map<Call, Call>();
  const foldedForward = new Set<Call>();
  const pending: BnAffine[] = [];
  try {
    for (const call of graph.calls) {
      const input = call.inputs[0] as tfl.SymbolicTensor;
      const rank = input.shape.length;
      const bn =
        calledOnce(call.layer) && call.inputs.length === 1 ? bnAffine(call.layer, rank) : null;
      if (bn === null) continue;
      pending.push(bn);
      let producer = graph.producer.get(input.id);
      if (producer !== undefined) producer = foldedBackward.get(producer) ?? producer;
      if (
        producer !== undefined &&
        usedOnlyOnce(input) &&
        producer.outputs.length === 1 &&
        calledOnce(producer.layer) &&
        !foldedForward.has(producer) &&
        outputChannelAxis(producer.layer, rank) === bn.axis
      ) {
        foldBackward(entries.get(producer.layer) as Entry, bn);
        foldedBackward.set(call, producer);
        continue;
      }
      const output = call.outputs[0] as tfl.SymbolicTensor;
      const next = graph.calls.find((c) => c.inputs.includes(output));
      if (
        next !== undefined &&
        usedOnlyOnce(output) &&
        next.inputs.length === 1 &&
        calledOnce(next.layer) &&
        next.layer.getClassName() === 'Dense' &&
        rank === 2 &&
        bn.axis === 1
      ) {
        foldForward(entries.get(next.layer) as Entry, bn);
        foldedForward.add(call);
      }
    }
  } finally {
    for (const bn of pending) tf.dispose([bn.k, bn.s]);
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
    if (foldedBackward.has(call) || foldedForward.has(call)) {
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
  const folded = tfl.model({
    inputs: inputs.length === 1 ? inputs[0]! : inputs,
    outputs: outputs.length === 1 ? outputs[0]! : outputs,
    name: `${model.name}_folded`,
  });
  for (const [original, layer] of layers) {
    if (!(original instanceof tfl.LayersModel)) layer.setWeights(entries.get(original)!.weights);
  }
  for (const entry of entries.values()) if (entry.owned) tf.dispose(entry.weights);
  return folded;
}
