/**
 * @bnkit/datasets: numpy-compatible RandomState and scikit-learn-identical dataset generators and
 * splits, with tfjs tensor and tf.data adapters.
 *
 * This file is the package's public API: list every export by name.
 *
 * @packageDocumentation
 */
export { RandomState } from './random-state.js';
export type { ChoiceOptions, RandomStateState, Seed, Size } from './random-state.js';
export { checkRandomState, globalRandomState } from './check-random-state.js';
export type { RandomStateLike } from './check-random-state.js';
export { glibcLog } from './glibc-log.js';
export { DatasetsParameterError } from './errors.js';
export type { Dataset } from './dataset.js';
export type { DotMode } from './numeric.js';
export { makeClassification } from './make-classification.js';
export type { ClassificationDataset, MakeClassificationOptions } from './make-classification.js';
export { trainTestSplit, trainTestSplitIndices } from './train-test-split.js';
export type { TrainTestSplit, TrainTestSplitOptions } from './train-test-split.js';
export { toTensors } from './to-tensors.js';
export type { LabelLayoutOptions } from './to-tensors.js';
export { toTfDataset } from './to-tf-dataset.js';
export type {
  BatchIterator,
  TensorBatch,
  TfDatasetLike,
  ToTfDatasetOptions,
} from './to-tf-dataset.js';
export { StandardScaler } from './standard-scaler.js';
export type { StandardScalerOptions } from './standard-scaler.js';
