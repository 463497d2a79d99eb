import type { LayerWeightValues } from './layer-weights.js';

/** A BatchNormalization layer's inference parameters, in float64. */
export interface BatchNormParams {
  /** The channel axis of the input, non-negative. */
  axis: number;
  /** The rank of the input. */
  rank: number;
  channels: number;
  gamma: Float64Array;
  beta: Float64Array;
  mean: Float64Array;
  variance: Float64Array;
  epsilon: number;
  momentum: number;
  /** The per-channel affine map BN computes in inference: `y = x·scale + shift`. */
  scale: Float64Array;
  shift: Float64Array;
}

const GAMMA = /(^|\/)(gamma|scale)(:0)?$/;
const BETA = /(^|\/)(beta|offset|center)(:0)?$/;
const MEAN = /(^|\/)(moving_mean|running_mean|movingMean)(:0)?$/;
const VARIANCE = /(^|\/)(moving_variance|moving_var|running_var|movingVariance)(:0)?$/;

/** A BN layer that cannot be read (several axes, missing moving statistics). */
export class BatchNormReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BatchNormReadError';
  }
}

/**
 * Whether a layer is a BatchNormalization: tfjs-layers' own, bnkit's, or any layer whose class
 * name ends with `BatchNormalization` and that has moving mean and variance weights.
 *
 * @example
 * isBatchNormLayer(layer.getClassName(), layer.weights); // true for tf.layers.batchNormalization()
 */
export function isBatchNormLayer(className: string, weights: readonly { name: string }[]): boolean {
  return (
    /BatchNormalization$/.test(className) &&
    weights.some((w) => MEAN.test(w.name)) &&
    weights.some((w) => VARIANCE.test(w.name))
  );
}

/**
 * The inverse standard deviation `1/√(σ²+ε)` rounded as tfjs computes it (`rsqrt` of a float32
 * sum, in float32), so folded weights reproduce tfjs's BN to the last bit of that factor.
 */
export function inverseStd(variance: number, epsilon: number): number {
  return Math.fround(1 / Math.sqrt(Math.fround(variance + epsilon)));
}

/**
 * Reads a BN layer's parameters from its config (`axis`, `scale`, `center`, `epsilon`,
 * `momentum`; tfjs defaults when absent) and weights (by name; a missing gamma or beta means
 * scale or center is off: 1 and 0), for an input of shape `inputShape`. Also returns the
 * inference affine map `scale = γ/√(σ²+ε)`, `shift = β − μ·scale`.
 *
 * @example
 * const p = readBatchNormParams({ name: bn.name, config: bn.getConfig(), weights: readLayerWeights(bn), inputShape: [null, 8] });
 * p.scale; // Float64Array(8)
 */
export function readBatchNormParams(layer: {
  name: string;
  config: Record<string, unknown>;
  weights: readonly LayerWeightValues[];
  inputShape: readonly (number | null)[];
}): BatchNormParams {
  const rank = layer.inputShape.length;
  const rawAxis = layer.config['axis'];
  if (Array.isArray(rawAxis) && rawAxis.length !== 1) {
    throw new BatchNormReadError(
      `${layer.name}: BatchNormalization over several axes [${rawAxis}] is not supported`,
    );
  }
  const axisValue = Number(Array.isArray(rawAxis) ? rawAxis[0] : (rawAxis ?? -1));
  const axis = axisValue < 0 ? axisValue + rank : axisValue;
  const mean = layer.weights.find((w) => MEAN.test(w.name));
  const variance = layer.weights.find((w) => VARIANCE.test(w.name));
  if (!mean || !variance) {
    throw new BatchNormReadError(
      `${layer.name}: BatchNormalization has no moving_mean/moving_variance weights`,
    );
  }
  const channels = mean.values.length;
  const gammaW =
    layer.config['scale'] === false ? undefined : layer.weights.find((w) => GAMMA.test(w.name));
  const betaW =
    layer.config['center'] === false ? undefined : layer.weights.find((w) => BETA.test(w.name));
  const epsilon = typeof layer.config['epsilon'] === 'number' ? layer.config['epsilon'] : 1e-3;
  const momentum = typeof layer.config['momentum'] === 'number' ? layer.config['momentum'] : 0.99;
  const gamma = gammaW ? Float64Array.from(gammaW.values) : new Float64Array(channels).fill(1);
  const beta = betaW ? Float64Array.from(betaW.values) : new Float64Array(channels);
  const m = Float64Array.from(mean.values);
  const v = Float64Array.from(variance.values);
  const scale = new Float64Array(channels);
  const shift = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    scale[c] = (gamma[c] as number) * inverseStd(v[c] as number, epsilon);
    shift[c] = (beta[c] as number) - (m[c] as number) * (scale[c] as number);
  }
  return {
    axis,
    rank,
    channels,
    gamma,
    beta,
    mean: m,
    variance: v,
    epsilon,
    momentum,
    scale,
    shift,
  };
}
