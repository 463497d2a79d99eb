import type { LayerConverter } from './converter-types.js';

/** Embedding: Cast to int64, then Gather rows of the table. */
export const embedding: LayerConverter = {
  convert(ctx) {
    const table = ctx.weight('embeddings');
    if (!table) throw new Error('no embeddings weight');
    const w = ctx.graph.addFloatInitializer(`${ctx.name}/embeddings`, table.shape, table.values);
    const idx = ctx.graph.addNode('Cast', [ctx.inputs[0] as string], {
      name: `${ctx.name}/Cast`,
      attributes: { to: { int: 7 } },
    })[0] as string;
    return ctx.graph.addNode('Gather', [w, idx], {
      name: `${ctx.name}/Gather`,
      attributes: { axis: { int: 0 } },
    });
  },
};
