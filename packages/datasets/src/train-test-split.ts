import { boolean, custom, describeValue } from '@bnkit/core';
import { RANDOM_STATE, checkRandomState } from './check-random-state.js';
import type { RandomStateLike } from './check-random-state.js';
import type { Dataset } from './dataset.js';
import { DatasetsParameterError } from './errors.js';
import type { RandomState } from './random-state.js';
import { takeRows } from './take-rows.js';
import { checkInteger, checkOptionsFor } from './validate.js';

/** Options of {@link trainTestSplit}; defaults are scikit-learn's. */
export interface TrainTestSplitOptions {
  /**
   * Test set size: a number in (0, 1) is a fraction of the samples (rounded up), an integer ≥ 1
   * a count. Default: the complement of `trainSize`, or 0.25 when both are omitted.
   */
  testSize?: number;
  /** Train set size, read like `testSize` (fractions rounded down). Default: the complement. */
  trainSize?: number;
  /** Seed, seed array, `RandomState` (continued), or `null` for the global generator. */
  randomState?: RandomStateLike;
  /** Shuffle before splitting (default true); without shuffling the train set comes first. */
  shuffle?: boolean;
  /**
   * Class labels (one per sample, numbers or strings) to keep class proportions equal in both
   * sets, or `true` to use the dataset's `y`.
   */
  stratify?: ArrayLike<number | string> | true;
}

/** Train and test sets with the sample indices they were taken from. */
export interface TrainTestSplit<T extends Dataset = Dataset> {
  train: T;
  test: T;
  /** Rows of the input in the train set, in scikit-learn's order. */
  trainIndex: Int32Array;
  /** Rows of the input in the test set, in scikit-learn's order. */
  testIndex: Int32Array;
}

/** `testSize` and `trainSize`: a number here; its range is checked with the data (readSize). */
const SPLIT_SIZE = custom(
  'a fraction in (0, 1) or an integer count',
  (v): v is number => typeof v === 'number' && Number.isFinite(v),
);

/** Class labels: an array (or typed array) with one label per sample. */
const LABELS = custom(
  'an array of labels, one per sample',
  (v): v is ArrayLike<number | string> =>
    v !== null && typeof v === 'object' && typeof (v as { length?: unknown }).length === 'number',
);

/** Every option of {@link trainTestSplitIndices} and what it accepts. */
const INDICES_OPTIONS = {
  testSize: SPLIT_SIZE,
  trainSize: SPLIT_SIZE,
  randomState: RANDOM_STATE,
  shuffle: boolean(),
  stratify: LABELS,
};

/** Every option of {@link trainTestSplit} and what it accepts. */
const OPTIONS = {
  ...INDICES_OPTIONS,
  stratify: custom(
    'an array of labels, one per sample, or true',
    (v): v is ArrayLike<number | string> | true => v === true || LABELS.test(v),
  ),
};

interface SizeSpec {
  kind: 'fraction' | 'count';
  value: number;
}

function readSize(name: string, value: number | undefined, nSamples: number): SizeSpec | null {
  if (value === undefined) return null;
  const accepted = `a fraction in (0, 1) or an integer count in [1, ${nSamples - 1}] (nSamples = ${nSamples})`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DatasetsParameterError(name, value, accepted);
  }
  if (value > 0 && value < 1) return { kind: 'fraction', value };
  if (Number.isInteger(value) && value >= 1 && value < nSamples) return { kind: 'count', value };
  throw new DatasetsParameterError(name, value, accepted);
}

/** scikit-learn's `_validate_shuffle_split`: the train and test counts. */
export function splitSizes(
  nSamples: number,
  testSize: number | undefined,
  trainSize: number | undefined,
  defaultTestSize = 0.25,
): { nTrain: number; nTest: number } {
  let test = readSize('testSize', testSize, nSamples);
  const train = readSize('trainSize', trainSize, nSamples);
  if (test === null && train === null) test = readSize('testSize', defaultTestSize, nSamples);
  if (test?.kind === 'fraction' && train?.kind === 'fraction' && test.value + train.value > 1) {
    throw new DatasetsParameterError(
      'trainSize',
      trainSize,
      'fractions whose sum is at most 1',
      `testSize + trainSize = ${test.value + train.value}.`,
    );
  }
  let nTest =
    test === null ? NaN : test.kind === 'fraction' ? Math.ceil(test.value * nSamples) : test.value;
  let nTrain =
    train === null
      ? NaN
      : train.kind === 'fraction'
        ? Math.floor(train.value * nSamples)
        : train.value;
  if (train === null) nTrain = nSamples - nTest;
  else if (test === null) nTest = nSamples - nTrain;
  if (nTrain + nTest > nSamples) {
    throw new DatasetsParameterError(
      'testSize',
      testSize,
      `sizes whose sum is at most nSamples (${nSamples})`,
      `train (${nTrain}) + test (${nTest}) = ${nTrain + nTest} samples.`,
    );
  }
  if (nTrain === 0) {
    throw new DatasetsParameterError(
      'trainSize',
      trainSize,
      'sizes that leave at least one training sample',
      `With nSamples=${nSamples} and testSize=${describeValue(testSize)} the train set would be empty.`,
    );
  }
  return { nTrain, nTest };
}

