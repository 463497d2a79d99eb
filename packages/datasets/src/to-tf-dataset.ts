import { boolean, integer } from '@bnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from './dataset.js';
import { RandomState } from './random-state.js';
import type { LabelLayoutOptions } from './to-tensors.js';
import { LABEL_LAYOUT_OPTIONS, checkDatasetShape, checkOneHot, fillLabels } from './to-tensors.js';
import { checkOptionsFor } from './validate.js';

/** Options of {@link toTfDataset}. */
export interface ToTfDatasetOptions extends LabelLayoutOptions {
  /** Rows per batch (default 32); the last batch holds the remainder. */
  batchSize?: number;
  /** Visit the rows in a new random order each epoch (default true). */
  shuffle?: boolean;
  /** Seed of the epoch orders (default: unpredictable); epoch e uses the e-th permutation. */
  seed?: number;
}

/** Every option of {@link toTfDataset} and what it accepts. */
const OPTIONS = {
  ...LABEL_LAYOUT_OPTIONS,
  batchSize: integer({ min: 1 }),
  shuffle: boolean(),
  seed: integer({ min: 0, max: 2 ** 32 - 1 }),
};

/** One batch: `xs` `[b, nFeatures]` and `ys` `[b, nOutputs]` (or `[b, classes]`), float32. */
export interface TensorBatch {
  xs: tf.Tensor2D;
  ys: tf.Tensor2D;
}

/** The iterator shape `model.fitDataset` reads (tfjs-data's `LazyIterator`). */
export interface BatchIterator {
  next(): Promise<IteratorResult<TensorBatch>>;
}

/**
 * What `toTfDataset` returns: an object `model.fitDataset` and `model.evaluateDataset` accept in
 * place of a `tf.data.Dataset` (they only call `iterator()` and read `size`).
 */
export interface TfDatasetLike {
  /** Batches per epoch. */
  readonly size: number;
  /** Starts a new pass (an epoch) over the data. */
  iterator(): Promise<BatchIterator>;
}

/**
 * Streams a dataset to `model.fitDataset` in float32 batches: each batch's tensors are built only
 * when the model asks for it (and disposed by tfjs after the step), so no tensor of the whole set
 * is ever created and memory stays bounded by one batch. Each `iterator()` call is one epoch; with
 * `shuffle`, epochs visit rows in the orders `RandomState(seed).permutation(n)` gives, one after
 * another.
 *
 * @example
 * ```ts
 * import { makeClassification, toTfDataset } from '@bnkit/datasets';
 * const data = makeClassification({ nSamples: 1000, randomState: 42 });
 * await model.fitDataset(toTfDataset(data, { batchSize: 32, seed: 1 }), { epochs: 5 });
 * ```
 */
export function toTfDataset(dataset: Dataset, options: ToTfDatasetOptions = {}): TfDatasetLike {
  const o = checkOptionsFor('toTfDataset', options, OPTIONS);
  const nOutputs = checkDatasetShape(dataset);
  const oneHot = checkOneHot(o.oneHot, nOutputs);
  const batchSize = o.batchSize ?? 32;
  const shuffle = o.shuffle ?? true;
  const rng = shuffle ? new RandomState(o.seed) : null;
  const { nSamples, nFeatures } = dataset;
  const labelWidth = oneHot ?? nOutputs;
  const size = Math.ceil(nSamples / batchSize);
  return {
    size,
    iterator: async (): Promise<BatchIterator> => {
      const order = rng ? rng.permutation(nSamples) : null;
      let start = 0;
      return {
        next: async (): Promise<IteratorResult<TensorBatch>> => {
          if (start >= nSamples) return { done: true, value: undefined };
          const end = Math.min(start + batchSize, nSamples);
          const rows = end - start;
          const x = new Float32Array(rows * nFeatures);
          for (let r = 0; r < rows; r++) {
            const src = order ? order[start + r]! : start + r;
            for (let c = 0; c < nFeatures; c++)
              x[r * nFeatures + c] = dataset.X[src * nFeatures + c]!;
          }
          const y = fillLabels(dataset, nOutputs, oneHot, order, start, end);
          start = end;
          return {
            done: false,
            value: {
              xs: tf.tensor2d(x, [rows, nFeatures], 'float32'),
              ys: tf.tensor2d(y, [rows, labelWidth], 'float32'),
            },
          };
        },
      };
    },
  };
}
