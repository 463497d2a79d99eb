import { activationName, addActivation, addSoftmax } from './activation-ops.js';
import { first, rankOf } from './converter-helpers.js';
import type { LayerConverter } from './converter-types.js';

export const activation: LayerConverter = {
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

export const relu: LayerConverter = {
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

export const leakyRelu: LayerConverter = {
  layout: 'preserve',
  convert(ctx) {
    const alpha = typeof ctx.config['alpha'] === 'number' ? ctx.config['alpha'] : 0.3;
    return ctx.graph.addNode('LeakyRelu', [first(ctx.inputs)], {
      name: `${ctx.name}/LeakyRelu`,
      attributes: { alpha },
    });
  },
};

export const elu: LayerConverter = {
  layout: 'preserve',
  convert(ctx) {
    const alpha = typeof ctx.config['alpha'] === 'number' ? ctx.config['alpha'] : 1.0;
    return ctx.graph.addNode('Elu', [first(ctx.inputs)], {
      name: `${ctx.name}/Elu`,
      attributes: { alpha },
    });
  },
};

export const thresholdedRelu: LayerConverter = {
  layout: 'preserve',
  convert(ctx) {
    const theta = typeof ctx.config['theta'] === 'number' ? ctx.config['theta'] : 1.0;
    return ctx.graph.addNode('ThresholdedRelu', [first(ctx.inputs)], {
      name: `${ctx.name}/ThresholdedRelu`,
      attributes: { alpha: theta },
    });
  },
};

export const softmax: LayerConverter = {
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

export const prelu: LayerConverter = {
  convert(ctx) {
    const alpha = ctx.weight('alpha');
    if (!alpha) throw new Error('no alpha weight');
    const slope = ctx.graph.addFloatInitializer(`${ctx.name}/alpha`, alpha.shape, alpha.values);
    return ctx.graph.addNode('PRelu', [ctx.inputs[0] as string, slope], {
      name: `${ctx.name}/PRelu`,
    });
  },
};
