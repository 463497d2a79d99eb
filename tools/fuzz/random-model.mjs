// A seeded generator of small random tfjs-layers models for the export fuzz (issue 12, "Export
// fuzz in CI"). Everything random comes from one small PRNG (mulberry32), so a model is a pure
// function of its seed: the same seed builds the same layers, weights and inputs on any machine.
//
// Coverage: Dense (rank 2 and rank 3 inputs), Conv2D, DepthwiseConv2D, max/average pooling (2D
// and global, 1D global), Flatten, Dropout, every activation that both tfjs-layers and the
// exporter know (as `activation:` arguments and as Activation / ReLU / LeakyReLU / ELU /
// ThresholdedReLU / PReLU / Softmax layers), BatchNormalization from tfjs-layers and from bnkit
// (random axis, center, scale, epsilon, momentum; bnkit's renorm, virtualBatchSize, momentum null
// and varianceCorrection, which change training only and must export like plain BN), bnkit's
// GroupNormalization, LayerNormalization, Add / Concatenate / Multiply / Average / Maximum /
// Minimum merges of branches, two-input models, two-output models, shared layers (one layer
// applied to two tensors) and self-applied layers (`l.apply(l.apply(x))`). Weights, including BN
// moving statistics, gamma and beta, are set after the build to random non-default values.
//
// Not generated, because the exporter refuses them on purpose (an UnsupportedLayersError, not a
// crash): BN over several axes, and GroupNormalization over a non-last axis.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { batchNormalization, groupNormalization } from '@bnkit/layers';
import { mulberry32 } from '../testing/seeded-random.cjs';

/** Activations accepted by tfjs-layers 4.22 that the exporter lowers (all of them). */
export const ACTIVATIONS = [
  'linear',
  'relu',
  'relu6',
  'sigmoid',
  'hardSigmoid',
  'tanh',
  'softmax',
  'logSoftmax',
  'elu',
  'selu',
  'softplus',
  'softsign',
  'swish',
  'mish',
  'gelu',
  'gelu_new',
];

/** Opsets the fuzz exports at (the exporter accepts 13 to 21). */
export const OPSETS = [13, 15, 17, 17, 17, 18, 20, 21];

