import type { LayerConverter } from './converter-types.js';
import { checkChannelsLast, tuple } from './spatial-helpers.js';

export const zeroPadding2d: LayerConverter = {
  layout: 'channels-first',
  convert(ctx) {
    checkChannelsLast(ctx);
    const raw = ctx.config['padding'];
    let top = 1;
    let bottom = 1;
    let left = 1;
    let right = 1;
    if (typeof raw === 'number') top = bottom = left = right = raw;
    else if (Array.isArray(raw)) {
      const [h, w] = raw as unknown[];
      [top, bottom] = Array.isArray(h)
        ? (h.map(Number) as [number, number])
        : [Number(h), Number(h)];
      [left, right] = Array.isArray(w)
        ? (w.map(Number) as [number, number])
        : [Number(w), Number(w)];
    }
    const pads = ctx.graph.addInt64Initializer(
      `${ctx.name}/pads`,
      [8],
      [0, 0, top, left, 0, 0, bottom, right],
    );
    return ctx.graph.addNode('Pad', [ctx.inputs[0] as string, pads], {
      name: `${ctx.name}/Pad`,
      attributes: { mode: 'constant' },
    });
  },
};

export const upSampling2d: LayerConverter = {
  layout: 'channels-first',
  convert(ctx) {
    checkChannelsLast(ctx);
    const [sh, sw] = tuple(ctx.config['size'], 2, 2) as [number, number];
    const interpolation = String(ctx.config['interpolation'] ?? 'nearest');
    if (interpolation !== 'nearest' && interpolation !== 'bilinear') {
      throw new Error(`interpolation '${interpolation}' is not supported; nearest or bilinear`);
    }
    const scales = ctx.graph.addFloatInitializer(`${ctx.name}/scales`, [4], [1, 1, sh, sw]);
    return ctx.graph.addNode('Resize', [ctx.inputs[0] as string, '', scales], {
      name: `${ctx.name}/Resize`,
      attributes: {
        mode: interpolation === 'nearest' ? 'nearest' : 'linear',
        coordinate_transformation_mode: 'asymmetric',
        ...(interpolation === 'nearest' ? { nearest_mode: 'floor' } : {}),
      },
    });
  },
};

export const cropping2d: LayerConverter = {
  layout: 'channels-first',
  convert(ctx) {
    checkChannelsLast(ctx);
    const raw = ctx.config['cropping'];
    let crop = [0, 0, 0, 0];
    if (typeof raw === 'number') crop = [raw, raw, raw, raw];
    else if (Array.isArray(raw)) {
      const [h, w] = raw as unknown[];
      const pair = (v: unknown) => (Array.isArray(v) ? v.map(Number) : [Number(v), Number(v)]);
      crop = [...pair(h), ...pair(w)];
    }
    const [top, bottom, left, right] = crop as [number, number, number, number];
    const end = (n: number) => (n > 0 ? -n : 2 ** 31 - 1);
    const g = ctx.graph;
    const starts = g.addInt64Initializer(`${ctx.name}/starts`, [2], [top, left]);
    const ends = g.addInt64Initializer(`${ctx.name}/ends`, [2], [end(bottom), end(right)]);
    const axes = g.addInt64Initializer(`${ctx.name}/axes`, [2], [2, 3]);
    return g.addNode('Slice', [ctx.inputs[0] as string, starts, ends, axes], {
      name: `${ctx.name}/Slice`,
    });
  },
};

export const repeatVector: LayerConverter = {
  convert(ctx) {
    const n = Number(ctx.config['n']);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`n must be a positive integer, got ${String(ctx.config['n'])}`);
    const g = ctx.graph;
    const axes = g.addInt64Initializer(`${ctx.name}/axes`, [1], [1]);
    const x = g.addNode('Unsqueeze', [ctx.inputs[0] as string, axes], {
      name: `${ctx.name}/Unsqueeze`,
    })[0] as string;
    const repeats = g.addInt64Initializer(`${ctx.name}/repeats`, [3], [1, n, 1]);
    return g.addNode('Tile', [x, repeats], { name: `${ctx.name}/Tile` });
  },
};