/**
 * `np.unique(labels, return_inverse=True)`: sorted classes (numeric order for numbers, code-point
 * order for strings) and each sample's class index.
 */
export function encodeLabels(
  name: string,
  labels: ArrayLike<number | string>,
): {
  classes: (number | string)[];
  inverse: Int32Array;
} {
  const n = labels.length;
  const values = Array.from(labels);
  const kinds = new Set(values.map((v) => typeof v));
  if (
    kinds.size > 1 ||
    values.some((v) => (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string'))
  ) {
    throw new DatasetsParameterError(name, labels, 'finite numbers or strings, all of one type');
  }
  const classes = [...new Set(values)].sort((a, b) =>
    typeof a === 'number' ? a - (b as number) : a < b ? -1 : a > b ? 1 : 0,
  );
  const position = new Map(classes.map((c, i) => [c, i]));
  const inverse = new Int32Array(n);
  for (let i = 0; i < n; i++) inverse[i] = position.get(values[i]!)!;
  return { classes, inverse };
}

/** scikit-learn's `_approximate_mode`: per-class draws summing to `nDraws`, ties broken at random. */
export function approximateMode(
  classCounts: ArrayLike<number>,
  nDraws: number,
  rng: RandomState,
): number[] {
  let total = 0;
  for (let i = 0; i < classCounts.length; i++) total += classCounts[i]!;
  const continuous = Array.from(classCounts, (c) => (c / total) * nDraws);
  const floored = continuous.map(Math.floor);
  let need = nDraws - floored.reduce((a, b) => a + b, 0);
  if (need > 0) {
    const remainder = continuous.map((c, i) => c - floored[i]!);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds: number[] = [];
      remainder.forEach((r, i) => {
        if (r === value) inds.push(i);
      });
      const addNow = Math.min(inds.length, need);
      const perm = rng.permutation(inds.length);
      for (let i = 0; i < addNow; i++) floored[inds[perm[i]!]!]! += 1;
      need -= addNow;
      if (need === 0) break;
    }
  }
  return floored;
}

/**
 * The train and test indices of {@link trainTestSplit} for `nSamples` rows, without copying any
 * data (for large or external datasets).
 *
 * @example
 * ```ts
 * import { trainTestSplitIndices } from '@bnkit/datasets';
 * const { trainIndex, testIndex } = trainTestSplitIndices(1000, { testSize: 0.2, randomState: 42 });
 * ```
 */
export function trainTestSplitIndices(
  nSamples: number,
  options: Omit<TrainTestSplitOptions, 'stratify'> & { stratify?: ArrayLike<number | string> } = {},
): { trainIndex: Int32Array; testIndex: Int32Array } {
  const o = checkOptionsFor('trainTestSplitIndices', options, INDICES_OPTIONS);
  checkInteger('nSamples', nSamples, 1, 2 ** 31 - 1);
  const shuffle = o.shuffle ?? true;
  const stratify = o.stratify;
  const { nTrain, nTest } = splitSizes(nSamples, options.testSize, options.trainSize);
  if (!shuffle) {
    if (stratify !== undefined) {
      throw new DatasetsParameterError(
        'stratify',
        stratify,
        'no stratify when shuffle is false',
        'A stratified train/test split is not implemented for shuffle=false.',
      );
    }
    const trainIndex = new Int32Array(nTrain);
    const testIndex = new Int32Array(nTest);
    for (let i = 0; i < nTrain; i++) trainIndex[i] = i;
    for (let i = 0; i < nTest; i++) testIndex[i] = nTrain + i;
    return { trainIndex, testIndex };
  }
  if (stratify === undefined) {
    const rng = checkRandomState(options.randomState);
    const perm = rng.permutation(nSamples);
    return {
      testIndex: perm.slice(0, nTest),
      trainIndex: perm.slice(nTest, nTest + nTrain),
    };
  }
  if (stratify.length !== nSamples) {
    throw new DatasetsParameterError(
      'stratify',
      stratify,
      `one label per sample (${nSamples})`,
      `stratify has ${stratify.length} labels.`,
    );
  }
  const { classes, inverse } = encodeLabels('stratify', stratify);
  const nClasses = classes.length;
  const counts = new Array<number>(nClasses).fill(0);
  for (const c of inverse) counts[c]! += 1;
  const smallest = Math.min(...counts);
  if (smallest < 2) {
    const lonely = classes[counts.indexOf(smallest)]!;
    throw new DatasetsParameterError(
      'stratify',
      lonely,
      'every class with at least 2 members',
      'The least populated class in y has only 1 member.',
    );
  }
  if (nTrain < nClasses) {
    throw new DatasetsParameterError(
      'trainSize',
      nTrain,
      `a train set of at least the number of classes (${nClasses})`,
    );
  }
  if (nTest < nClasses) {
    throw new DatasetsParameterError(
      'testSize',
      nTest,
      `a test set of at least the number of classes (${nClasses})`,
    );
  }
  const rng = checkRandomState(options.randomState);
  const classIndices: number[][] = classes.map(() => []);
  inverse.forEach((c, i) => classIndices[c]!.push(i));
  const nI = approximateMode(counts, nTrain, rng);
  const remaining = counts.map((c, i) => c - nI[i]!);
  const tI = approximateMode(remaining, nTest, rng);
  const train: number[] = [];
  const test: number[] = [];
  for (let c = 0; c < nClasses; c++) {
    const perm = rng.permutation(counts[c]!);
    const members = classIndices[c]!;
    for (let i = 0; i < nI[c]!; i++) train.push(members[perm[i]!]!);
    for (let i = nI[c]!; i < nI[c]! + tI[c]!; i++) test.push(members[perm[i]!]!);
  }
  const trainIndex = rng.permutation(Int32Array.from(train));
  const testIndex = rng.permutation(Int32Array.from(test));
  return { trainIndex, testIndex };
}

function checkDataset(dataset: Dataset): void {
  const ok =
    dataset !== null &&
    typeof dataset === 'object' &&
    dataset.X instanceof Float64Array &&
    dataset.y instanceof Float64Array &&
    Number.isInteger(dataset.nSamples) &&
    Number.isInteger(dataset.nFeatures) &&
    dataset.X.length === dataset.nSamples * dataset.nFeatures &&
    dataset.y.length === dataset.nSamples * (dataset.nOutputs ?? 1);
  if (!ok) {
    throw new DatasetsParameterError(
      'dataset',
      dataset,
      '{ X: Float64Array (nSamples × nFeatures), y: Float64Array (nSamples × nOutputs), nSamples, nFeatures }',
    );
  }
}

/**
 * scikit-learn's `train_test_split`, with the same index order for the same `randomState`: the
 * test set is the head of one permutation and the train set follows; with `stratify`, the
 * `StratifiedShuffleSplit` path (per-class counts by `_approximate_mode`, per-class permutations,
 * then a permutation of each set).
 *
 * @example
 * ```ts
 * import { makeClassification, trainTestSplit } from '@bnkit/datasets';
 * const data = makeClassification({ nSamples: 1000, nFeatures: 20, randomState: 42 });
 * const { train, test } = trainTestSplit(data, { testSize: 0.2, randomState: 42 });
 * // train.X, test.X, train.y, test.y == X_train, X_test, y_train, y_test in scikit-learn
 * ```
 */
export function trainTestSplit<T extends Dataset>(
  dataset: T,
  options: TrainTestSplitOptions = {},
): TrainTestSplit<Dataset> {
  checkOptionsFor('trainTestSplit', options, OPTIONS);
  checkDataset(dataset);
  const stratify = options.stratify === true ? dataset.y : options.stratify;
  if (options.stratify === true && (dataset.nOutputs ?? 1) !== 1) {
    throw new DatasetsParameterError(
      'stratify',
      true,
      'an explicit label array when y has several columns',
    );
  }
  const { trainIndex, testIndex } = trainTestSplitIndices(dataset.nSamples, {
    ...options,
    stratify,
  });
  return {
    train: takeRows(dataset, trainIndex),
    test: takeRows(dataset, testIndex),
    trainIndex,
    testIndex,
  };
}
