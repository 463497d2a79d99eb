import type { ConverterContext, LayerConverter } from './converter-types.js';
import type { AttributeValue } from '../graph-builder.js';
import { checkChannelsLast, padAttributes, padding, tuple } from './spatial-helpers.js';

/** Max/Average pooling, 1D and 2D. */
export function pooling(op: 'MaxPool' | 'AveragePool', n: number): LayerConverter {
  return {
    layout: 'channels-first',
    convert(ctx) {
      checkChannelsLast(ctx);
      const kernel = tuple(ctx.config['poolSize'], n, 2);
      const strides = ctx.config['strides'] == null ? kernel : tuple(ctx.config['strides'], n, 1);
      return ctx.graph.addNode(op, [ctx.inputs[0] as string], {
        name: `${ctx.name}/${op}`,
        attributes: {
          kernel_shape: { ints: kernel },
          strides: { ints: strides },
          ...poolPadding(ctx, kernel, strides),
          ...(op === 'AveragePool' ? { count_include_pad: { int: 0 } as AttributeValue } : {}),
        },
      });
    },
  };
}

/**
 * A pool's padding, as `auto_pad` whenever that is exact. onnxruntime's Pad fusion (graph
 * optimization level basic and above) folds a zero Pad, as ZeroPadding2D exports, into a
 * following MaxPool or AveragePool written with explicit `pads`: for MaxPool that turns zero
 * padding into -inf padding (wrong values), and once the sum reaches the kernel size the session
 * fails to load ("Pad should be smaller than kernel"). The fusion leaves a pool with `auto_pad`
 * alone. VALID is exact when TF pads nothing; SAME_UPPER when TF's 'same' needs padding >= 0 on
 * every spatial dim (it splits it as TF does, the odd pixel at the end). Only a pool whose kernel
 * is smaller than its stride on one dim and padded on another keeps explicit pads.
 */
function poolPadding(
  ctx: ConverterContext,
  kernel: number[],
  strides: number[],
): Record<string, AttributeValue> {
  const p = padding(ctx, kernel, strides, tuple(undefined, kernel.length, 1));
  if (p.autoPad !== undefined) return padAttributes(p);
  if ((p.pads ?? []).every((v) => v === 0)) return { auto_pad: 'VALID' };
  const spatial = (ctx.inputShapes[0] ?? []).slice(1, 1 + kernel.length) as number[];
  const needed = spatial.map((size, i) => {
    const s = strides[i] as number;
    return (Math.ceil(size / s) - 1) * s + (kernel[i] as number) - size;
  });
  return needed.every((t) => t >= 0) ? { auto_pad: 'SAME_UPPER' } : padAttributes(p);
}

/** Global pooling: the pool keeps N, C, 1, 1; a Flatten drops the ones. */
export function globalPooling(op: 'GlobalMaxPool' | 'GlobalAveragePool'): LayerConverter {
  return {
    layout: 'channels-first',
    convert(ctx) {
      checkChannelsLast(ctx);
      const pooled = ctx.graph.addNode(op, [ctx.inputs[0] as string], {
        name: `${ctx.name}/${op}`,
      });
      if ((ctx.outputShapes[0]?.length ?? 2) > 2) return pooled; // keepDims
      return ctx.graph.addNode('Flatten', pooled, {
        name: `${ctx.name}/Flatten`,
        attributes: { axis: { int: 1 } },
      });
    },
  };
}
