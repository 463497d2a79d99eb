import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import { arrayOf, boolean, custom, describeValue, integer, number, oneOf } from '@bnkit/core';
import { checkBuiltInput } from './check-built-input.js';
import { LayerArgumentError, LayerInputError } from './errors.js';
import { ensureKernels, kernelBatchNormTraining } from './batch-norm-kernels.js';
import { fusedBatchNormChannelsLast, fusedBatchNormTraining } from './fused-batch-norm.js';
import type { RenormCorrection } from './fused-batch-norm.js';
import { maskedMoments } from './masked-moments.js';
import { resolveIdentifier, serializeObject } from './serialization-utils.js';
import type { Constraint, Identifier, Initializer, Regularizer } from './serialization-utils.js';
import { PLAIN_OBJECT, checkLayerArgs, checkLayerOptions, identifier, orNull } from './validate.js';

type LayerVariable = tfl.LayerVariable;
type Shape = (number | null)[];

/** Clipping of Batch Renormalization's r and d; a missing key means no clipping on that side. */
export interface RenormClipping {
  /** Upper bound of r (default: none, `Infinity`). */
  rmax?: number;
  /** Lower bound of r (default: none, `0`). */
  rmin?: number;
  /** Bound of |d| (default: none, `Infinity`). */
  dmax?: number;
}

/**
 * Warm-up of the renorm clipping, as in the Batch Renormalization paper: plain batch
 * normalization (r = 1, d = 0) for the first `plainSteps` training steps, then rmax (and rmin)
 * relaxed linearly to their `renormClipping` values at step `rmaxSteps`, and dmax at `dmaxSteps`.
 * The paper uses `{ plainSteps: 5000, rmaxSteps: 40000, dmaxSteps: 25000 }` with rmax 3, dmax 5.
 */
export interface RenormWarmup {
  plainSteps: number;
  rmaxSteps: number;
  dmaxSteps: number;
}

/** How the moving variance is updated from a training batch. */
export type VarianceCorrection = 'biased' | 'unbiased';

