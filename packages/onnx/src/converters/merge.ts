import { first, rankOf } from './converter-helpers.js';
import type { LayerConverter } from './converter-types.js';

export function elementwise(op: 'Add' | 'Mul' | 'Max' | 'Min' | 'Sum'): LayerConverter {
  return {
    layout: 'preserve',
    convert(ctx) {
      if (op === 'Max' || op === 'Min' || op === 'Sum') {
        return ctx.graph.addNode(op, ctx.inputs, { name: `${ctx.name}/${op}` });
      }
      let acc = first(ctx.inputs);
      for (const next of ctx.inputs.slice(1)) {
        acc = ctx.graph.addNode(op, [acc, next], { name: `${ctx.name}/${op}` })[0] as string;
      }
      return [acc];
    },
  };
}

export const average: LayerConverter = {
  layout: 'preserve',
  convert(ctx) {
    const sum = ctx.graph.addNode('Sum', ctx.inputs, { name: `${ctx.name}/Sum` })[0] as string;
    const n = ctx.graph.addFloatInitializer(`${ctx.name}/count`, [], [ctx.inputs.length]);
    return ctx.graph.addNode('Div', [sum, n], { name: `${ctx.name}/Div` });
  },
};

export const concatenate: LayerConverter = {
  layout: 'preserve',
  convert(ctx) {
    const axis = typeof ctx.config['axis'] === 'number' ? ctx.config['axis'] : -1;
    const rank = rankOf(ctx.inputShapes[0]);
    return ctx.graph.addNode('Concat', ctx.inputs, {
      name: `${ctx.name}/Concat`,
      attributes: { axis: { int: ctx.axis(axis, rank) } },
    });
  },
};
