import { activationName, addActivation } from './activation-ops.js';
import { first, rankOf } from './converter-helpers.js';
import type { LayerConverter } from './converter-types.js';

/** Dense: Gemm on rank-2 inputs (bias as C), MatMul + Add above; then the activation. */
export const dense: LayerConverter = {
  convert(ctx) {
    const kernel = ctx.weight('kernel');
    if (!kernel) throw new Error(`Dense layer ${ctx.name} has no kernel weight`);
    const bias = ctx.config['useBias'] === false ? undefined : ctx.weight('bias');
    const input = first(ctx.inputs);
    const rank = rankOf(ctx.inputShapes[0]);
    const w = ctx.graph.addFloatInitializer(`${ctx.name}/kernel`, kernel.shape, kernel.values);
    const b = bias
      ? ctx.graph.addFloatInitializer(`${ctx.name}/bias`, bias.shape, bias.values)
      : undefined;
    let out: string;
    if (rank === 2) {
      out = ctx.graph.addNode('Gemm', b ? [input, w, b] : [input, w], {
        name: `${ctx.name}/Gemm`,
      })[0] as string;
    } else {
      out = ctx.graph.addNode('MatMul', [input, w], { name: `${ctx.name}/MatMul` })[0] as string;
      if (b) out = ctx.graph.addNode('Add', [out, b], { name: `${ctx.name}/Add` })[0] as string;
    }
    const act = activationName(ctx.config['activation']);
    return [addActivation(ctx.graph, act, out, { prefix: ctx.name, opset: ctx.opset, rank })];
  },
};
