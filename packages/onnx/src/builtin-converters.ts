import { addActivation, addSoftmax, activationName } from './activations.js';
import { batchNormParams, convertBatchNormalization } from './batch-norm.js';
import type { ConverterContext, LayerConverter } from './converter-types.js';
import { SPATIAL_CONVERTERS } from './spatial-converters.js';

function first(values: string[]): string {
  const value = values[0];
  if (value === undefined) throw new Error('internal error: a layer has no input');
  return value;
}

function rankOf(shape: (number | null)[] | undefined): number {
  return shape ? shape.length : 2;
}

const identity: LayerConverter = { convert: (ctx) => ctx.inputs };

const dense: LayerConverter = {
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

const activation: LayerConverter = {
  layout: 'preserve',
  convert(ctx) {
    const act = activationName(ctx.config['activation']);
    return [
      addActivation(ctx.graph, act, first(ctx.inputs), {
        prefix: ctx.name,
        opset: ctx.opset,
        rank: rankOf(ctx.inputShapes[0]),
        softmaxAxis: ctx.axis(-1, rankOf(ctx.inputShapes[0])),
        output: ctx.graph.uniqueName(`${ctx.name}/${act}`),
      }),
    ];
  },
};

const relu: LayerConverter = {
  layout: 'preserve',
  convert(ctx) {
    const maxValue = ctx.config['maxValue'];
    const input = first(ctx.inputs);
    if (typeof maxValue === 'number') {
      const lo = ctx.graph.addFloatInitializer(`${ctx.name}/min`, [], [0]);
      const hi = ctx.graph.addFloatInitializer(`${ctx.name}/max`, [], [maxValue]);
      return ctx.graph.addNode('Clip', [input, lo, hi], { name: `${ctx.name}/Clip` });
    }
    return ctx.graph.addNode('Relu', [input], { name: `${ctx.name}/Relu` });
  },
};

const leakyRelu: LayerConverter = {
  layout: 'preserve',
  convert(ctx) {
    const alpha = typeof ctx.config['alpha'] === 'number' ? ctx.config['alpha'] : 0.3;
    return ctx.graph.addNode('LeakyRelu', [first(ctx.inputs)], {
      name: `${ctx.name}/LeakyRelu`,
      attributes: { alpha },
    });
  },
};

const elu: LayerConverter = {
  layout: 'preserve',
  convert(ctx) {
    const alpha = typeof ctx.config['alpha'] === 'number' ? ctx.config['alpha'] : 1.0;
    return ctx.graph.addNode('Elu', [first(ctx.inputs)], {
      name: `${ctx.name}/Elu`,
      attributes: { alpha },
    });
  },
};

const thresholdedRelu: LayerConverter = {
  layout: 'preserve',
  convert(ctx) {
    const theta = typeof ctx.config['theta'] === 'number' ? ctx.config['theta'] : 1.0;
    return ctx.graph.addNode('ThresholdedRelu', [first(ctx.inputs)], {
      name: `${ctx.name}/ThresholdedRelu`,
      attributes: { alpha: theta },
    });
  },
};

const softmax: LayerConverter = {
  convert(ctx) {
    const rawAxis = ctx.config['axis'];
    const axis = typeof rawAxis === 'number' ? rawAxis : Array.isArray(rawAxis) ? rawAxis[0] : -1;
    return [
      addSoftmax(ctx.graph, first(ctx.inputs), Number(axis), {
        prefix: ctx.name,
        opset: ctx.opset,
        rank: rankOf(ctx.inputShapes[0]),
      }),
    ];
  },
};

const flatten: LayerConverter = {
  convert(ctx) {
    // tfjs tensors stay channels-last in the graph, so Flatten(axis=1) keeps Keras element order.
    if (rankOf(ctx.inputShapes[0]) === 2) return ctx.inputs;
    return ctx.graph.addNode('Flatten', [first(ctx.inputs)], {
      name: `${ctx.name}/Flatten`,
      attributes: { axis: { int: 1 } },
    });
  },
};

const reshape: LayerConverter = {
  convert(ctx) {
    const target = ctx.config['targetShape'];
    if (!Array.isArray(target)) throw new Error(`Reshape ${ctx.name} has no targetShape`);
    const shape = [0, ...target.map((d) => (d === null ? -1 : Number(d)))];
    const s = ctx.graph.addInt64Initializer(`${ctx.name}/shape`, [shape.length], shape);
    return ctx.graph.addNode('Reshape', [first(ctx.inputs), s], { name: `${ctx.name}/Reshape` });
  },
};

const permute: LayerConverter = {
  convert(ctx) {
    const dims = ctx.config['dims'];
    if (!Array.isArray(dims)) throw new Error(`Permute ${ctx.name} has no dims`);
    return ctx.graph.addNode('Transpose', [first(ctx.inputs)], {
      name: `${ctx.name}/Transpose`,
      attributes: { perm: { ints: [0, ...dims.map(Number)] } },
    });
  },
};

function elementwise(op: 'Add' | 'Mul' | 'Max' | 'Min' | 'Sum'): LayerConverter {
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

const average: LayerConverter = {
  layout: 'preserve',
  convert(ctx) {
    const sum = ctx.graph.addNode('Sum', ctx.inputs, { name: `${ctx.name}/Sum` })[0] as string;
    const n = ctx.graph.addFloatInitializer(`${ctx.name}/count`, [], [ctx.inputs.length]);
    return ctx.graph.addNode('Div', [sum, n], { name: `${ctx.name}/Div` });
  },
};

const concatenate: LayerConverter = {
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

const batchNormalization: LayerConverter = {
  layout: 'preserve',
  convert(ctx: ConverterContext) {
    const params = batchNormParams(ctx);
    return [convertBatchNormalization(ctx, params)];
  },
};

/** Layers the exporter converts without any registration. Registered converters win. */
export const BUILTIN_CONVERTERS: ReadonlyMap<string, LayerConverter> = new Map<
  string,
  LayerConverter
>([
  ['Dense', dense],
  ['Activation', activation],
  ['ReLU', relu],
  ['LeakyReLU', leakyRelu],
  ['ELU', elu],
  ['ThresholdedReLU', thresholdedRelu],
  ['Softmax', softmax],
  ['Dropout', identity],
  ['SpatialDropout1D', identity],
  ['AlphaDropout', identity],
  ['GaussianDropout', identity],
  ['GaussianNoise', identity],
  ['Flatten', flatten],
  ['Reshape', reshape],
  ['Permute', permute],
  ['Add', elementwise('Add')],
  ['Multiply', elementwise('Mul')],
  ['Maximum', elementwise('Max')],
  ['Minimum', elementwise('Min')],
  ['Average', average],
  ['Concatenate', concatenate],
  ['BatchNormalization', batchNormalization],
  ...SPATIAL_CONVERTERS,
]);

/** Class names whose layers are removed at inference (training-only). */
export const TRAINING_ONLY_LAYERS = new Set([
  'Dropout',
  'SpatialDropout1D',
  'AlphaDropout',
  'GaussianDropout',
  'GaussianNoise',
]);
