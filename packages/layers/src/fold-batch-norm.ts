import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { BatchNormalization } from './batch-normalization.js';
import { LayerInputError } from './errors.js';

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

/** The inference affine map of a BN layer, or null when it is not a single-axis BN. */
function bnAffine(layer: Layer): BnAffine | null {
  const rank = (layer.inputSpec?.[0]?.ndim ??
    (layer.input as tfl.SymbolicTensor).shape.length) as number;
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

function chainOf(model: tfl.LayersModel): Layer[] {
  const notChain = (why: string): LayerInputError =>
    new LayerInputError(
      `foldBatchNorm needs a model whose layers form one chain (a Sequential model, or a functional model with one input, one output and no branches); ${why}.`,
    );
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw notChain(`received ${model.inputs.length} inputs and ${model.outputs.length} outputs`);
  }
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  let previous: tfl.SymbolicTensor = model.inputs[0] as tfl.SymbolicTensor;
  for (const layer of layers) {
    let input: tfl.SymbolicTensor | tfl.SymbolicTensor[];
    try {
      input = layer.input;
    } catch {
      throw notChain(`layer ${layer.name} is used more than once`);
    }
    if (Array.isArray(input) || input !== previous) {
      throw notChain(`layer ${layer.name} does not take the previous layer's output`);
    }
    previous = layer.output as tfl.SymbolicTensor;
  }
  if (previous !== model.outputs[0]) throw notChain('the last layer is not the model output');
  return layers;
}

/**
 * Returns an inference model equal in output to `model` with every foldable batch normalization
 * removed (this package's `BatchNormalization` and tfjs-layers' own). A BN is folded backward
 * into a preceding Dense, Conv2D or DepthwiseConv2D whose activation is linear
 * (`W' = W·γ/√(σ²+ε)`, `b' = (b − μ)·γ/√(σ²+ε) + β`), otherwise forward into a following Dense
 * (`W' = diag(k)·W`, `b' = b + s·W`), which is how `Dense(relu) → BN → Dense` folds. A BN that
 * fits neither stays. The original model is not modified.
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
  const layers = chainOf(model);
  const entries: Entry[] = layers.map((layer) => ({
    layer,
    config: layer.getConfig(),
    weights: layer.getWeights(),
  }));
  const out: Entry[] = [];
  const pending: BnAffine[] = [];
  try {
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as Entry;
      const bn = bnAffine(entry.layer);
      if (bn === null) {
        out.push(entry);
        continue;
      }
      pending.push(bn);
      const rank = (entry.layer.input as tfl.SymbolicTensor).shape.length;
      const prev = out[out.length - 1];
      if (prev && outputChannelAxis(prev.layer, rank) === bn.axis) {
        foldBackward(prev, bn);
        continue;
      }
      const next = entries[i + 1];
      if (next && next.layer.getClassName() === 'Dense' && rank === 2 && bn.axis === 1) {
        foldForward(next, bn);
        continue;
      }
      out.push(entry);
    }
  } finally {
    for (const bn of pending) tf.dispose([bn.k, bn.s]);
  }

  const inputShape = (model.inputs[0] as tfl.SymbolicTensor).shape;
  const input = tfl.input({
    batchShape: inputShape,
    dtype: (model.inputs[0] as tfl.SymbolicTensor).dtype,
  });
  let h: tfl.SymbolicTensor = input;
  const built: [Layer, tf.Tensor[]][] = [];
  for (const entry of out) {
    const config = { ...entry.config };
    delete config['batchInputShape'];
    delete config['inputShape'];
    const Ctor = entry.layer.constructor as LayerCtor;
    const layer = new Ctor(config);
    h = layer.apply(h) as tfl.SymbolicTensor;
    built.push([layer, entry.weights]);
  }
  const folded = tfl.model({ inputs: input, outputs: h, name: `${model.name}_folded` });
  for (const [layer, weights] of built) layer.setWeights(weights);
  for (const entry of entries) if (entry.owned) tf.dispose(entry.weights);
  return folded;
}
