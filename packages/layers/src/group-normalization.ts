import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import { normalizeAxes } from './batch-normalization.js';
import { boolean, custom, describeValue, integer, number } from '@bnkit/core';
import { checkBuiltInput } from './check-built-input.js';
import { LayerArgumentError, LayerInputError } from './errors.js';
import { resolveIdentifier, serializeObject } from './serialization-utils.js';
import type { Constraint, Identifier, Initializer, Regularizer } from './serialization-utils.js';
import { checkLayerArgs, identifier, orNull } from './validate.js';

type Shape = (number | null)[];

/** Arguments of {@link GroupNormalization}; every default is Keras 3's. */
export interface GroupNormalizationArgs extends LayerArgs {
  /** Number of groups the channels are split into; default `32`. `-1`: one group per channel (instance normalization). Must divide the channels. */
  groups?: number;
  /** Channel axis; default `-1`. */
  axis?: number;
  /** Added to the variance; default `1e-3`. Must be ≥ 0. */
  epsilon?: number;
  /** Learn an offset beta per channel; default `true`. */
  center?: boolean;
  /** Learn a scale gamma per channel; default `true`. */
  scale?: boolean;
  /** Default `'zeros'`. */
  betaInitializer?: Identifier<Initializer>;
  /** Default `'ones'`. */
  gammaInitializer?: Identifier<Initializer>;
  betaRegularizer?: Identifier<Regularizer> | null;
  gammaRegularizer?: Identifier<Regularizer> | null;
  betaConstraint?: Identifier<Constraint> | null;
  gammaConstraint?: Identifier<Constraint> | null;
}

/** Every argument of {@link GroupNormalization} and what it accepts (besides tfjs's LayerArgs). */
const GROUP_NORMALIZATION_ARGS = {
  groups: custom(
    'a positive integer or -1 (instance normalization)',
    (v) => v === -1 || integer({ min: 1 }).test(v),
  ),
  axis: integer(),
  epsilon: number({ min: 0 }),
  center: boolean(),
  scale: boolean(),
  betaInitializer: identifier('initializer'),
  gammaInitializer: identifier('initializer'),
  betaRegularizer: orNull(identifier('regularizer')),
  gammaRegularizer: orNull(identifier('regularizer')),
  betaConstraint: orNull(identifier('constraint')),
  gammaConstraint: orNull(identifier('constraint')),
};

/**
 * Group normalization (Wu & He 2018) with Keras 3's arguments: each sample's channels are split
 * into `groups` groups and normalized over the group's channels and all non-batch axes. It does
 * not depend on the batch, which makes it BN's answer for small batches. `groups: 1` is layer
 * normalization over all features, `groups: -1` instance normalization. Identical in training and
 * inference.
 */
export class GroupNormalization extends tfl.layers.Layer {
  static className = 'BnkitGroupNormalization';

  readonly groups: number;
  readonly axis: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly betaInitializer: Initializer;
  private readonly gammaInitializer: Initializer;
  private readonly betaRegularizer: Regularizer | null;
  private readonly gammaRegularizer: Regularizer | null;
  private readonly betaConstraint: Constraint | null;
  private readonly gammaConstraint: Constraint | null;
  private resolvedAxis = -1;
  private resolvedGroups = 1;
  private builtRank = 0;
  private builtShape: (number | null)[] = [];
  private channels = 0;
  gamma: tfl.LayerVariable | null = null;
  beta: tfl.LayerVariable | null = null;

