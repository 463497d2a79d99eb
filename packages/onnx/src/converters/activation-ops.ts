import type { GraphBuilder } from '../graph-builder.js';

/** Activation identifiers tfjs-layers accepts, as `getConfig()` writes them. */
export const SUPPORTED_ACTIVATIONS = [
  'linear',
  'relu',
  'relu6',
  'sigmoid',
  'hardSigmoid',
  'tanh',
  'softmax',
  'logSoftmax',
  'elu',
  'selu',
  'softplus',
  'softsign',
  'swish',
  'mish',
  'gelu',
  'gelu_new',
] as const;

/** Reads the activation name of a layer config; tfjs writes a string, Keras JSON may nest it. */
export function activationName(value: unknown): string {
  if (value === undefined || value === null) return 'linear';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'className' in value) {
    return String((value as { className: unknown }).className);
  }
  return String(value);
}

/** Whether the exporter can write this activation. */
export function isSupportedActivation(name: string): boolean {
  return (SUPPORTED_ACTIVATIONS as readonly string[]).includes(normalize(name));
}

function normalize(name: string): string {
  const lower = name.toLowerCase();
  if (lower === 'hardsigmoid' || lower === 'hard_sigmoid') return 'hardSigmoid';
  if (lower === 'gelu_new') return 'gelu_new';
  return (
    (SUPPORTED_ACTIVATIONS as readonly string[]).find((a) => a.toLowerCase() === lower) ?? name
  );
}

/**
 * Adds the nodes of a tfjs activation applied to `input` (with explicit attributes) and returns
 * the output value name. `axis` is the softmax axis (tfjs: the last).
 */
export function addActivation(
  graph: GraphBuilder,
  activation: string,
  input: string,
  options: { prefix: string; opset: number; rank: number; output?: string; softmaxAxis?: number },
): string {
  const { prefix, opset } = options;
  const out = (name: string) => ({
    name: `${prefix}/${name}`,
    ...(options.output ? { outputs: [options.output] } : {}),
  });
  const single = (op: string, attributes = {}) =>
    graph.addNode(op, [input], { ...out(op), attributes })[0] as string;
  switch (normalize(activation)) {
    case 'linear':
      return options.output ? single('Identity') : input;
    case 'relu':
      return single('Relu');
    case 'relu6': {
      const lo = graph.addFloatInitializer(`${prefix}/clip_min`, [], [0]);
      const hi = graph.addFloatInitializer(`${prefix}/clip_max`, [], [6]);
      return graph.addNode('Clip', [input, lo, hi], out('Clip'))[0] as string;
    }
    case 'sigmoid':
      return single('Sigmoid');
    case 'hardSigmoid':
      return single('HardSigmoid', { alpha: 0.2, beta: 0.5 });
    case 'tanh':
      return single('Tanh');
    case 'softmax':
      return addSoftmax(graph, input, options.softmaxAxis ?? -1, options);
    case 'logSoftmax':
      return addSoftmax(graph, input, options.softmaxAxis ?? -1, options, 'LogSoftmax');
    case 'elu':
      return single('Elu', { alpha: 1.0 });
    case 'selu':
      return single('Selu', { alpha: 1.6732632423543772, gamma: 1.0507009873554805 });
    case 'softplus':
      return single('Softplus');
    case 'softsign':
      return single('Softsign');
    case 'swish': {
      const s = graph.addNode('Sigmoid', [input], { name: `${prefix}/Sigmoid` })[0] as string;
      return graph.addNode('Mul', [input, s], out('Mul'))[0] as string;
    }
    case 'mish': {
      if (opset >= 18) return single('Mish');
      const sp = graph.addNode('Softplus', [input], { name: `${prefix}/Softplus` })[0] as string;
      const t = graph.addNode('Tanh', [sp], { name: `${prefix}/Tanh` })[0] as string;
      return graph.addNode('Mul', [input, t], out('Mul'))[0] as string;
    }
    case 'gelu':
      return addGelu(graph, input, false, options);
    case 'gelu_new':
      return addGelu(graph, input, true, options);
    default:
      throw new Error(`internal error: activation ${activation} is not supported`);
  }
}

/**
 * Softmax (or LogSoftmax) over `axis` (negative counts from the end). From opset 13 both ops
 * normalise along one axis; below 13 they flatten the input to 2-D at `axis`, which is the same
 * thing only when `axis` is the last one, so other axes need opset 13 (MIN_OPSET today).
 */
export function addSoftmax(
  graph: GraphBuilder,
  input: string,
  axis: number,
  options: { prefix: string; opset: number; rank: number; output?: string },
  op: 'Softmax' | 'LogSoftmax' = 'Softmax',
): string {
  const { prefix, rank } = options;
  const positive = axis < 0 ? axis + rank : axis;
  const outputs = options.output ? { outputs: [options.output] } : {};
  if (options.opset >= 13 || positive === rank - 1) {
    // Below opset 13 Softmax flattens to 2-D at `axis`: correct only for the last axis.
    return graph.addNode(op, [input], {
      name: `${prefix}/${op}`,
      attributes: { axis: { int: options.opset >= 13 ? axis : positive } },
      ...outputs,
    })[0] as string;
  }
  throw new Error(`internal error: ${op} over axis ${axis} needs opset 13`);
}

function addGelu(
  graph: GraphBuilder,
  input: string,
  tanh: boolean,
  options: { prefix: string; opset: number; output?: string },
): string {
  const { prefix } = options;
  const outputs = options.output ? { outputs: [options.output] } : {};
  if (options.opset >= 20) {
    return graph.addNode('Gelu', [input], {
      name: `${prefix}/Gelu`,
      attributes: { approximate: tanh ? 'tanh' : 'none' },
      ...outputs,
    })[0] as string;
  }
  const half = graph.addFloatInitializer(`${prefix}/half`, [], [0.5]);
  const one = graph.addFloatInitializer(`${prefix}/one`, [], [1]);
  let inner: string;
  if (tanh) {
    // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
    const c = graph.addFloatInitializer(`${prefix}/c`, [], [0.044715]);
    const k = graph.addFloatInitializer(`${prefix}/k`, [], [Math.sqrt(2 / Math.PI)]);
    const x2 = graph.addNode('Mul', [input, input], { name: `${prefix}/x2` })[0] as string;
    const x3 = graph.addNode('Mul', [x2, input], { name: `${prefix}/x3` })[0] as string;
    const cx3 = graph.addNode('Mul', [x3, c], { name: `${prefix}/cx3` })[0] as string;
    const sum = graph.addNode('Add', [input, cx3], { name: `${prefix}/sum` })[0] as string;
    const scaled = graph.addNode('Mul', [sum, k], { name: `${prefix}/scaled` })[0] as string;
    inner = graph.addNode('Tanh', [scaled], { name: `${prefix}/Tanh` })[0] as string;
  } else {
    const r = graph.addFloatInitializer(`${prefix}/rsqrt2`, [], [Math.SQRT1_2]);
    const scaled = graph.addNode('Mul', [input, r], { name: `${prefix}/scaled` })[0] as string;
    inner = graph.addNode('Erf', [scaled], { name: `${prefix}/Erf` })[0] as string;
  }
  const plus = graph.addNode('Add', [inner, one], { name: `${prefix}/plus1` })[0] as string;
  const hx = graph.addNode('Mul', [input, half], { name: `${prefix}/halfx` })[0] as string;
  return graph.addNode('Mul', [hx, plus], { name: `${prefix}/Gelu`, ...outputs })[0] as string;
}
