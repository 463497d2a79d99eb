import type * as tfl from '@tensorflow/tfjs-layers';
import { ensureArgument, isName } from '../own-arguments.js';

/** A layer weight as plain float32 values, named as tfjs names it (`dense_Dense1/kernel`). */
export interface LayerWeightValues {
  name: string;
  shape: number[];
  values: Float32Array;
}

/**
 * A layer's weights in `layer.weights` order, copied out of their tensors (`originalName`, the
 * name without tfjs's uniquifying suffix, when there is one).
 *
 * @example
 * const [kernel, bias] = readLayerWeights(denseLayer); // kernel.shape [in, out]
 */
export function readLayerWeights(layer: tfl.layers.Layer): LayerWeightValues[] {
  const tensors = layer.getWeights();
  return layer.weights.map((w, i) => ({
    name: (w as { originalName?: string }).originalName ?? w.name,
    shape: [...w.shape] as number[],
    values: Float32Array.from(tensors[i]?.dataSync() ?? []),
  }));
}

/** The weight whose name is `suffix` or ends with `/<suffix>` (optionally `:0`). */
export function weightBySuffix<W extends { name: string }>(
  weights: readonly W[],
  suffix: string,
): W | undefined {
  ensureArgument(
    'weightBySuffix',
    'weights',
    weights,
    Array.isArray(weights),
    'an array of weights with names',
  );
  ensureArgument(
    'weightBySuffix',
    'suffix',
    suffix,
    isName(suffix),
    'a non-empty string, e.g. "gamma"',
  );
  return weights.find(
    (w) =>
      w.name === suffix ||
      w.name.endsWith(`/${suffix}`) ||
      w.name === `${suffix}:0` ||
      w.name.endsWith(`/${suffix}:0`),
  );
}
