import { activationName, addActivation } from './activation-ops.js';
import type { ConverterContext, LayerWeight } from './converter-types.js';
import type { AttributeValue } from '../graph-builder.js';

/** Helpers shared by the convolution, pooling and resizing converters. */

export function tuple(value: unknown, n: number, fallback: number): number[] {
  if (Array.isArray(value)) {
    const list = value.map(Number);
    return list.length === n ? list : Array.from({ length: n }, () => list[0] ?? fallback);
  }
  if (typeof value === 'number') return Array.from({ length: n }, () => value);
  return Array.from({ length: n }, () => fallback);
}

export function checkChannelsLast(ctx: ConverterContext): void {
  const format = ctx.config['dataFormat'];
  if (format !== undefined && format !== 'channelsLast') {
    throw new Error(`dataFormat '${String(format)}' is not supported; only channelsLast`);
  }
}

/**
 * ONNX pads for TensorFlow padding on the spatial dims (begin..., end...). 'same' follows TF
 * (the extra pixel goes at the end); unknown input sizes fall back to auto_pad SAME_UPPER.
 */
export function padding(
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

export function padAttributes(p: {
  pads?: number[];
  autoPad?: string;
}): Record<string, AttributeValue> {
  return p.autoPad ? { auto_pad: p.autoPad } : { pads: { ints: p.pads ?? [] } };
}

/** tfjs kernel [k..., in, out] → ONNX [out, in, k...]. */
export function convKernel(kernel: LayerWeight): { dims: number[]; values: Float32Array } {
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
export function depthwiseKernel(kernel: LayerWeight): { dims: number[]; values: Float32Array } {
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

export function finishActivation(ctx: ConverterContext, value: string): string[] {
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
