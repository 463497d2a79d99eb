import type { ConverterContext, LayerConverter } from './converter-types.js';

/** ReduceMean over `axes` with keepdims, as an attribute (< 18) or an input (>= 18). */
export function reduceMean(
  ctx: ConverterContext,
  x: string,
  axes: number[],
  label: string,
): string {
  if (ctx.opset >= 18) {
    const a = ctx.graph.addInt64Initializer(`${ctx.name}/${label}_axes`, [axes.length], axes);
    return ctx.graph.addNode('ReduceMean', [x, a], {
      name: `${ctx.name}/${label}`,
      attributes: { keepdims: { int: 1 } },
    })[0] as string;
  }
  return ctx.graph.addNode('ReduceMean', [x], {
    name: `${ctx.name}/${label}`,
    attributes: { axes: { ints: axes }, keepdims: { int: 1 } },
  })[0] as string;
}

export const layerNormalization: LayerConverter = {
  convert(ctx) {
    const rank = ctx.inputShapes[0]?.length ?? 2;
    const rawAxis = ctx.config['axis'] ?? -1;
    const axes = (Array.isArray(rawAxis) ? rawAxis : [rawAxis]).map((a) => {
      const n = Number(a);
      return n < 0 ? n + rank : n;
    });
    const epsilon = typeof ctx.config['epsilon'] === 'number' ? ctx.config['epsilon'] : 1e-3;
    const channels = axes.map((a) => ctx.inputShapes[0]?.[a] as number);
    const count = channels.reduce((a, b) => a * b, 1);
    const gammaW = ctx.config['scale'] === false ? undefined : ctx.weight('gamma');
    const betaW = ctx.config['center'] === false ? undefined : ctx.weight('beta');
    const g = ctx.graph;
    const input = ctx.inputs[0] as string;
    const trailing = axes.every((a, i) => a === rank - axes.length + i);
    const dims = trailing ? channels : [count];
    if (ctx.opset >= 17 && trailing) {
      const gamma = g.addFloatInitializer(
        `${ctx.name}/gamma`,
        dims,
        gammaW?.values ?? new Float32Array(count).fill(1),
      );
      const inputs = [input, gamma];
      if (betaW) inputs.push(g.addFloatInitializer(`${ctx.name}/beta`, dims, betaW.values));
      return g.addNode('LayerNormalization', inputs, {
        name: `${ctx.name}/LayerNormalization`,
        attributes: { axis: { int: axes[0] as number }, epsilon },
      });
    }
    if (!trailing)
      throw new Error(`normalizing axes [${axes}] that are not the last ones is not supported`);
    const mean = reduceMean(ctx, input, axes, 'mean');
    const d = g.addNode('Sub', [input, mean], { name: `${ctx.name}/centered` })[0] as string;
    const sq = g.addNode('Mul', [d, d], { name: `${ctx.name}/squared` })[0] as string;
    const variance = reduceMean(ctx, sq, axes, 'variance');
    const eps = g.addFloatInitializer(`${ctx.name}/epsilon`, [], [epsilon]);
    const ve = g.addNode('Add', [variance, eps], { name: `${ctx.name}/var_eps` })[0] as string;
    const sd = g.addNode('Sqrt', [ve], { name: `${ctx.name}/std` })[0] as string;
    let y = g.addNode('Div', [d, sd], { name: `${ctx.name}/normalized` })[0] as string;
    if (gammaW) {
      const gamma = g.addFloatInitializer(`${ctx.name}/gamma`, dims, gammaW.values);
      y = g.addNode('Mul', [y, gamma], { name: `${ctx.name}/scale` })[0] as string;
    }
    if (betaW) {
      const beta = g.addFloatInitializer(`${ctx.name}/beta`, dims, betaW.values);
      y = g.addNode('Add', [y, beta], { name: `${ctx.name}/center` })[0] as string;
    }
    return [y];
  },
};

