import type { ConverterContext, LayerWeight } from './converter-types.js';

/** Inference parameters of a BatchNormalization layer, in float64. */
export interface BatchNormParams {
  /** Channel axis, non-negative. */
  axis: number;
  rank: number;
  channels: number;
  gamma: Float64Array;
  beta: Float64Array;
  mean: Float64Array;
  variance: Float64Array;
  epsilon: number;
  momentum: number;
  /** y = x * scale + shift */
  scale: Float64Array;
  shift: Float64Array;
}

const GAMMA = /(^|\/)(gamma|scale)(:0)?$/;
const BETA = /(^|\/)(beta|offset|center)(:0)?$/;
const MEAN = /(^|\/)(moving_mean|running_mean|movingMean)(:0)?$/;
const VARIANCE = /(^|\/)(moving_variance|moving_var|running_var|movingVariance)(:0)?$/;

/**
 * Whether a layer is a BatchNormalization the exporter understands: tfjs's, bnkit's or any layer
 * whose class name ends with `BatchNormalization` and that has moving mean and variance weights.
 */
export function isBatchNormLayer(className: string, weights: { name: string }[]): boolean {
  return (
    /BatchNormalization$/.test(className) &&
    weights.some((w) => MEAN.test(w.name)) &&
    weights.some((w) => VARIANCE.test(w.name))
  );
}

function find(weights: LayerWeight[], pattern: RegExp): LayerWeight | undefined {
  return weights.find((w) => pattern.test(w.name));
}

/** Reads a BN layer's parameters (missing gamma/beta mean scale=false/center=false: 1 and 0). */
export function batchNormParams(ctx: {
  name: string;
  config: Record<string, unknown>;
  weights: LayerWeight[];
  inputShapes: (number | null)[][];
}): BatchNormParams {
  const shape = ctx.inputShapes[0] ?? [];
  const rank = shape.length;
  const rawAxis = ctx.config['axis'];
  const axisValue = Array.isArray(rawAxis) ? rawAxis[0] : (rawAxis ?? -1);
  if (Array.isArray(rawAxis) && rawAxis.length !== 1) {
    throw new Error(
      `${ctx.name}: BatchNormalization over several axes [${rawAxis}] is not supported`,
    );
  }
  const axis = Number(axisValue) < 0 ? Number(axisValue) + rank : Number(axisValue);
  const mean = find(ctx.weights, MEAN);
  const variance = find(ctx.weights, VARIANCE);
  if (!mean || !variance) {
    throw new Error(`${ctx.name}: BatchNormalization has no moving_mean/moving_variance weights`);
  }
  const channels = mean.values.length;
  const gammaW = ctx.config['scale'] === false ? undefined : find(ctx.weights, GAMMA);
  const betaW = ctx.config['center'] === false ? undefined : find(ctx.weights, BETA);
  const epsilon = typeof ctx.config['epsilon'] === 'number' ? ctx.config['epsilon'] : 1e-3;
  const momentum = typeof ctx.config['momentum'] === 'number' ? ctx.config['momentum'] : 0.99;
  const gamma = Float64Array.from(gammaW?.values ?? new Float32Array(channels).fill(1));
  const beta = Float64Array.from(betaW?.values ?? new Float32Array(channels));
  const m = Float64Array.from(mean.values);
  const v = Float64Array.from(variance.values);
  const scale = new Float64Array(channels);
  const shift = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    // tfjs computes rsqrt(var + eps) in float32: round the same way.
    const inv = Math.fround(1 / Math.sqrt(Math.fround((v[c] as number) + epsilon)));
    scale[c] = (gamma[c] as number) * inv;
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

/** Writes an unfolded BN: a BatchNormalization node ('op') or Mul + Add ('affine'). */
export function convertBatchNormalization(ctx: ConverterContext, p: BatchNormParams): string {
  const input = ctx.inputs[0] as string;
  const g = ctx.graph;
  // The channel axis in the layout the exporter delivered (1 inside a channels-first region).
  const axis = ctx.axis(p.axis, p.rank);
  if (ctx.bnMode === 'op' && p.rank >= 2) {
    const names = [
      g.addFloatInitializer(`${ctx.name}/gamma`, [p.channels], p.gamma),
      g.addFloatInitializer(`${ctx.name}/beta`, [p.channels], p.beta),
      g.addFloatInitializer(`${ctx.name}/moving_mean`, [p.channels], p.mean),
      g.addFloatInitializer(`${ctx.name}/moving_variance`, [p.channels], p.variance),
    ];
    let x = input;
    const toFirst = axis !== 1;
    const perm = Array.from({ length: p.rank }, (_, i) => i).filter((i) => i !== axis);
    perm.splice(1, 0, axis);
    if (toFirst) {
      x = g.addNode('Transpose', [x], {
        name: `${ctx.name}/to_channels_first`,
        attributes: { perm: { ints: perm } },
      })[0] as string;
    }
    const attributes: Record<string, number | { int: number }> = {
      epsilon: p.epsilon,
      momentum: p.momentum,
    };
    if (ctx.opset >= 14) attributes['training_mode'] = { int: 0 };
    let y = g.addNode('BatchNormalization', [x, ...names], {
      name: `${ctx.name}/BatchNormalization`,
      attributes,
    })[0] as string;
    if (toFirst) {
      const inverse = perm.map((_, i) => perm.indexOf(i));
      y = g.addNode('Transpose', [y], {
        name: `${ctx.name}/to_channels_last`,
        attributes: { perm: { ints: inverse } },
      })[0] as string;
    }
    return y;
  }
  // Affine: broadcast [C, 1, ..., 1] over the axes after the channel axis.
  const dims = [p.channels, ...Array.from({ length: p.rank - 1 - axis }, () => 1)];
  const s = g.addFloatInitializer(`${ctx.name}/scale`, dims, p.scale);
  const t = g.addFloatInitializer(`${ctx.name}/shift`, dims, p.shift);
  const mul = g.addNode('Mul', [input, s], { name: `${ctx.name}/Mul` })[0] as string;
  return g.addNode('Add', [mul, t], { name: `${ctx.name}/Add` })[0] as string;
}
