import * as tf from '@tensorflow/tfjs-core';
import { integer } from '@bnkit/core';
import type { Dataset } from './dataset.js';
import { DatasetsParameterError } from './errors.js';
import { checkOptionsFor } from './validate.js';

/** Options of {@link toTensors} and {@link toTfDataset} for the label layout. */
export interface LabelLayoutOptions {
  /**
   * One-hot encode integer labels `0..oneHot−1` into `[n, oneHot]` (for
   * `categoricalCrossentropy`). Default: labels stay `[n, nOutputs]` (`[n, 1]` for a 1-D `y`).
   */
  oneHot?: number;
}

/** Every option of {@link toTensors} and what it accepts. */
export const LABEL_LAYOUT_OPTIONS = { oneHot: integer({ min: 2 }) };

/** Checks the dataset's shape fields against its arrays; returns `nOutputs`. */
export function checkDatasetShape(dataset: Dataset, name = 'dataset'): number {
  const ok =
    dataset !== null &&
    typeof dataset === 'object' &&
    dataset.X instanceof Float64Array &&
    dataset.y instanceof Float64Array &&
    Number.isInteger(dataset.nSamples) &&
    dataset.nSamples >= 0 &&
    Number.isInteger(dataset.nFeatures) &&
    dataset.nFeatures >= 1 &&
    (dataset.nOutputs === undefined ||
      (Number.isInteger(dataset.nOutputs) && dataset.nOutputs >= 1)) &&
    dataset.X.length === dataset.nSamples * dataset.nFeatures &&
    dataset.y.length === dataset.nSamples * (dataset.nOutputs ?? 1);
  if (!ok) {
    throw new DatasetsParameterError(
      name,
      dataset,
      '{ X: Float64Array (nSamples × nFeatures, row-major), y: Float64Array (nSamples × nOutputs), nSamples, nFeatures, nOutputs? }',
    );
  }
  return dataset.nOutputs ?? 1;
}

/** Fills `out` (float32) with the labels of rows `index` (or all rows), one-hot if asked. */
export function fillLabels(
  dataset: Dataset,
  nOutputs: number,
  oneHot: number | undefined,
  index: ArrayLike<number> | null,
  start: number,
  end: number,
): Float32Array {
  const rows = end - start;
  if (oneHot === undefined) {
    const out = new Float32Array(rows * nOutputs);
    for (let r = 0; r < rows; r++) {
      const src = index ? index[start + r]! : start + r;
      for (let c = 0; c < nOutputs; c++) out[r * nOutputs + c] = dataset.y[src * nOutputs + c]!;
    }
    return out;
  }
  const out = new Float32Array(rows * oneHot);
  for (let r = 0; r < rows; r++) {
    const src = index ? index[start + r]! : start + r;
    const label = dataset.y[src]!;
    if (!Number.isInteger(label) || label < 0 || label >= oneHot) {
      throw new DatasetsParameterError(
        'oneHot',
        oneHot,
        `a class count above every label (row ${src} has label ${label})`,
      );
    }
    out[r * oneHot + label] = 1;
  }
  return out;
}

/** Checks `oneHot` against the dataset: only for a 1-D `y`. */
export function checkOneHot(oneHot: unknown, nOutputs: number): number | undefined {
  if (oneHot === undefined) return undefined;
  const classes = oneHot as number;
  if (nOutputs !== 1) {
    throw new DatasetsParameterError('oneHot', oneHot, 'undefined when y has several columns');
  }
  return classes;
}

/**
 * The whole dataset as float32 tensors shaped as Keras expects: `xs` `[nSamples, nFeatures]`,
 * `ys` `[nSamples, nOutputs]` (`[n, 1]` labels for binary classification with a sigmoid output),
 * or `[nSamples, classes]` with `oneHot`. The caller owns (and disposes) the tensors.
 *
 * @example
 * ```ts
 * import { makeClassification, toTensors } from '@bnkit/datasets';
 * const { xs, ys } = toTensors(makeClassification({ randomState: 0 }));
 * xs.shape; // [100, 20]
 * ys.shape; // [100, 1]
 * ```
 */
export function toTensors(
  dataset: Dataset,
  options: LabelLayoutOptions = {},
): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  checkOptionsFor('toTensors', options, LABEL_LAYOUT_OPTIONS);
  const nOutputs = checkDatasetShape(dataset);
  const oneHot = checkOneHot(options.oneHot, nOutputs);
  const xs = tf.tensor2d(
    Float32Array.from(dataset.X),
    [dataset.nSamples, dataset.nFeatures],
    'float32',
  );
  const labels = fillLabels(dataset, nOutputs, oneHot, null, 0, dataset.nSamples);
  const ys = tf.tensor2d(labels, [dataset.nSamples, oneHot ?? nOutputs], 'float32');
  return { xs, ys };
}