/**
 * GroupNormalization (Keras 3 / bnkit, channels-last): reshape to [N, -1, G, C/G], normalize
 * over axes 1 and 3, reshape back, then scale and shift per channel.
 */
export const groupNormalization: LayerConverter = {
  layout: 'preserve',
  convert(ctx) {
    const shape = ctx.inputShapes[0] ?? [];
    const rank = shape.length;
    const rawAxis = ctx.config['axis'] ?? -1;
    const axis = Number(Array.isArray(rawAxis) ? rawAxis[0] : rawAxis);
    if ((axis < 0 ? axis + rank : axis) !== rank - 1) {
      throw new Error(`axis ${axis} is not supported; only the last (channels) axis`);
    }
    const channels = shape[rank - 1];
    const rawGroups = Number(ctx.config['groups'] ?? 32);
    // -1: one group per channel (instance normalization), as bnkit and Keras 3 accept.
    const groups = rawGroups === -1 && typeof channels === 'number' ? channels : rawGroups;
    if (
      typeof channels !== 'number' ||
      !Number.isInteger(groups) ||
      groups < 1 ||
      channels % groups !== 0
    ) {
      throw new Error(`${String(channels)} channels cannot be split into ${groups} groups`);
    }
    const epsilon = typeof ctx.config['epsilon'] === 'number' ? ctx.config['epsilon'] : 1e-3;
    const g = ctx.graph;
    const input = ctx.inputs[0] as string;
    // Channels-last: [N, -1, G, C/G], statistics over axes 1 and 3. Channels-first (inside an
    // NCHW region): [N, G, -1], statistics over axis 2. Either way no Transpose is needed.
    const [groupedShape, axes] = ctx.channelsFirst
      ? [[0, groups, -1], [2]]
      : [
          [0, -1, groups, channels / groups],
          [1, 3],
        ];
    const grouped = g.addInt64Initializer(
      `${ctx.name}/grouped_shape`,
      [groupedShape.length],
      groupedShape,
    );
    const x = g.addNode('Reshape', [input, grouped], { name: `${ctx.name}/group` })[0] as string;
    const mean = reduceMean(ctx, x, axes, 'mean');
    const d = g.addNode('Sub', [x, mean], { name: `${ctx.name}/centered` })[0] as string;
    const sq = g.addNode('Mul', [d, d], { name: `${ctx.name}/squared` })[0] as string;
    const variance = reduceMean(ctx, sq, axes, 'variance');
    const eps = g.addFloatInitializer(`${ctx.name}/epsilon`, [], [epsilon]);
    const ve = g.addNode('Add', [variance, eps], { name: `${ctx.name}/var_eps` })[0] as string;
    const sd = g.addNode('Sqrt', [ve], { name: `${ctx.name}/std` })[0] as string;
    const normalized = g.addNode('Div', [d, sd], { name: `${ctx.name}/normalized` })[0] as string;
    const original = g.addNode('Shape', [input], { name: `${ctx.name}/Shape` })[0] as string;
    let y = g.addNode('Reshape', [normalized, original], {
      name: `${ctx.name}/ungroup`,
    })[0] as string;
    const dims = ctx.channelsFirst
      ? [channels, ...Array.from({ length: rank - 2 }, () => 1)]
      : [channels];
    const gammaW = ctx.config['scale'] === false ? undefined : ctx.weight('gamma');
    const betaW = ctx.config['center'] === false ? undefined : ctx.weight('beta');
    if (gammaW) {
      const gamma = g.addFloatInitializer(`${ctx.name}/gamma`, dims, gammaW.values);
      y = g.addNode('Mul', [y, gamma], { name: `${ctx.name}/scale` })[0] as string;
    }
    if (betaW) {
      const beta = g.addFloatInitializer(`${ctx.name}/beta`, dims, betaW.values);
      y = g.addNode('Add', [y, beta], { name: `${ctx.name}/center` })[0] as string;
    }
    return [y];
  },
};