  constructor(args: GroupNormalizationArgs = {}) {
    super(checkLayerArgs('GroupNormalization', args, GROUP_NORMALIZATION_ARGS));
    this.groups = args.groups ?? 32;
    this.axis = args.axis ?? -1;
    this.epsilon = args.epsilon ?? 1e-3;
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.betaInitializer = resolveIdentifier<Initializer>(
      args.betaInitializer ?? 'zeros',
      'betaInitializer',
      'initializer',
    ) as Initializer;
    this.gammaInitializer = resolveIdentifier<Initializer>(
      args.gammaInitializer ?? 'ones',
      'gammaInitializer',
      'initializer',
    ) as Initializer;
    this.betaRegularizer = resolveIdentifier(
      args.betaRegularizer,
      'betaRegularizer',
      'regularizer',
    );
    this.gammaRegularizer = resolveIdentifier(
      args.gammaRegularizer,
      'gammaRegularizer',
      'regularizer',
    );
    this.betaConstraint = resolveIdentifier(args.betaConstraint, 'betaConstraint', 'constraint');
    this.gammaConstraint = resolveIdentifier(args.gammaConstraint, 'gammaConstraint', 'constraint');
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const rank = shape.length;
    if (rank < 2) {
      throw new LayerInputError(
        `${this.displayName()}: input shape`,
        shape,
        'a shape of rank >= 2',
      );
    }
    const [axis] = normalizeAxes(this.axis, rank) as [number];
    if (axis === 0) {
      throw new LayerArgumentError('axis', this.axis, 'an axis other than the batch axis 0', {
        hint: `The input has rank ${rank}.`,
      });
    }
    const channels = shape[axis];
    if (channels === null || channels === undefined) {
      throw new LayerInputError(
        `${this.displayName()}: size of input axis ${axis}`,
        channels,
        'a known size (the channels)',
        { hint: `Input shape ${describeValue(shape)}.` },
      );
    }
    const groups = this.groups === -1 ? channels : this.groups;
    if (groups > channels || channels % groups !== 0) {
      throw new LayerArgumentError(
        'groups',
        this.groups,
        `a divisor of the ${channels} channels of axis ${axis}, or -1`,
        { hint: `groups ${this.groups} must divide the channels (and not exceed them).` },
      );
    }
    this.resolvedAxis = axis;
    this.resolvedGroups = groups;
    this.builtRank = rank;
    this.builtShape = [...shape];
    this.channels = channels;
    this.inputSpec = [new tfl.InputSpec({ ndim: rank, axes: { [axis]: channels } })];
    if (this.scale) {
      this.gamma = this.addWeight(
        'gamma',
        [channels],
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
        [channels],
        'float32',
        this.betaInitializer,
        this.betaRegularizer ?? undefined,
        true,
        this.betaConstraint ?? undefined,
      );
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  /** How messages name this layer: `GroupNormalization "group_normalization_1"`. */
  private displayName(): string {
    return `GroupNormalization ${JSON.stringify(this.name)}`;
  }

  private checkInputShape(shape: readonly (number | null)[]): void {
    if (!this.built) return;
    checkBuiltInput(
      {
        layer: this.displayName(),
        shape: this.builtShape,
        axes: [this.resolvedAxis],
        noun: 'channels',
      },
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

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const input = Array.isArray(inputs) ? inputs[0] : inputs;
      if (input === undefined) {
        throw new LayerInputError(`${this.displayName()}: inputs`, inputs, 'one tensor');
      }
      this.checkInputShape(input.shape);
      const x = input.dtype === 'float32' ? input : tf.cast(input, 'float32');
      const shape = x.shape;
      const axis = this.resolvedAxis;
      const groups = this.resolvedGroups;
      const channels = shape[axis] as number;
      // [..., C, ...] → [..., G, C/G, ...]; statistics over everything but batch and group.
      const grouped = [
        ...shape.slice(0, axis),
        groups,
        channels / groups,
        ...shape.slice(axis + 1),
      ];
      const xg = tf.reshape(x, grouped);
      const reduce: number[] = [];
      for (let i = 1; i < grouped.length; i++) if (i !== axis) reduce.push(i);
      const { mean, variance } = tf.moments(xg, reduce, true);
      const normalized = tf.reshape(
        tf.mul(tf.sub(xg, mean), tf.rsqrt(tf.add(variance, this.epsilon))),
        shape,
      );
      const bshape = shape.map((d, i) => (i === axis ? d : 1));
      let y = normalized;
      if (this.gamma !== null) y = tf.mul(y, tf.reshape(this.gamma.read(), bshape));
      if (this.beta !== null) y = tf.add(y, tf.reshape(this.beta.read(), bshape));
      return y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      groups: this.groups,
      axis: this.axis,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeObject(this.betaInitializer),
      gammaInitializer: serializeObject(this.gammaInitializer),
      betaRegularizer: serializeObject(this.betaRegularizer),
      gammaRegularizer: serializeObject(this.gammaRegularizer),
      betaConstraint: serializeObject(this.betaConstraint),
      gammaConstraint: serializeObject(this.gammaConstraint),
      ...super.getConfig(),
    };
  }
}

/**
 * Creates a {@link GroupNormalization} layer (Keras 3 arguments in camelCase and defaults).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { groupNormalization } from '@bnkit/layers';
 *
 * const gn = groupNormalization({ groups: 2, axis: 1 }); // channels-first, 2 groups
 * const y = gn.apply(tf.randomNormal([2, 4, 8, 8])) as tf.Tensor;
 * ```
 */
export function groupNormalization(args: GroupNormalizationArgs = {}): GroupNormalization {
  return new GroupNormalization(args);
}
