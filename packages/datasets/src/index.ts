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
export type { DotMode } from './openblas-dot.js';
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
export { makeMoons, makeCircles } from './make-moons.js';
export type { MakeCirclesOptions, MakeMoonsOptions } from './make-moons.js';
export { makeBlobs } from './make-blobs.js';
export type { BlobsDataset, MakeBlobsOptions } from './make-blobs.js';
export { makeRegression } from './make-regression.js';
export { makeLowRankMatrix } from './make-low-rank-matrix.js';
export type { MakeLowRankMatrixOptions } from './make-low-rank-matrix.js';
export type { MakeRegressionOptions, RegressionDataset } from './make-regression.js';
export { makeGaussianQuantiles } from './make-gaussian-quantiles.js';
export type { MakeGaussianQuantilesOptions } from './make-gaussian-quantiles.js';
export { makeFriedman1, makeFriedman2, makeFriedman3 } from './make-friedman.js';
export type { MakeFriedman1Options, MakeFriedman23Options } from './make-friedman.js';
export { makeSCurve, makeSwissRoll } from './make-manifolds.js';
export type { MakeSCurveOptions, MakeSwissRollOptions } from './make-manifolds.js';
export { makeMultilabelClassification } from './make-multilabel-classification.js';
export type {
  MakeMultilabelClassificationOptions,
  MultilabelDataset,
  MultilabelDatasetFor,
  MultilabelIndicator,
  MultilabelX,
  MultilabelY,
} from './make-multilabel-classification.js';
export { csrToDense } from './csr-matrix.js';
export type { CsrMatrix } from './csr-matrix.js';
export { kFold, stratifiedKFold } from './k-fold.js';
export type { Fold, KFoldOptions } from './k-fold.js';
export { loadDigits } from './load-digits.js';
export type { DigitsDataset, LoadDigitsOptions } from './load-digits.js';
