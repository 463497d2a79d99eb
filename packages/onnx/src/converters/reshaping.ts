import { first, rankOf } from './converter-helpers.js';
import type { LayerConverter } from './converter-types.js';

/** Dropout and the other training-only layers: the identity at inference. */
export const identity: LayerConverter = { convert: (ctx) => ctx.inputs };

export const flatten: LayerConverter = {
  convert(ctx) {
    // tfjs tensors stay channels-last in the graph, so Flatten(axis=1) keeps Keras element order.
    if (rankOf(ctx.inputShapes[0]) === 2) return ctx.inputs;
    return ctx.graph.addNode('Flatten', [first(ctx.inputs)], {
      name: `${ctx.name}/Flatten`,
      attributes: { axis: { int: 1 } },
    });
  },
};

export const reshape: LayerConverter = {
  convert(ctx) {
    const target = ctx.config['targetShape'];
    if (!Array.isArray(target)) throw new Error(`Reshape ${ctx.name} has no targetShape`);
    const shape = [0, ...target.map((d) => (d === null ? -1 : Number(d)))];
    const s = ctx.graph.addInt64Initializer(`${ctx.name}/shape`, [shape.length], shape);
    return ctx.graph.addNode('Reshape', [first(ctx.inputs), s], { name: `${ctx.name}/Reshape` });
  },
};

export const permute: LayerConverter = {
  convert(ctx) {
    const dims = ctx.config['dims'];
    if (!Array.isArray(dims)) throw new Error(`Permute ${ctx.name} has no dims`);
    return ctx.graph.addNode('Transpose', [first(ctx.inputs)], {
      name: `${ctx.name}/Transpose`,
      attributes: { perm: { ints: [0, ...dims.map(Number)] } },
    });
  },
};