/** murmur3's 32-bit finalizer over several integers: a well-mixed seed from (seed, index, ...). */
export function mixSeed(...parts) {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (Number(part) >>> 0), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/**
 * A small deterministic PRNG (mulberry32) with the helpers the generator needs.
 *
 * @example
 * const rng = createRng(42);
 * rng.int(1, 6); // the same number on every run
 */
export function createRng(seed) {
  const next = mulberry32(mixSeed(seed));
  const rng = {
    next,
    /** Integer in [lo, hi], both included. */
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    bool: (p = 0.5) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    /** Picks a key of `{ key: weight }` with probability proportional to its weight. */
    weighted(table) {
      const entries = Object.entries(table).filter(([, w]) => w > 0);
      let r = next() * entries.reduce((a, [, w]) => a + w, 0);
      for (const [key, w] of entries) {
        r -= w;
        if (r < 0) return key;
      }
      return entries[entries.length - 1][0];
    },
    normal() {
      const u = Math.max(next(), 1e-12);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
  };
  return rng;
}

const dimsOf = (t) => t.shape.slice(1);
const fmt = (v) => JSON.stringify(v);

/** Builds one random model, recording a one-line description of every layer call. */
class Generator {
  constructor(rng, referenceBn) {
    this.rng = rng;
    this.referenceBn = referenceBn;
    this.lines = [];
    this.tags = new Set();
    this.tfjsNonLastAxisBn = 0;
    this.made = [];
    this.depth = 0;
    // Whether the model is one chain (each layer called once, on the previous output), so that it
    // can also be built as a tf.sequential from the same layers.
    this.linear = true;
    this.chain = [];
    this.last = undefined;
  }

  log(text) {
    this.lines.push(`${'  '.repeat(this.depth)}${text}`);
  }

  /** Applies `layer` to `inputs` and records the call. */
  call(layer, inputs, text) {
    if (Array.isArray(inputs) || inputs !== this.last || this.chain.includes(layer)) {
      this.linear = false;
    }
    this.chain.push(layer);
    const out = layer.apply(inputs);
    this.last = out;
    const shapes = (Array.isArray(inputs) ? inputs : [inputs]).map((t) => fmt(dimsOf(t)));
    this.log(`${text} ${shapes.join(' + ')} -> ${fmt(dimsOf(out))}`);
    this.made.push(out);
    return out;
  }

  activationName(linearBias = 0.4) {
    const activation = this.rng.bool(linearBias) ? 'linear' : this.rng.pick(ACTIVATIONS);
    this.tags.add(`activation:${activation}`);
    return activation;
  }

  epsilon() {
    return this.rng.pick([1e-3, 1e-3, 1e-5, 1e-2, 0.1, 0]);
  }

  /**
   * Epsilon of a per-sample normalization (GroupNormalization, LayerNormalization): not below
   * 1e-3. Over a group of two or three values their variance can be tiny, and the output's error
   * then grows like float32 rounding / sqrt(epsilon): 1e-5 gives ~2e-5 on correct exports, too
   * close to the 1e-4 tolerance; 0 gives 0/0 for a group of one value.
   */
  sampleEpsilon() {
    return this.rng.pick([1e-3, 1e-3, 1e-2, 0.1]);
  }

  // ---- layers ---------------------------------------------------------------------------------

  denseLayer(units, activation = this.activationName()) {
    const useBias = this.rng.bool(0.8);
    const args = { units, useBias };
    if (activation !== 'linear' || this.rng.bool(0.3)) args.activation = activation;
    this.tags.add('Dense');
    return { layer: tfl.layers.dense(args), text: `Dense${fmt(args)}` };
  }

  convLayer(t, filters, { same = false, stride1 = false, activation } = {}) {
    const [h, w] = dimsOf(t);
    const padding = same ? 'same' : this.rng.pick(['same', 'valid']);
    const strides = stride1 ? 1 : this.rng.pick([1, 1, 2]);
    const maxK = padding === 'valid' ? Math.min(h, w, 3) : 3;
    const kernelSize = this.rng.int(1, maxK);
    const args = {
      filters,
      kernelSize,
      strides,
      padding,
      useBias: this.rng.bool(0.8),
      activation: activation ?? this.activationName(),
    };
    if (strides === 1 && kernelSize > 1 && this.rng.bool(0.15)) {
      const dilated = (kernelSize - 1) * 2 + 1;
      if (padding === 'same' || dilated <= Math.min(h, w)) args.dilationRate = 2;
    }
    this.tags.add('Conv2D');
    return { layer: tfl.layers.conv2d(args), text: `Conv2D${fmt(args)}` };
  }

  depthwiseLayer(t, { same = false, stride1 = false, multiplier, activation } = {}) {
    const [h, w] = dimsOf(t);
    const padding = same ? 'same' : this.rng.pick(['same', 'valid']);
    const strides = stride1 ? 1 : this.rng.pick([1, 1, 2]);
    const maxK = padding === 'valid' ? Math.min(h, w, 3) : 3;
    const args = {
      kernelSize: this.rng.int(1, maxK),
      depthMultiplier: multiplier ?? this.rng.int(1, 2),
      strides,
      padding,
      useBias: this.rng.bool(0.7),
      activation: activation ?? this.activationName(),
    };
    this.tags.add('DepthwiseConv2D');
    return { layer: tfl.layers.depthwiseConv2d(args), text: `DepthwiseConv2D${fmt(args)}` };
  }

  separableLayer(t, activation) {
    const rng = this.rng;
    const [h, w] = dimsOf(t);
    const padding = rng.pick(['same', 'valid']);
    const args = {
      filters: rng.int(1, 4),
      kernelSize: rng.int(1, padding === 'valid' ? Math.min(h, w, 3) : 3),
      depthMultiplier: rng.int(1, 2),
      strides: rng.pick([1, 1, 2]),
      padding,
      useBias: rng.bool(0.8),
      activation: activation ?? this.activationName(),
    };
    this.tags.add('SeparableConv2D');
    return { layer: tfl.layers.separableConv2d(args), text: `SeparableConv2D${fmt(args)}` };
  }

  conv1dLayer(t, activation) {
    const rng = this.rng;
    const [steps] = dimsOf(t);
    // Not 'causal': tfjs-core 4.22's conv1d does not run it ("not implemented yet").
    const padding = rng.pick(['same', 'valid']);
    const args = {
      filters: rng.int(1, 4),
      kernelSize: rng.int(1, padding === 'valid' ? Math.min(steps, 3) : 3),
      strides: 1,
      padding,
      useBias: rng.bool(0.8),
      activation: activation ?? this.activationName(),
    };
    if (rng.bool(0.3)) args.strides = 2;
    else {
      const dilate = rng.bool(0.3);
      const dilated = (args.kernelSize - 1) * 2 + 1;
      if (dilate && args.kernelSize > 1 && (padding !== 'valid' || dilated <= steps)) {
        args.dilationRate = 2;
      }
    }
    this.tags.add('Conv1D');
    return { layer: tfl.layers.conv1d(args), text: `Conv1D${fmt(args)}` };
  }

  poolLayer(t, { same = false, stride1 = false } = {}) {
    const [h, w] = dimsOf(t);
    const max = this.rng.bool();
    const padding = same ? 'same' : this.rng.pick(['same', 'valid']);
    const poolSize = this.rng.int(1, padding === 'valid' ? Math.min(h, w, 3) : 3);
    const args = { poolSize, padding };
    if (stride1) args.strides = 1;
    else if (this.rng.bool(0.4)) args.strides = this.rng.int(1, 2);
    const name = max ? 'MaxPooling2D' : 'AveragePooling2D';
    this.tags.add(name);
    const layer = max ? tfl.layers.maxPooling2d(args) : tfl.layers.averagePooling2d(args);
    return { layer, text: `${name}${fmt(args)}` };
  }

  /** A BatchNormalization layer (tfjs-layers' or bnkit's) for a tensor of `rank` (with batch). */
  bnLayer(rank, { lastAxis = false, which } = {}) {
    const rng = this.rng;
    const kind = which ?? (rng.bool() ? 'tfjs' : 'bnkit');
    const last = lastAxis || rng.bool(0.5);
    const axis = last ? rng.pick([-1, rank - 1]) : rng.pick([...range(1, rank - 1), -rank + 1]);
    const args = {
      axis,
      center: rng.bool(0.8),
      scale: rng.bool(0.8),
      epsilon: this.epsilon(),
      momentum: rng.pick([0.99, 0.9, 0.5]),
    };
    const positive = axis < 0 ? axis + rank : axis;
    if (kind === 'bnkit') {
      if (rng.bool(0.25)) {
        args.renorm = true;
        if (rng.bool()) args.renormClipping = { rmax: 3, rmin: 1 / 3, dmax: 5 };
      }
      if (rng.bool(0.2)) args.virtualBatchSize = rng.int(1, 2);
      if (rng.bool(0.1)) args.momentum = null;
      if (rng.bool(0.2)) args.varianceCorrection = 'unbiased';
      this.tags.add('bnkit.BatchNormalization');
      return { layer: batchNormalization(args), text: `bnkit.BatchNormalization${fmt(args)}` };
    }
    this.tags.add('tfjs.BatchNormalization');
    if (positive !== rank - 1) {
      // tfjs-layers computes BN over a non-last axis wrongly (specs/batchnorm.md): the reference
      // build swaps in bnkit's layer, same arguments and weights, to get the right answer.
      this.tfjsNonLastAxisBn++;
      this.tags.add('tfjs.BatchNormalization(non-last axis)');
      if (this.referenceBn) {
        return { layer: batchNormalization(args), text: `tfjs.BatchNormalization${fmt(args)}` };
      }
    }
    return {
      layer: tfl.layers.batchNormalization(args),
      text: `tfjs.BatchNormalization${fmt(args)}`,
    };
  }

  gnLayer(t) {
    const rank = t.shape.length;
    const channels = t.shape[rank - 1];
    const groups = this.rng.pick([-1, ...divisors(channels)]);
    const args = {
      groups,
      axis: this.rng.pick([-1, rank - 1]),
      epsilon: this.sampleEpsilon(),
      center: this.rng.bool(0.8),
      scale: this.rng.bool(0.8),
    };
    this.tags.add('GroupNormalization');
    return { layer: groupNormalization(args), text: `bnkit.GroupNormalization${fmt(args)}` };
  }

  /** A layer that keeps the shape of `t`, with a description. */
  preservingLayer(t) {
    const rng = this.rng;
    const rank = t.shape.length;
    const dims = dimsOf(t);
    const last = dims[dims.length - 1];
    const kind = rng.weighted({
      activation: 3,
      advanced: 2,
      dropout: 1,
      bn: 4,
      gn: 1.5,
      layerNorm: 0.5,
      dense: rank <= 3 ? 1.5 : 0,
      conv: rank === 4 ? 1.5 : 0,
      depthwise: rank === 4 ? 1 : 0,
      pool: rank === 4 ? 1 : 0,
    });
    switch (kind) {
      case 'activation': {
        const activation = rng.pick(ACTIVATIONS);
        this.tags.add(`Activation(${activation})`);
        return {
          layer: tfl.layers.activation({ activation }),
          text: `Activation{"activation":"${activation}"}`,
        };
      }
      case 'advanced':
        return this.advancedActivation(t);
      case 'dropout': {
        const rate = Number(rng.uniform(0.1, 0.6).toFixed(2));
        this.tags.add('Dropout');
        return { layer: tfl.layers.dropout({ rate }), text: `Dropout{"rate":${rate}}` };
      }
      case 'bn':
        return this.bnLayer(rank);
      case 'gn':
        return this.gnLayer(t);
      case 'layerNorm': {
        const args = { axis: -1, epsilon: this.sampleEpsilon() };
        this.tags.add('LayerNormalization');
        return {
          layer: tfl.layers.layerNormalization(args),
          text: `LayerNormalization${fmt(args)}`,
        };
      }
      case 'dense':
        return this.denseLayer(last);
      case 'conv':
        return this.convLayer(t, last, { same: true, stride1: true });
      case 'depthwise':
        return this.depthwiseLayer(t, { same: true, stride1: true, multiplier: 1 });
      default:
        return this.poolLayer(t, { same: true, stride1: true });
    }
  }

  advancedActivation(t) {
    const rng = this.rng;
    const kind = rng.pick(['ReLU', 'LeakyReLU', 'ELU', 'ThresholdedReLU', 'PReLU', 'Softmax']);
    const args = {};
    let layer;
    switch (kind) {
      case 'ReLU':
        if (rng.bool()) args.maxValue = rng.pick([1, 3, 6]);
        layer = tfl.layers.reLU(args);
        break;
      case 'LeakyReLU':
        if (rng.bool(0.7)) args.alpha = Number(rng.uniform(0.01, 0.5).toFixed(3));
        layer = tfl.layers.leakyReLU(args);
        break;
      case 'ELU':
        // tfjs-layers 4.22's ELU layer throws for a non-default alpha.
        layer = tfl.layers.elu(args);
        break;
      case 'ThresholdedReLU':
        // Discontinuous at theta: a value within float error of theta could jump. Inputs are
        // continuous random values, so this has probability ~0.
        if (rng.bool(0.7)) args.theta = Number(rng.uniform(0, 1).toFixed(3));
        layer = tfl.layers.thresholdedReLU(args);
        break;
      case 'PReLU':
        if (t.shape.length === 4 && rng.bool()) args.sharedAxes = [1, 2];
        layer = tfl.layers.prelu(args);
        break;
      default:
        // tfjs's Softmax layer defaults to axis 1 (Keras: -1), and tfjs-core's softmax only
        // supports the last axis: pass it, in either spelling.
        args.axis = rng.pick([-1, t.shape.length - 1]);
        layer = tfl.layers.softmax(args);
    }
    this.tags.add(kind);
    return { layer, text: `${kind}${fmt(args)}` };
  }

  // ---- steps ----------------------------------------------------------------------------------

  apply(spec, t) {
    return this.call(spec.layer, t, spec.text);
  }

  /** Two different tensors of the same shape derived from `t`. */
  pair(t) {
    const rng = this.rng;
    const rank = t.shape.length;
    const choice = rng.weighted({ identity: 2, preserving: 2, parallel: 2 });
    if (choice === 'identity') return [t, this.apply(this.preservingLayer(t), t)];
    if (choice === 'preserving') {
      return [this.apply(this.preservingLayer(t), t), this.apply(this.preservingLayer(t), t)];
    }
    if (rank === 4) {
      const filters = rng.int(1, 4);
      const strides = rng.pick([1, 2]);
      const kernels = [rng.int(1, 3), rng.int(1, 3)];
      return kernels.map((kernelSize) => {
        const args = {
          filters,
          kernelSize,
          strides,
          padding: 'same',
          activation: this.activationName(),
        };
        this.tags.add('Conv2D');
        return this.call(tfl.layers.conv2d(args), t, `Conv2D${fmt(args)}`);
      });
    }
    const units = rng.int(2, 6);
    return [0, 1].map(() => this.apply(this.denseLayer(units), t));
  }

  merge(a, b) {
    const rng = this.rng;
    const rank = a.shape.length;
    const kind = rng.weighted({
      Add: 4,
      Concatenate: 4,
      Multiply: 1,
      Average: 1,
      Maximum: 0.5,
      Minimum: 0.5,
    });
    this.tags.add(kind);
    if (kind === 'Concatenate') {
      const axis = rng.bool(0.6) ? -1 : rng.int(1, rank - 1);
      return this.call(tfl.layers.concatenate({ axis }), [a, b], `Concatenate{"axis":${axis}}`);
    }
    const factory = {
      Add: tfl.layers.add,
      Multiply: tfl.layers.multiply,
      Average: tfl.layers.average,
      Maximum: tfl.layers.maximum,
      Minimum: tfl.layers.minimum,
    }[kind];
    return this.call(factory({}), [a, b], kind);
  }

  /** One layer shared by two tensors of `t`'s shape, merged. */
  shared(a, b) {
    const spec = this.preservingLayer(a);
    this.tags.add('shared layer');
    this.log(`shared ${spec.text}:`);
    this.depth++;
    const [first, second] = this.rng.bool() ? [a, b] : [b, a];
    const y1 = this.call(spec.layer, first, 'apply');
    const y2 = this.call(spec.layer, second, 'apply');
    this.depth--;
    return this.merge(y1, y2);
  }

  /**
   * One layer applied to its own output (`l.apply(l.apply(x))`), or applied again downstream of
   * itself with another layer between (`l.apply(m.apply(l.apply(x)))`).
   */
  selfApplied(t) {
    const spec = this.preservingLayer(t);
    const between = this.rng.bool(0.3);
    const times = between || this.rng.bool(0.8) ? 2 : 3;
    this.tags.add(between ? 'layer reapplied downstream' : 'self-applied layer');
    this.log(`${between ? 'reapplied downstream' : `self-applied x${times}`} ${spec.text}:`);
    this.depth++;
    let y = t;
    for (let i = 0; i < times; i++) {
      if (i > 0 && between) y = this.apply(this.preservingLayer(y), y);
      y = this.call(spec.layer, y, 'apply');
    }
    this.depth--;
    return y;
  }

  /**
   * Layers beyond the issue's list that the exporter also converts: SeparableConv2D,
   * ZeroPadding2D, UpSampling2D, Cropping2D (images); Conv1D, Permute, MaxPooling1D /
   * AveragePooling1D (sequences); Reshape, RepeatVector (vectors to sequences).
   */
  extra(t) {
    const rng = this.rng;
    const rank = t.shape.length;
    const dims = dimsOf(t);
    const use = (name, layer, args) => {
      this.tags.add(name);
      return this.call(layer, t, `${name}${args === undefined ? '' : fmt(args)}`);
    };
    if (rank === 4) {
      const [h, w] = dims;
      const kind = rng.pick(['SeparableConv2D', 'ZeroPadding2D', 'UpSampling2D', 'Cropping2D']);
      if (kind === 'SeparableConv2D') return this.apply(this.separableLayer(t), t);
      if (kind === 'ZeroPadding2D') {
        const args = {
          padding: rng.bool()
            ? [rng.int(0, 2), rng.int(0, 2)]
            : [
                [rng.int(0, 2), rng.int(0, 2)],
                [rng.int(0, 2), rng.int(0, 2)],
              ],
        };
        const y = use(kind, tfl.layers.zeroPadding2d(args), args);
        // Often followed by a pooling layer, as in Keras's ResNet stem.
        return rng.bool() ? this.apply(this.poolLayer(y), y) : y;
      }
      if (kind === 'UpSampling2D') {
        const args = { size: [rng.int(1, 2), rng.int(1, 2)] };
        if (rng.bool(0.4)) args.interpolation = rng.pick(['nearest', 'bilinear']);
        return use(kind, tfl.layers.upSampling2d(args), args);
      }
      const crop = (n) => {
        const a = rng.int(0, Math.min(1, n - 1));
        return [a, rng.int(0, Math.min(1, n - 1 - a))];
      };
      const args = { cropping: [crop(h), crop(w)] };
      return use(kind, tfl.layers.cropping2D(args), args);
    }
    if (rank === 3) {
      const [steps, features] = dims;
      const kind = rng.pick(['Conv1D', 'Permute', 'Pooling1D']);
      if (kind === 'Conv1D') return this.apply(this.conv1dLayer(t), t);
      if (kind === 'Permute')
        return use(kind, tfl.layers.permute({ dims: [2, 1] }), { dims: [2, 1] });
      const max = rng.bool();
      const padding = rng.pick(['same', 'valid']);
      const args = { poolSize: rng.int(1, padding === 'valid' ? Math.min(steps, 3) : 3), padding };
      if (rng.bool(0.4)) args.strides = rng.int(1, 2);
      void features;
      return max
        ? use('MaxPooling1D', tfl.layers.maxPooling1d(args), args)
        : use('AveragePooling1D', tfl.layers.averagePooling1d(args), args);
    }
    const [n] = dims;
    const factors = divisors(n).filter((d) => d > 1 && d < n);
    if (factors.length > 0 && rng.bool()) {
      const a = rng.pick(factors);
      const args = { targetShape: [a, n / a] };
      return use('Reshape', tfl.layers.reshape(args), args);
    }
    const args = { n: rng.int(2, 3) };
    return use('RepeatVector', tfl.layers.repeatVector(args), args);
  }

  toVector(t) {
    const rank = t.shape.length;
    const kind = this.rng.pick(['Flatten', 'GlobalAverage', 'GlobalMax']);
    if (kind === 'Flatten') {
      this.tags.add('Flatten');
      return this.call(tfl.layers.flatten(), t, 'Flatten');
    }
    const name = `${kind}Pooling${rank === 4 ? '2D' : '1D'}`;
    this.tags.add(name);
    const factory = {
      GlobalAveragePooling2D: tfl.layers.globalAveragePooling2d,
      GlobalMaxPooling2D: tfl.layers.globalMaxPooling2d,
      GlobalAveragePooling1D: tfl.layers.globalAveragePooling1d,
      GlobalMaxPooling1D: tfl.layers.globalMaxPooling1d,
    }[name];
    return this.call(factory({}), t, name);
  }

  step(t, late) {
    const rng = this.rng;
    const rank = t.shape.length;
    const dims = dimsOf(t);
    const kind = rng.weighted({
      dense: rank <= 3 ? 3 : 0,
      conv: rank === 4 ? 2.5 : 0,
      depthwise: rank === 4 ? 1.5 : 0,
      pool: rank === 4 && Math.min(dims[0], dims[1]) >= 2 ? 1.5 : 0,
      preserving: 3,
      foldPair: 1.5,
      branch: 1.5,
      shared: 1,
      selfApplied: 1,
      extra: 1,
      toVector: rank > 2 ? (late ? 2 : 0.4) : 0,
    });
    switch (kind) {
      case 'dense':
        return this.apply(this.denseLayer(rng.int(2, 8)), t);
      case 'conv':
        return this.apply(this.convLayer(t, rng.int(1, 4)), t);
      case 'depthwise':
        return this.apply(this.depthwiseLayer(t), t);
      case 'pool':
        return this.apply(this.poolLayer(t), t);
      case 'preserving':
        return this.apply(this.preservingLayer(t), t);
      case 'foldPair': {
        // The BN folding paths: Dense/Conv (linear) then BN, or BN then Dense.
        if (rank <= 3 && rng.bool(0.4)) {
          const y = this.apply(this.bnLayer(rank, { lastAxis: rng.bool(0.8) }), t);
          return this.apply(this.denseLayer(rng.int(2, 8)), y);
        }
        // Mostly linear producers, which BN folds into; sometimes not, which it must not.
        const activation = rng.bool(0.8) ? 'linear' : undefined;
        let spec;
        if (rank === 4) {
          const kind = rng.weighted({ conv: 3, depthwise: 1.5, separable: 1 });
          if (kind === 'conv') spec = this.convLayer(t, rng.int(1, 4), { activation });
          else if (kind === 'depthwise') spec = this.depthwiseLayer(t, { activation });
          else spec = this.separableLayer(t, activation);
        } else if (rank === 3 && rng.bool(0.3)) {
          spec = this.conv1dLayer(t, activation);
        } else {
          spec = this.denseLayer(rng.int(2, 8), activation ?? this.activationName());
        }
        const y = this.apply(spec, t);
        return this.apply(this.bnLayer(rank, { lastAxis: rng.bool(0.8) }), y);
      }
      case 'branch': {
        const [a, b] = this.pair(t);
        return this.merge(a, b);
      }
      case 'shared': {
        const [a, b] = this.rng.bool() ? [t, this.apply(this.preservingLayer(t), t)] : this.pair(t);
        return a.shape.join() === b.shape.join() ? this.shared(a, b) : this.merge(a, b);
      }
      case 'selfApplied':
        return this.selfApplied(t);
      case 'extra':
        return this.extra(t);
      default:
        return this.toVector(t);
    }
  }
}

function range(lo, hi) {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

function divisors(n) {
  return range(1, n).filter((d) => n % d === 0);
}

/**
 * Fills every weight of `model` with random values from `rng`: kernels with variance 1/fan-in,
 * biases, gamma (sign included), beta and moving means around zero, moving variances in
 * [0.1, 2], PReLU slopes in [-0.5, 0.5].
 */
export function setRandomWeights(model, rng) {
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const values = layer.weights.map((w) => {
      const name = (w.originalName ?? w.name).split('/').pop().replace(/:0$/, '');
      const shape = w.shape;
      const size = shape.reduce((a, b) => a * b, 1);
      const data = new Float32Array(size);
      let fanIn = 1;
      if (name === 'kernel') fanIn = shape.slice(0, -1).reduce((a, b) => a * b, 1);
      if (name === 'depthwise_kernel') fanIn = shape.slice(0, -2).reduce((a, b) => a * b, 1);
      for (let i = 0; i < size; i++) {
        switch (name) {
          case 'kernel':
          case 'depthwise_kernel':
            data[i] = rng.uniform(-1, 1) * Math.sqrt(3 / fanIn);
            break;
          case 'gamma':
            data[i] = (rng.bool(0.2) ? -1 : 1) * rng.uniform(0.5, 1.5);
            break;
          case 'moving_variance':
          case 'renorm_stddev':
          case 'moving_stddev':
            data[i] = rng.uniform(0.1, 2);
            break;
          case 'moving_mean':
            data[i] = rng.uniform(-1, 1);
            break;
          case 'num_batches_tracked':
          case 'renorm_step':
            data[i] = rng.int(0, 100);
            break;
          default: // bias, beta, PReLU alpha, renorm_mean
            data[i] = rng.uniform(-0.5, 0.5);
        }
      }
      return tf.tensor(data, shape);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}

/**
 * Builds the random model of `seed`. With `referenceBn: true`, every tfjs-layers
 * BatchNormalization over a non-last axis (which tfjs computes wrongly) is replaced by bnkit's
 * layer with the same arguments and weights; everything else, weights and inputs included, is
 * identical, so its predictions are the right answer for the model of the same seed.
 *
 * @example
 * const m = buildRandomModel(7);
 * const y = m.model.predict(m.inputs.map((i) => tf.tensor(i.values, i.shape)));
 */
export function buildRandomModel(seed, { referenceBn = false } = {}) {
  const rng = createRng(mixSeed(seed, 1));
  const g = new Generator(rng, referenceBn);
  const kind = rng.weighted({ vector: 2, image: 2, sequence: 1 });
  let shape;
  if (kind === 'vector') shape = [rng.int(2, 8)];
  else if (kind === 'sequence') shape = [rng.int(2, 5), rng.int(2, 6)];
  else shape = [rng.int(3, 7), rng.int(3, 7), rng.int(1, 4)];
  const inputCount = rng.bool(0.15) ? 2 : 1;
  const inputs = range(1, inputCount).map(() => tfl.input({ shape }));
  g.log(`input${inputCount > 1 ? ' x2' : ''} ${fmt(shape)}`);
  let t = inputs[0];
  g.last = t;
  if (inputCount === 2) {
    g.tags.add('two inputs');
    t = rng.bool() ? g.shared(inputs[0], inputs[1]) : g.merge(inputs[0], inputs[1]);
  }
  const steps = rng.int(1, 5);
  for (let i = 0; i < steps; i++) t = g.step(t, i >= steps - 2);
  if (t.shape.length > 2 && rng.bool(0.5)) t = g.toVector(t);
  if (t.shape.length === 2 && rng.bool(0.4)) {
    t = g.apply(g.denseLayer(rng.int(1, 4), g.activationName(0.3)), t);
  }
  const outputs = [t];
  const extra = g.made.filter((m) => m !== t && !inputs.includes(m));
  if (extra.length > 0 && rng.bool(0.15)) {
    outputs.push(rng.pick(extra));
    g.tags.add('two outputs');
    g.log(`second output ${fmt(dimsOf(outputs[1]))}`);
  }
  const opset = rng.pick(OPSETS);
  const batch = rng.int(1, 3);
  // Some exports fix the batch dimension (exportOnnx's staticBatch) instead of a symbolic one.
  const staticBatch = rng.bool(0.2);
  let model;
  if (g.linear && outputs.length === 1 && rng.bool(0.3)) {
    // The same layer objects again, in a tf.sequential: each layer now also has a node from the
    // functional graph above, which the exporter must ignore.
    model = tfl.sequential();
    model.add(tfl.layers.inputLayer({ inputShape: shape }));
    for (const layer of g.chain) model.add(layer);
    g.tags.add('tf.sequential (layers also used in another graph)');
    g.log('as tf.sequential of the layers above (each layer also called in the functional graph)');
  } else {
    model = tfl.model({ inputs, outputs });
  }
  setRandomWeights(model, createRng(mixSeed(seed, 2)));
  const inputRng = createRng(mixSeed(seed, 3));
  const inputValues = inputs.map(() => {
    const full = [batch, ...shape];
    const values = Float32Array.from({ length: full.reduce((a, b) => a * b, 1) }, () =>
      inputRng.normal(),
    );
    return { shape: full, values };
  });
  return {
    seed,
    model,
    opset,
    batch,
    staticBatch,
    inputs: inputValues,
    tags: [...g.tags].sort(),
    tfjsNonLastAxisBn: g.tfjsNonLastAxisBn,
    summary: `seed ${seed}, opset ${opset}, batch ${batch}${staticBatch ? ' (static)' : ''}\n${g.lines.map((l) => `  ${l}`).join('\n')}`,
  };
}
