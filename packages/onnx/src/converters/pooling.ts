import type { LayerConverter } from './converter-types.js';
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
      const pads = padding(ctx, kernel, strides, tuple(undefined, n, 1));
      return ctx.graph.addNode(op, [ctx.inputs[0] as string], {
        name: `${ctx.name}/${op}`,
        attributes: {
          kernel_shape: { ints: kernel },
          strides: { ints: strides },
          ...padAttributes(pads),
          ...(op === 'AveragePool' ? { count_include_pad: { int: 0 } as AttributeValue } : {}),
        },
      });
    },
  };
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