/** Arguments of {@link BatchNormalization}; every default is Keras's. */
export interface BatchNormalizationArgs extends LayerArgs {
  /** Axis (or axes) of the features to normalize; default `-1`. Any axis but the batch axis. */
  axis?: number | number[];
  /**
   * Momentum of the moving averages, Keras convention: `moving = momentum·moving +
   * (1 − momentum)·batch`; default `0.99` (PyTorch's 0.1 is Keras's 0.9). `null` gives PyTorch's
   * cumulative average (`momentum=None`).
   */
  momentum?: number | null;
  /** Added to the variance before the square root; default `1e-3`. Must be ≥ 0. */
  epsilon?: number;
  /** Learn an offset beta; default `true`. */
  center?: boolean;
  /** Learn a scale gamma; default `true`. */
  scale?: boolean;
  /** Default `'zeros'`. */
  betaInitializer?: Identifier<Initializer>;
  /** Default `'ones'`. */
  gammaInitializer?: Identifier<Initializer>;
  /** Default `'zeros'`. */
  movingMeanInitializer?: Identifier<Initializer>;
  /** Default `'ones'`. */
  movingVarianceInitializer?: Identifier<Initializer>;
  /** Default none. */
  betaRegularizer?: Identifier<Regularizer> | null;
  /** Default none. */
  gammaRegularizer?: Identifier<Regularizer> | null;
  /** Default none. */
  betaConstraint?: Identifier<Constraint> | null;
  /** Default none. */
  gammaConstraint?: Identifier<Constraint> | null;
  /** Batch Renormalization (Ioffe 2017); default `false`. */
  renorm?: boolean;
  /** Clipping of r and d; default none (no clipping). Requires rmax ≥ rmin and dmax ≥ 0. */
  renormClipping?: RenormClipping | null;
  /** Momentum of the renorm statistics; default `0.99`. */
  renormMomentum?: number;
  /** Warm-up schedule of the renorm clipping (beyond Keras); default none. */
  renormWarmup?: RenormWarmup | null;
  /**
   * Ghost BN: statistics over ghost batches of this size (tf.keras's strided split, so ghost
   * batch j holds samples j, j + B/v, …); must divide the batch. Default none.
   */
  virtualBatchSize?: number | null;
  /**
   * What the moving variance stores: `'biased'` (Keras, tfjs; default) or `'unbiased'` (PyTorch,
   * tf.keras's fused path: the batch variance times m/(m − 1)).
   */
  varianceCorrection?: VarianceCorrection;
  /** tf.keras's `fused`: accepted for compatibility and ignored (the training path is fused). */
  fused?: boolean | null;
  /** Keras's `synchronized`: only `false` is accepted (tfjs has no multi-replica training). */
  synchronized?: boolean;
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** Every argument of {@link BatchNormalization} and what it accepts (besides tfjs's LayerArgs). */
const BATCH_NORMALIZATION_ARGS = {
  axis: custom(
    'an integer or a non-empty array of integers',
    (v) => integer().test(v) || arrayOf(integer(), { minLength: 1 }).test(v),
  ),
  momentum: orNull(number({ min: 0, max: 1 })),
  epsilon: number({ min: 0 }),
  center: boolean(),
  scale: boolean(),
  betaInitializer: identifier('initializer'),
  gammaInitializer: identifier('initializer'),
  movingMeanInitializer: identifier('initializer'),
  movingVarianceInitializer: identifier('initializer'),
  betaRegularizer: orNull(identifier('regularizer')),
  gammaRegularizer: orNull(identifier('regularizer')),
  betaConstraint: orNull(identifier('constraint')),
  gammaConstraint: orNull(identifier('constraint')),
  renorm: boolean(),
  renormClipping: orNull(PLAIN_OBJECT),
  renormMomentum: number({ min: 0, max: 1 }),
  renormWarmup: orNull(PLAIN_OBJECT),
  virtualBatchSize: orNull(integer({ min: 1 })),
  varianceCorrection: oneOf(['biased', 'unbiased'] as const),
  fused: orNull(boolean()),
  synchronized: boolean(),
};

/** The keys of `renormClipping`. */
const RENORM_CLIPPING = {
  rmax: number({ min: 0, allowInfinity: true }),
  rmin: number({ min: 0 }),
  dmax: number({ min: 0, allowInfinity: true }),
};

/** The keys of `renormWarmup` (all three required). */
const RENORM_WARMUP = {
  plainSteps: integer({ min: 0 }),
  rmaxSteps: integer({ min: 0 }),
  dmaxSteps: integer({ min: 0 }),
};

/** Normalizes an axis argument against a rank: sorted, non-negative, unique, in range. */
export function normalizeAxes(axis: number | number[], rank: number, argName = 'axis'): number[] {
  const list = Array.isArray(axis) ? axis : [axis];
  if (list.length === 0) {
    throw new LayerArgumentError(argName, axis, 'an integer or a non-empty list of integers');
  }
  const out: number[] = [];
  for (const a of list) {
    if (!isInteger(a) || a < -rank || a >= rank) {
      throw new LayerArgumentError(
        argName,
        axis,
        `integers in [${-rank}, ${rank - 1}] (the input has rank ${rank})`,
        { hint: `Axis ${describeValue(a)} is out of range.` },
      );
    }
    const n = a < 0 ? a + rank : a;
    if (out.includes(n)) {
      throw new LayerArgumentError(argName, axis, 'distinct axes', {
        hint: `Axis ${n} is named twice.`,
      });
    }
    out.push(n);
  }
  return out.sort((p, q) => p - q);
}

function ema(moving: tf.Tensor, batch: tf.Tensor, factor: number | tf.Tensor): tf.Tensor {
  // moving − (moving − batch)·factor, as Keras's assign_sub.
  return tf.sub(moving, tf.mul(tf.sub(moving, batch), factor));
}

/**
 * Batch normalization layer (Ioffe & Szegedy 2015) with Keras 3 / tf.keras 2 arguments and
 * math, correct and differentiable for any rank ≥ 2 and any axis on every tfjs backend, with a
 * fused training path (closed-form gradient), Batch Renormalization, Ghost BN, PyTorch-style
 * cumulative averaging and a choice of biased or unbiased moving variance. `trainable: false`
 * runs the layer in inference mode, as in Keras ≥ 2.
 */
export class BatchNormalization extends tfl.layers.Layer {
  static className = 'BnkitBatchNormalization';

  readonly axis: number | number[];
  readonly momentum: number | null;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly renorm: boolean;
  readonly renormClipping: RenormClipping | null;
  readonly renormMomentum: number;
  readonly renormWarmup: RenormWarmup | null;
  readonly virtualBatchSize: number | null;
  readonly varianceCorrection: VarianceCorrection;
  private readonly betaInitializer: Initializer;
  private readonly gammaInitializer: Initializer;
  private readonly movingMeanInitializer: Initializer;
  private readonly movingVarianceInitializer: Initializer;
  private readonly betaRegularizer: Regularizer | null;
  private readonly gammaRegularizer: Regularizer | null;
  private readonly betaConstraint: Constraint | null;
  private readonly gammaConstraint: Constraint | null;

  private axes: number[] = [];
  private builtRank = 0;
  private builtShape: Shape = [];
  private paramShape: number[] = [];
  gamma: LayerVariable | null = null;
  beta: LayerVariable | null = null;
  movingMean: LayerVariable | null = null;
  movingVariance: LayerVariable | null = null;
  movingStddev: LayerVariable | null = null;
  renormMean: LayerVariable | null = null;
  renormStddev: LayerVariable | null = null;
  renormStep: LayerVariable | null = null;
  numBatchesTracked: LayerVariable | null = null;

  constructor(args: BatchNormalizationArgs = {}) {
    super(checkLayerArgs('BatchNormalization', args, BATCH_NORMALIZATION_ARGS));
    // Keras 3: a mask (from Masking, or Embedding with maskZero) narrows the training statistics
    // to the kept positions and passes on unchanged.
    this.supportsMasking = true;
    const a = args;
    this.axis = a.axis ?? -1;
    this.momentum = a.momentum === undefined ? 0.99 : a.momentum;
    this.epsilon = a.epsilon ?? 1e-3;
    this.center = a.center ?? true;
    this.scale = a.scale ?? true;
    this.betaInitializer = resolveIdentifier<Initializer>(
      a.betaInitializer ?? 'zeros',
      'betaInitializer',
      'initializer',
    ) as Initializer;
    this.gammaInitializer = resolveIdentifier<Initializer>(
      a.gammaInitializer ?? 'ones',
      'gammaInitializer',
      'initializer',
    ) as Initializer;
    this.movingMeanInitializer = resolveIdentifier<Initializer>(
      a.movingMeanInitializer ?? 'zeros',
      'movingMeanInitializer',
      'initializer',
    ) as Initializer;
    this.movingVarianceInitializer = resolveIdentifier<Initializer>(
      a.movingVarianceInitializer ?? 'ones',
      'movingVarianceInitializer',
      'initializer',
    ) as Initializer;
    this.betaRegularizer = resolveIdentifier(a.betaRegularizer, 'betaRegularizer', 'regularizer');
    this.gammaRegularizer = resolveIdentifier(
      a.gammaRegularizer,
      'gammaRegularizer',
      'regularizer',
    );
    this.betaConstraint = resolveIdentifier(a.betaConstraint, 'betaConstraint', 'constraint');
    this.gammaConstraint = resolveIdentifier(a.gammaConstraint, 'gammaConstraint', 'constraint');

    this.renorm = a.renorm ?? false;
    this.renormMomentum = a.renormMomentum ?? 0.99;
    this.renormClipping = a.renormClipping ?? null;
    if (this.renormClipping !== null) {
      const c = checkLayerOptions(
        'BatchNormalization renormClipping',
        this.renormClipping,
        RENORM_CLIPPING,
        'renormClipping',
      );
      const rmax = c.rmax ?? Infinity;
      const rmin = c.rmin ?? 0;
      if (!(rmax >= rmin)) {
        throw new LayerArgumentError(
          'renormClipping',
          c,
          'clipping bounds with rmax >= rmin >= 0',
          {
            hint: `rmax ${rmax} is below rmin ${rmin}.`,
          },
        );
      }
    }
    this.renormWarmup = a.renormWarmup ?? null;
    if (this.renormWarmup !== null) {
      const w = checkLayerOptions(
        'BatchNormalization renormWarmup',
        this.renormWarmup,
        RENORM_WARMUP,
        'renormWarmup',
      );
      const c = this.renormClipping ?? {};
      if (
        !this.renorm ||
        w.plainSteps === undefined ||
        w.rmaxSteps === undefined ||
        w.dmaxSteps === undefined ||
        !(w.rmaxSteps >= w.plainSteps) ||
        !(w.dmaxSteps >= w.plainSteps) ||
        !Number.isFinite(c.rmax ?? Infinity) ||
        !Number.isFinite(c.dmax ?? Infinity)
      ) {
        throw new LayerArgumentError(
          'renormWarmup',
          w,
          '{ plainSteps, rmaxSteps, dmaxSteps } with 0 <= plainSteps <= rmaxSteps, dmaxSteps, used with renorm: true and finite renormClipping.rmax and dmax',
          {
            hint: `renormWarmup needs renorm: true, finite renormClipping.rmax and dmax (renorm is ${this.renorm}, renormClipping ${describeValue(this.renormClipping)}).`,
          },
        );
      }
    }
    this.virtualBatchSize = a.virtualBatchSize ?? null;
    this.varianceCorrection = a.varianceCorrection ?? 'biased';
    if (a.synchronized === true) {
      throw new LayerArgumentError('synchronized', true, 'false', {
        hint: 'synchronized: true is not supported (tfjs trains on one replica).',
      });
    }
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const rank = shape.length;
    if (rank < 2) {
      throw new LayerInputError(
        `${this.displayName()}: input shape`,
        shape,
        'a shape of rank >= 2 (batch and features)',
      );
    }
    const axes = normalizeAxes(this.axis, rank);
    if (this.virtualBatchSize !== null && axes.includes(0)) {
      throw new LayerArgumentError(
        'axis',
        this.axis,
        'axes without the batch axis 0 when virtualBatchSize is set',
      );
    }
    for (const ax of axes) {
      const dim = shape[ax];
      if (dim === null || dim === undefined) {
        throw new LayerInputError(
          `${this.displayName()}: size of input axis ${ax}`,
          dim,
          'a known size (the normalized axes need one)',
          { hint: `Input shape ${describeValue(shape)}.` },
        );
      }
    }
    this.axes = axes;
    this.builtRank = rank;
    this.builtShape = [...shape];
    this.inputSpec = [
      new tfl.InputSpec({
        ndim: rank,
        axes: Object.fromEntries(axes.map((ax) => [ax, shape[ax] as number])),
      }),
    ];
    this.paramShape = this.weightShape(shape, axes);
    const ps = this.paramShape;
    if (this.scale) {
      this.gamma = this.addWeight(
        'gamma',
        ps,
        'float32',
        this.gammaInitializer,
        this.gammaRegularizer ?? undefined,
        true,
        this.gammaConstraint ?? undefined,
      );
    }
    if (this.center) {
      this.beta = this.addWeight(
        'beta',
        ps,
        'float32',
        this.betaInitializer,
        this.betaRegularizer ?? undefined,
        true,
        this.betaConstraint ?? undefined,
      );
    }
    this.movingMean = this.addWeight(
      'moving_mean',
      ps,
      'float32',
      this.movingMeanInitializer,
      undefined,
      false,
    );
    this.movingVariance = this.addWeight(
      'moving_variance',
      ps,
      'float32',
      this.movingVarianceInitializer,
      undefined,
      false,
    );
    if (this.renorm) {
      const ones = tfl.initializers.ones();
      this.movingStddev = this.addWeight('moving_stddev', ps, 'float32', ones, undefined, false);
      this.renormMean = this.addWeight(
        'renorm_mean',
        ps,
        'float32',
        tfl.initializers.zeros(),
        undefined,
        false,
      );
      this.renormStddev = this.addWeight('renorm_stddev', ps, 'float32', ones, undefined, false);
      const mv = this.movingVariance;
      tf.tidy(() => {
        const std = tf.sqrt(mv.read());
        this.movingStddev?.write(std);
        this.renormStddev?.write(std);
      });
      if (this.renormWarmup !== null) {
        this.renormStep = this.addWeight(
          'renorm_step',
          [1],
          'float32',
          tfl.initializers.zeros(),
          undefined,
          false,
        );
      }
    }
    if (this.momentum === null) {
      this.numBatchesTracked = this.addWeight(
        'num_batches_tracked',
        [1],
        'float32',
        tfl.initializers.zeros(),
        undefined,
        false,
      );
    }
    this.built = true;
  }

  /**
   * Shape of gamma, beta and the moving statistics: `[C]` for one axis, the input shape with 1 in
   * the other axes for several (as tf.keras). Subclasses may change it (same number of values).
   */
  protected weightShape(shape: Shape, axes: number[]): number[] {
    return axes.length === 1
      ? [shape[axes[0] as number] as number]
      : shape.map((d, i) => (axes.includes(i) ? (d as number) : 1));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  /** How messages name this layer: `BatchNormalization "batch_normalization_1"`. */
  private displayName(): string {
    return `BatchNormalization ${JSON.stringify(this.name)}`;
  }

  private checkInputShape(shape: readonly (number | null)[]): void {
    if (!this.built) return;
    checkBuiltInput(
      { layer: this.displayName(), shape: this.builtShape, axes: this.axes, noun: 'size' },
      shape,
    );
  }

  protected override assertInputCompatibility(
    inputs: tf.Tensor | tf.Tensor[] | tfl.SymbolicTensor | tfl.SymbolicTensor[],
  ): void {
    for (const input of Array.isArray(inputs) ? inputs.slice(0, 1) : [inputs]) {
      this.checkInputShape(input.shape);
    }
    super.assertInputCompatibility(inputs);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const input = Array.isArray(inputs) ? inputs[0] : inputs;
      if (input === undefined || (Array.isArray(inputs) && inputs.length !== 1)) {
        throw new LayerInputError(
          `${this.displayName()}: inputs`,
          Array.isArray(inputs) ? `${inputs.length} tensors` : inputs,
          'exactly one tensor',
        );
      }
      this.checkInputShape(input.shape);
      const x = input.dtype === 'float32' ? input : tf.cast(input, 'float32');
      const training = kwargs['training'] === true && this.trainable;
      const mask = kwargs['mask'] as tf.Tensor | tf.Tensor[] | null | undefined;
      if (training && mask != null) {
        return this.maskedTrainingCall(x, Array.isArray(mask) ? (mask[0] as tf.Tensor) : mask);
      }
      return training ? this.trainingCall(x) : this.inferenceCall(x);
    });
  }

  private broadcastShape(shape: number[]): number[] {
    return shape.map((d, i) => (this.axes.includes(i) ? d : 1));
  }

  private isChannelsLast(): boolean {
    return this.axes.length === 1 && this.axes[0] === this.builtRank - 1;
  }

  private inferenceCall(x: tf.Tensor): tf.Tensor {
    const bshape = this.broadcastShape(x.shape);
    const mv = (this.movingVariance as LayerVariable).read();
    const mm = (this.movingMean as LayerVariable).read();
    if (this.isChannelsLast()) {
      // One FusedBatchNorm kernel; correct for channels-last 1-D parameters on every backend,
      // and differentiable because scale and offset are always given.
      const channels = x.shape[x.rank - 1] as number;
      const vec = (t: tf.Tensor): tf.Tensor1D =>
        (t.rank === 1 ? t : tf.reshape(t, [channels])) as tf.Tensor1D;
      const gamma = this.gamma !== null ? vec(this.gamma.read()) : tf.ones([channels]);
      const beta = this.beta !== null ? vec(this.beta.read()) : tf.zeros([channels]);
      return tf.batchNorm(x, vec(mm), vec(mv), beta, gamma, this.epsilon);
    }
    let k = tf.rsqrt(tf.add(mv, this.epsilon));
    if (this.gamma !== null) k = tf.mul(k, this.gamma.read());
    let shift = tf.neg(tf.mul(mm, k));
    if (this.beta !== null) shift = tf.add(shift, this.beta.read());
    return tf.add(tf.mul(x, tf.reshape(k, bshape)), tf.reshape(shift, bshape));
  }

  private trainingCall(x: tf.Tensor): tf.Tensor {
    const shape = x.shape;
    const rank = shape.length;
    const vbs = this.virtualBatchSize;
    let xs = x;
    let reduceAxes: number[];
    let ghostAxis: number | null = null;
    let bshape: number[];
    if (vbs !== null) {
      const batch = shape[0] as number;
      if (batch % vbs !== 0) {
        throw new LayerInputError(
          `${this.displayName()}: batch size`,
          batch,
          `a multiple of virtualBatchSize (${vbs})`,
          { hint: `virtualBatchSize ${vbs} does not divide the batch size ${batch}.` },
        );
      }
      xs = tf.reshape(x, [vbs, batch / vbs, ...shape.slice(1)]);
      reduceAxes = [0];
      for (let i = 1; i < rank; i++) if (!this.axes.includes(i)) reduceAxes.push(i + 1);
      ghostAxis = 1;
      bshape = [1, 1, ...shape.slice(1).map((d, i) => (this.axes.includes(i + 1) ? d : 1))];
    } else {
      reduceAxes = [];
      for (let i = 0; i < rank; i++) if (!this.axes.includes(i)) reduceAxes.push(i);
      bshape = this.broadcastShape(shape);
    }
    let count = 1;
    for (const ax of reduceAxes) count *= xs.shape[ax] as number;
    if (count < 2) {
      throw new LayerInputError(
        `${this.displayName()}: input shape`,
        shape,
        `a shape with more than 1 value per channel when training${vbs !== null ? ` with virtualBatchSize ${vbs}` : ''}`,
        {
          hint: `Expected more than 1 value per channel when training, got input shape [${shape.join(', ')}]; use a larger batch or call the layer in inference mode.`,
        },
      );
    }
    if (vbs === null && this.axes.length === 1 && !this.renorm && ensureKernels()) {
      const movingMean = this.movingMean as LayerVariable;
      const movingVariance = this.movingVariance as LayerVariable;
      const fused =
        this.momentum !== null
          ? {
              movingMean: movingMean.read(),
              movingVariance: movingVariance.read(),
              factor: 1 - this.momentum,
              varianceScale: this.varianceCorrection === 'unbiased' ? count / (count - 1) : 1,
            }
          : null;
      const r = kernelBatchNormTraining(
        x,
        this.gamma?.read() ?? null,
        this.beta?.read() ?? null,
        this.axes[0] as number,
        this.epsilon,
        fused,
      );
      try {
        if (r.newMovingMean !== null && r.newMovingVariance !== null) {
          movingMean.write(r.newMovingMean);
          movingVariance.write(r.newMovingVariance);
        } else {
          const [mean, variance] = tf.unstack(r.stats) as [tf.Tensor, tf.Tensor];
          this.updateStatistics(mean, variance, null, count);
        }
      } finally {
        tf.dispose([r.stats, r.newMovingMean, r.newMovingVariance].filter((t) => t !== null));
      }
      return r.y;
    }
    if (vbs === null && this.isChannelsLast()) {
      const renorm = this.renorm ? this.renormCorrection(this.paramShape) : undefined;
      const r = fusedBatchNormChannelsLast(
        x,
        this.gamma?.read() ?? null,
        this.beta?.read() ?? null,
        this.epsilon,
        renorm,
      );
      try {
        this.updateStatistics(r.mean, r.variance, null, count);
      } finally {
        r.mean.dispose();
        r.variance.dispose();
      }
      return r.y;
    }
    const renorm = this.renorm ? this.renormCorrection(bshape) : undefined;
    const { y, mean, variance } = fusedBatchNormTraining(
      xs,
      this.gamma?.read() ?? null,
      this.beta?.read() ?? null,
      { reduceAxes, ghostAxis, broadcastShape: bshape, count, epsilon: this.epsilon, renorm },
    );
    try {
      this.updateStatistics(mean, variance, ghostAxis, count);
    } finally {
      mean.dispose();
      variance.dispose();
    }
    return vbs !== null ? tf.reshape(y, shape) : y;
  }

  /** Training with a mask, as Keras 3: the statistics come from the kept positions only. */
  private maskedTrainingCall(x: tf.Tensor, mask: tf.Tensor): tf.Tensor {
    if (!this.isChannelsLast()) {
      throw new LayerInputError(
        `${this.displayName()}: axis`,
        this.axis,
        `-1 (the last of ${this.builtRank} axes) when a mask is given`,
        { hint: 'A mask needs the channels on the last axis, as in Keras. Use axis: -1.' },
      );
    }
    if (this.renorm || this.virtualBatchSize !== null) {
      throw new LayerInputError(
        `${this.displayName()}: mask`,
        mask.shape,
        `no mask with ${this.renorm ? 'renorm' : 'virtualBatchSize'}`,
        {
          hint: `A mask cannot be combined with ${this.renorm ? 'renorm' : 'virtualBatchSize'} (Keras has neither with masks).`,
        },
      );
    }
    const expected = x.shape.slice(0, -1);
    if (mask.rank !== expected.length || mask.shape.some((d, i) => d !== expected[i])) {
      throw new LayerInputError(
        `${this.displayName()}: mask shape`,
        mask.shape,
        `the input's shape without the channels, [${expected.join(', ')}]`,
      );
    }
    const { mean, variance, count } = maskedMoments(x, mask);
    const channels = x.shape[x.rank - 1] as number;
    const vec = (t: tf.Tensor): tf.Tensor1D => tf.reshape(t, [channels]);
    const y = tf.batchNorm(
      x,
      mean,
      variance,
      this.beta !== null ? vec(this.beta.read()) : undefined,
      this.gamma !== null ? vec(this.gamma.read()) : undefined,
      this.epsilon,
    );
    this.updateStatistics(mean, variance, null, count);
    return y;
  }

  /** Current (warm-up adjusted) clipping bounds, as numbers or scalar tensors. */
  private clippingBounds(): {
    rmax: number | tf.Tensor;
    rmin: number | tf.Tensor;
    dmax: number | tf.Tensor;
  } {
    const c = this.renormClipping ?? {};
    const rmax = c.rmax ?? Infinity;
    const rmin = c.rmin ?? 0;
    const dmax = c.dmax ?? Infinity;
    const w = this.renormWarmup;
    if (w === null || this.renormStep === null) return { rmax, rmin, dmax };
    const step = this.renormStep.read();
    const progress = (end: number): tf.Tensor =>
      end > w.plainSteps
        ? tf.clipByValue(tf.div(tf.sub(step, w.plainSteps), end - w.plainSteps), 0, 1)
        : tf.cast(tf.greaterEqual(step, w.plainSteps), 'float32');
    const pr = progress(w.rmaxSteps);
    const pd = progress(w.dmaxSteps);
    return {
      rmax: tf.add(1, tf.mul(pr, rmax - 1)),
      rmin: tf.sub(1, tf.mul(pr, 1 - Math.min(rmin, 1))),
      dmax: tf.mul(pd, dmax),
    };
  }

  private renormCorrection(
    bshape: number[],
  ): (mean: tf.Tensor, variance: tf.Tensor) => RenormCorrection {
    return (mean, variance) => {
      const std = tf.sqrt(tf.add(variance, this.epsilon));
      const rm = tf.reshape((this.renormMean as LayerVariable).read(), bshape);
      const rs = tf.reshape((this.renormStddev as LayerVariable).read(), bshape);
      const denom = tf.maximum(rs, Math.sqrt(this.epsilon));
      let r = tf.div(std, denom);
      let d = tf.div(tf.sub(mean, rm), denom);
      const { rmax, rmin, dmax } = this.clippingBounds();
      r = tf.minimum(tf.maximum(r, rmin), rmax);
      d = tf.minimum(tf.maximum(d, tf.neg(dmax)), dmax);
      return { r, d };
    };
  }

  private updateStatistics(
    mean: tf.Tensor,
    variance: tf.Tensor,
    ghostAxis: number | null,
    count: number | tf.Scalar,
  ): void {
    const ps = this.paramShape;
    const movingMean = this.movingMean as LayerVariable;
    const movingVariance = this.movingVariance as LayerVariable;
    let bm = ghostAxis === null ? mean : tf.mean(mean, ghostAxis);
    let bv = ghostAxis === null ? variance : tf.mean(variance, ghostAxis);
    bm = tf.reshape(bm, ps);
    bv = tf.reshape(bv, ps);
    if (this.varianceCorrection === 'unbiased') {
      bv = tf.mul(
        bv,
        typeof count === 'number' ? count / (count - 1) : tf.div(count, tf.sub(count, 1)),
      );
    }
    let factor: number | tf.Tensor;
    if (this.numBatchesTracked !== null) {
      const n = tf.add(this.numBatchesTracked.read(), 1);
      this.numBatchesTracked.write(n);
      factor = tf.div(1, n);
    } else {
      factor = 1 - (this.momentum as number);
    }
    if (this.renorm) {
      const std = tf.sqrt(tf.add(bv, this.epsilon));
      const movingStddev = this.movingStddev as LayerVariable;
      const renormMean = this.renormMean as LayerVariable;
      const renormStddev = this.renormStddev as LayerVariable;
      const rf = 1 - this.renormMomentum;
      renormMean.write(ema(renormMean.read(), bm, rf));
      renormStddev.write(ema(renormStddev.read(), std, rf));
      movingMean.write(ema(movingMean.read(), bm, factor));
      const newStd = ema(movingStddev.read(), std, factor);
      movingStddev.write(newStd);
      movingVariance.write(tf.relu(tf.sub(tf.square(newStd), this.epsilon)));
      if (this.renormStep !== null) this.renormStep.write(tf.add(this.renormStep.read(), 1));
    } else {
      movingMean.write(ema(movingMean.read(), bm, factor));
      movingVariance.write(ema(movingVariance.read(), bv, factor));
    }
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeObject(this.betaInitializer),
      gammaInitializer: serializeObject(this.gammaInitializer),
      movingMeanInitializer: serializeObject(this.movingMeanInitializer),
      movingVarianceInitializer: serializeObject(this.movingVarianceInitializer),
      betaRegularizer: serializeObject(this.betaRegularizer),
      gammaRegularizer: serializeObject(this.gammaRegularizer),
      betaConstraint: serializeObject(this.betaConstraint),
      gammaConstraint: serializeObject(this.gammaConstraint),
      renorm: this.renorm,
      renormClipping: this.renormClipping
        ? (Object.fromEntries(
            Object.entries(this.renormClipping).filter(([, v]) => Number.isFinite(v)),
          ) as tf.serialization.ConfigDict)
        : null,
      renormMomentum: this.renormMomentum,
      renormWarmup: this.renormWarmup
        ? ({ ...this.renormWarmup } as unknown as tf.serialization.ConfigDict)
        : null,
      virtualBatchSize: this.virtualBatchSize,
      varianceCorrection: this.varianceCorrection,
    };
    return { ...config, ...super.getConfig() };
  }
}

/**
 * Creates a {@link BatchNormalization} layer (Keras arguments in camelCase, Keras defaults).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { batchNormalization } from '@bnkit/layers';
 *
 * const model = tfl.sequential({
 *   layers: [
 *     tfl.layers.dense({ units: 64, activation: 'relu', inputShape: [20] }),
 *     batchNormalization(),
 *     tfl.layers.dense({ units: 1, activation: 'sigmoid' }),
 *   ],
 * });
 * model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
 * await model.fit(tf.randomNormal([64, 20]), tf.ones([64, 1]), { epochs: 1 });
 * ```
 */
export function batchNormalization(args: BatchNormalizationArgs = {}): BatchNormalization {
  return new BatchNormalization(args);
}
