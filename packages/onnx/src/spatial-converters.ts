import { activationName, addActivation } from './activations.js';
import type { ConverterContext, LayerConverter, LayerWeight } from './converter-types.js';
import type { AttributeValue } from './graph-builder.js';

function tuple(value: unknown, n: number, fallback: number): number[] {
  if (Array.isArray(value)) {
    const list = value.map(Number);
    return list.length === n ? list : Array.from({ length: n }, () => list[0] ?? fallback);
  }
  if (typeof value === 'number') return Array.from({ length: n }, () => value);
  return Array.from({ length: n }, () => fallback);
}

function checkChannelsLast(ctx: ConverterContext): void {
  const format = ctx.config['dataFormat'];
  if (format !== undefined && format !== 'channelsLast') {
    throw new Error(`dataFormat '${String(format)}' is not supported; only channelsLast`);
  }
}

/**
 * ONNX pads for TensorFlow padding on the spatial dims (begin..., end...). 'same' follows TF
 * (the extra pixel goes at the end); unknown input sizes fall back to auto_pad SAME_UPPER.
 */
function padding(
  ctx: ConverterContext,
  kernel: number[],
  strides: number[],
  dilations: number[],
): { pads?: number[]; autoPad?: string } {
  const mode = String(ctx.config['padding'] ?? 'valid');
  const n = kernel.length;
  if (mode === 'valid') return { pads: Array.from({ length: 2 * n }, () => 0) };
  if (mode === 'causal') {
    const k = kernel[0] as number;
    const d = dilations[0] as number;
    return { pads: [(k - 1) * d, 0] };
  }
  if (mode !== 'same') throw new Error(`padding '${mode}' is not supported`);
  const spatial = (ctx.inputShapes[0] ?? []).slice(1, 1 + n);
  if (spatial.some((d) => d === null)) return { autoPad: 'SAME_UPPER' };
  const begin: number[] = [];
  const end: number[] = [];
  spatial.forEach((size, i) => {
    const s = strides[i] as number;
    const k = ((kernel[i] as number) - 1) * (dilations[i] as number) + 1;
    const out = Math.ceil((size as number) / s);
    const total = Math.max((out - 1) * s + k - (size as number), 0);
    begin.push(Math.floor(total / 2));
    end.push(total - Math.floor(total / 2));
  });
  return { pads: [...begin, ...end] };
}

function padAttributes(p: { pads?: number[]; autoPad?: string }): Record<string, AttributeValue> {
  return p.autoPad ? { auto_pad: p.autoPad } : { pads: { ints: p.pads ?? [] } };
}

/** tfjs kernel [k..., in, out] → ONNX [out, in, k...]. */
function convKernel(kernel: LayerWeight): { dims: number[]; values: Float32Array } {
  const shape = kernel.shape;
  const spatial = shape.slice(0, -2);
  const cin = shape[shape.length - 2] as number;
  const cout = shape[shape.length - 1] as number;
  const area = spatial.reduce((a, b) => a * b, 1);
  const out = new Float32Array(kernel.values.length);
  for (let p = 0; p < area; p++)
    for (let i = 0; i < cin; i++)
      for (let o = 0; o < cout; o++)
        out[(o * cin + i) * area + p] = kernel.values[(p * cin + i) * cout + o] as number;
  return { dims: [cout, cin, ...spatial], values: out };
}

/** tfjs depthwise kernel [k..., in, mult] → ONNX grouped [in*mult, 1, k...]. */
function depthwiseKernel(kernel: LayerWeight): { dims: number[]; values: Float32Array } {
  const shape = kernel.shape;
  const spatial = shape.slice(0, -2);
  const cin = shape[shape.length - 2] as number;
  const mult = shape[shape.length - 1] as number;
  const area = spatial.reduce((a, b) => a * b, 1);
  const out = new Float32Array(kernel.values.length);
  for (let p = 0; p < area; p++)
    for (let i = 0; i < cin; i++)
      for (let m = 0; m < mult; m++)
        out[(i * mult + m) * area + p] = kernel.values[(p * cin + i) * mult + m] as number;
  return { dims: [cin * mult, 1, ...spatial], values: out };
}

function finishActivation(ctx: ConverterContext, value: string): string[] {
  const rank = ctx.outputShapes[0]?.length ?? 4;
  return [
    addActivation(ctx.graph, activationName(ctx.config['activation']), value, {
      prefix: ctx.name,
      opset: ctx.opset,
      rank,
      softmaxAxis: 1,
    }),
  ];
}

