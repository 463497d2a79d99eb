import { readBatchNormParams } from '@bnkit/core';
import type { BatchNormParams } from '@bnkit/core';
import type { ConverterContext, LayerConverter } from './converter-types.js';

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

/**
 * BatchNormalization (tfjs-layers', bnkit's, or any `*BatchNormalization` with moving
 * statistics) when it is not folded: parameters read by @bnkit/core (shared with
 * `foldBatchNorm`), written as a BatchNormalization node or as Mul + Add.
 */
export const batchNormalization: LayerConverter = {
  layout: 'preserve',
  convert(ctx: ConverterContext) {
    const params = readBatchNormParams({
      name: ctx.name,
      config: ctx.config,
      weights: ctx.weights,
      inputShape: ctx.inputShapes[0] ?? [],
    });
    return [convertBatchNormalization(ctx, params)];
  },
};
