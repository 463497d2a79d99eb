import type { LayerConverter } from './converter-types.js';
import {
  checkChannelsLast,
  convKernel,
  depthwiseKernel,
  finishActivation,
  padAttributes,
  padding,
  tuple,
} from './spatial-helpers.js';

/** Conv1D, Conv2D, DepthwiseConv2D and SeparableConv2D (channels-first region, NCHW weights). */
export function convolution(kind: 'conv' | 'depthwise' | 'separable', n: number): LayerConverter {
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