function convLike(kind: 'conv' | 'depthwise' | 'separable', n: number): LayerConverter {
  return {
    layout: 'channels-first',
    convert(ctx) {
      checkChannelsLast(ctx);
      const strides = tuple(ctx.config['strides'], n, 1);
      const dilations = tuple(ctx.config['dilationRate'], n, 1);
      const bias = ctx.config['useBias'] === false ? undefined : ctx.weight('bias');
      const g = ctx.graph;
      const input = ctx.inputs[0] as string;
      let x: string;
      if (kind === 'conv') {
        const kernel = ctx.weight('kernel');
        if (!kernel) throw new Error('no kernel weight');
        const w = convKernel(kernel);
        const kernelShape = w.dims.slice(2);
        const inputs = [input, g.addFloatInitializer(`${ctx.name}/kernel`, w.dims, w.values)];
        if (bias) inputs.push(g.addFloatInitializer(`${ctx.name}/bias`, bias.shape, bias.values));
        x = g.addNode('Conv', inputs, {
          name: `${ctx.name}/Conv`,
          attributes: {
            kernel_shape: { ints: kernelShape },
            strides: { ints: strides },
            dilations: { ints: dilations },
            group: { int: 1 },
            ...padAttributes(padding(ctx, kernelShape, strides, dilations)),
          },
        })[0] as string;
      } else {
        const depth = ctx.weight('depthwise_kernel');
        if (!depth) throw new Error('no depthwise_kernel weight');
        const w = depthwiseKernel(depth);
        const kernelShape = w.dims.slice(2);
        const cin = depth.shape[depth.shape.length - 2] as number;
        const inputs = [
          input,
          g.addFloatInitializer(`${ctx.name}/depthwise_kernel`, w.dims, w.values),
        ];
        if (bias && kind === 'depthwise')
          inputs.push(g.addFloatInitializer(`${ctx.name}/bias`, bias.shape, bias.values));
        x = g.addNode('Conv', inputs, {
          name: `${ctx.name}/DepthwiseConv`,
          attributes: {
            kernel_shape: { ints: kernelShape },
            strides: { ints: strides },
            dilations: { ints: dilations },
            group: { int: cin },
            ...padAttributes(padding(ctx, kernelShape, strides, dilations)),
          },
        })[0] as string;
        if (kind === 'separable') {
          const point = ctx.weight('pointwise_kernel');
          if (!point) throw new Error('no pointwise_kernel weight');
          const pw = convKernel(point);
          const pInputs = [
            x,
            g.addFloatInitializer(`${ctx.name}/pointwise_kernel`, pw.dims, pw.values),
          ];
          if (bias)
            pInputs.push(g.addFloatInitializer(`${ctx.name}/bias`, bias.shape, bias.values));
          x = g.addNode('Conv', pInputs, {
            name: `${ctx.name}/PointwiseConv`,
            attributes: { kernel_shape: { ints: pw.dims.slice(2) }, group: { int: 1 } },
          })[0] as string;
        }
      }
      return finishActivation(ctx, x);
    },
  };
}

function pooling(op: 'MaxPool' | 'AveragePool', n: number): LayerConverter {
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

function globalPooling(op: 'GlobalMaxPool' | 'GlobalAveragePool'): LayerConverter {
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

const zeroPadding2d: LayerConverter = {
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

const upSampling2d: LayerConverter = {
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

const embedding: LayerConverter = {
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

/** ReduceMean over `axes` with keepdims, as an attribute (< 18) or an input (>= 18). */
function reduceMean(ctx: ConverterContext, x: string, axes: number[], label: string): string {
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

const layerNormalization: LayerConverter = {
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

const prelu: LayerConverter = {
  convert(ctx) {
    const alpha = ctx.weight('alpha');
    if (!alpha) throw new Error('no alpha weight');
    const slope = ctx.graph.addFloatInitializer(`${ctx.name}/alpha`, alpha.shape, alpha.values);
    return ctx.graph.addNode('PRelu', [ctx.inputs[0] as string, slope], {
      name: `${ctx.name}/PRelu`,
    });
  },
};

const cropping2d: LayerConverter = {
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

const repeatVector: LayerConverter = {
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

/** Spatial and normalization converters; merged into the built-in table. */
export const SPATIAL_CONVERTERS: [string, LayerConverter][] = [
  ['Conv1D', convLike('conv', 1)],
  ['Conv2D', convLike('conv', 2)],
  ['DepthwiseConv2D', convLike('depthwise', 2)],
  ['SeparableConv2D', convLike('separable', 2)],
  ['MaxPooling1D', pooling('MaxPool', 1)],
  ['MaxPooling2D', pooling('MaxPool', 2)],
  ['AveragePooling1D', pooling('AveragePool', 1)],
  ['AveragePooling2D', pooling('AveragePool', 2)],
  ['GlobalMaxPooling1D', globalPooling('GlobalMaxPool')],
  ['GlobalMaxPooling2D', globalPooling('GlobalMaxPool')],
  ['GlobalAveragePooling1D', globalPooling('GlobalAveragePool')],
  ['GlobalAveragePooling2D', globalPooling('GlobalAveragePool')],
  ['ZeroPadding2D', zeroPadding2d],
  ['UpSampling2D', upSampling2d],
  ['Embedding', embedding],
  ['LayerNormalization', layerNormalization],
  ['GroupNormalization', groupNormalization],
  ['PReLU', prelu],
  ['Cropping2D', cropping2d],
  ['RepeatVector', repeatVector],
];
