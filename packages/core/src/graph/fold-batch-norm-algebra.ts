import type { LayerWeightValues } from './layer-weights.js';
import { weightBySuffix } from './layer-weights.js';

/** Layers a following BN folds into, and the weight whose output channels the BN scales. */
export const FOLD_TARGET_KERNELS: Readonly<Record<string, string>> = {
  Dense: 'kernel',
  Conv1D: 'kernel',
  Conv2D: 'kernel',
  DepthwiseConv2D: 'depthwise_kernel',
  SeparableConv2D: 'pointwise_kernel',
};

/** Whether a layer config's activation is the identity (absent, null or 'linear'). */
export function isLinearActivation(activation: unknown): boolean {
  if (activation === undefined || activation === null) return true;
  if (typeof activation === 'string') return activation.toLowerCase() === 'linear';
  const named = activation as { className?: unknown; class_name?: unknown };
  const name = named.className ?? named.class_name;
  return typeof name === 'string' && name.toLowerCase() === 'linear';
}

/**
 * The axis holding the output channels of a layer a following BN can fold into (Dense, Conv1D,
 * Conv2D, DepthwiseConv2D, SeparableConv2D with a linear activation), for an output of rank
 * `rank`; null for any other layer.
 *
 * @example
 * foldTargetChannelAxis('Dense', { activation: 'linear' }, 2); // 1
 * foldTargetChannelAxis('Dense', { activation: 'relu' }, 2); // null
 */
export function foldTargetChannelAxis(
  className: string,
  config: Record<string, unknown>,
  rank: number,
): number | null {
  if (!(className in FOLD_TARGET_KERNELS) || !isLinearActivation(config['activation'])) return null;
  if (className !== 'Dense' && config['dataFormat'] === 'channelsFirst') return 1;
  return rank - 1;
}

/** New weights and config of a layer a BN was folded into. */
export interface FoldedLayer {
  /** The layer's weights in order, with a bias appended when the layer had none. */
  weights: LayerWeightValues[];
  /** The config with `useBias: true`. */
  config: Record<string, unknown>;
}

function withBias(
  layerName: string,
  weights: readonly LayerWeightValues[],
  config: Record<string, unknown>,
  channels: number,
): { weights: LayerWeightValues[]; bias: LayerWeightValues } {
  const copy = weights.map((w) => ({
    ...w,
    shape: [...w.shape],
    values: Float32Array.from(w.values),
  }));
  let bias = config['useBias'] === false ? undefined : weightBySuffix(copy, 'bias');
  if (!bias) {
    bias = { name: `${layerName}/bias`, shape: [channels], values: new Float32Array(channels) };
    copy.push(bias);
  }
  return { weights: copy, bias };
}

/**
 * Folds a per-channel affine map `y·scale + shift` applied to the output of a Dense or
 * convolution (class `className`) into its weights: the output channel `c` of the kernel (the
 * fastest-varying index: the last dim, or the last two of a depthwise kernel `[.., in, mult]`)
 * is scaled by `scale[c]`, and `b' = b·scale + shift`. This is BN folding
 * `W' = W·γ/√(σ²+ε)`, `b' = (b − μ)·γ/√(σ²+ε) + β`. Computed in float64, stored as float32.
 * The inputs are not modified.
 *
 * @example
 * const p = readBatchNormParams(bn);
 * const { weights, config } = foldAffineIntoPrevious('dense', 'Dense', denseWeights, denseConfig, p.scale, p.shift);
 */
export function foldAffineIntoPrevious(
  layerName: string,
  className: string,
  weights: readonly LayerWeightValues[],
  config: Record<string, unknown>,
  scale: ArrayLike<number>,
  shift: ArrayLike<number>,
): FoldedLayer {
  const kernelName = FOLD_TARGET_KERNELS[className];
  const channels = scale.length;
  const { weights: copy, bias } = withBias(layerName, weights, config, channels);
  const kernel = kernelName === undefined ? undefined : weightBySuffix(copy, kernelName);
  if (!kernel)
    throw new Error(
      `${layerName} (${className}) has no ${kernelName ?? 'kernel'} weight to fold into`,
    );
  if (kernel.values.length % channels !== 0 || bias.values.length !== channels) {
    throw new Error(
      `${layerName}: cannot fold ${channels} channels into a kernel of shape [${kernel.shape}]`,
    );
  }
  const w = kernel.values;
  for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) * (scale[i % channels] as number);
  const b = bias.values;
  for (let c = 0; c < channels; c++) {
    b[c] = (b[c] as number) * (scale[c] as number) + (shift[c] as number);
  }
  return { weights: copy, config: { ...config, useBias: true } };
}

/**
 * Folds a per-channel affine map `x·scale + shift` applied to the input of a Dense (kernel
 * `[in, out]`) into it: `W' = diag(scale)·W`, `b' = b + shift·W`. This is how
 * `Dense(relu) → BN → Dense` folds. Computed in float64, stored as float32. The inputs are not
 * modified.
 *
 * @example
 * const { weights, config } = foldAffineIntoNextDense('dense_1', denseWeights, denseConfig, p.scale, p.shift);
 */
export function foldAffineIntoNextDense(
  layerName: string,
  weights: readonly LayerWeightValues[],
  config: Record<string, unknown>,
  scale: ArrayLike<number>,
  shift: ArrayLike<number>,
): FoldedLayer {
  const kernel0 = weightBySuffix(weights, 'kernel');
  if (!kernel0 || kernel0.shape.length !== 2) {
    throw new Error(`Dense layer ${layerName} has no [in, out] kernel weight to fold into`);
  }
  const [rows, cols] = kernel0.shape as [number, number];
  if (rows !== scale.length) {
    throw new Error(
      `${layerName}: cannot fold ${scale.length} channels into a kernel of shape [${kernel0.shape}]`,
    );
  }
  const { weights: copy, bias } = withBias(layerName, weights, config, cols);
  const kernel = weightBySuffix(copy, 'kernel') as LayerWeightValues;
  const w = Float64Array.from(kernel.values);
  const b = Float64Array.from(bias.values);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const wij = w[i * cols + j] as number;
      b[j] = (b[j] as number) + (shift[i] as number) * wij;
      w[i * cols + j] = wij * (scale[i] as number);
    }
  }
  kernel.values = Float32Array.from(w);
  bias.values = Float32Array.from(b);
  return { weights: copy, config: { ...config, useBias: true } };
}
