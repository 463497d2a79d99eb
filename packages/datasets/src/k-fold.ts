import { boolean, integer } from '@bnkit/core';
import { RANDOM_STATE, checkRandomState } from './check-random-state.js';
import type { RandomStateLike } from './check-random-state.js';
import { DatasetsParameterError } from './errors.js';
import { encodeLabels } from './train-test-split.js';
import { checkInteger, checkOptionsFor } from './validate.js';

/** Options of {@link kFold} and {@link stratifiedKFold}; defaults are scikit-learn's. */
export interface KFoldOptions {
  /** Number of folds, at least 2 (default 5). */
  nSplits?: number;
  /** Shuffle before splitting into folds (default false). */
  shuffle?: boolean;
  /** Seed, seed array or `RandomState` for the shuffle; only allowed with `shuffle: true`. */
  randomState?: RandomStateLike;
}

/** One fold: both index lists ascending, as scikit-learn yields them. */
export interface Fold {
  trainIndex: Int32Array;
  testIndex: Int32Array;
}

/** Every option of {@link kFold} and {@link stratifiedKFold} and what it accepts. */
const OPTIONS = {
  nSplits: integer({ min: 2 }),
  shuffle: boolean(),
  randomState: RANDOM_STATE,
};

function readOptions(where: string, options: KFoldOptions) {
  const o = checkOptionsFor(where, options, OPTIONS);
  const nSplits = o.nSplits ?? 5;
  const shuffle = o.shuffle ?? false;
  if (!shuffle && options.randomState != null) {
    throw new DatasetsParameterError(
      'randomState',
      options.randomState,
      'null or undefined when shuffle is false',
      'Setting a random state has no effect since shuffle is false.',
    );
  }
  return { nSplits, shuffle };
}

function foldsFromAssignment(assignment: Int32Array, nSplits: number): Fold[] {
  const folds: Fold[] = [];
  for (let f = 0; f < nSplits; f++) {
    const train: number[] = [];
    const test: number[] = [];
    assignment.forEach((fold, i) => (fold === f ? test : train).push(i));
    folds.push({ trainIndex: Int32Array.from(train), testIndex: Int32Array.from(test) });
  }
  return folds;
}

/**
 * scikit-learn's `KFold(n_splits, shuffle, random_state).split(X)` for `nSamples` rows: contiguous
 * folds (the first `nSamples % nSplits` one larger) of the rows, optionally shuffled first.
 *
 * @example
 * ```ts
 * import { kFold } from '@bnkit/datasets';
 * for (const { trainIndex, testIndex } of kFold(100, { nSplits: 5, shuffle: true, randomState: 0 })) {
 *   // train on trainIndex, evaluate on testIndex
 * }
 * ```
 */
export function kFold(nSamples: number, options: KFoldOptions = {}): Fold[] {
  const { nSplits, shuffle } = readOptions('kFold', options);
  checkInteger('nSamples', nSamples, 1, 2 ** 31 - 1);
  if (nSplits > nSamples) {
    throw new DatasetsParameterError(
      'nSplits',
      nSplits,
      `at most the number of samples (${nSamples})`,
    );
  }
  const indices = new Int32Array(nSamples);
  for (let i = 0; i < nSamples; i++) indices[i] = i;
  if (shuffle) checkRandomState(options.randomState).shuffle(indices);
  const assignment = new Int32Array(nSamples);
  let current = 0;
  for (let f = 0; f < nSplits; f++) {
    const size = Math.floor(nSamples / nSplits) + (f < nSamples % nSplits ? 1 : 0);
    for (let i = current; i < current + size; i++) assignment[indices[i]!] = f;
    current += size;
  }
  return foldsFromAssignment(assignment, nSplits);
}

/**
 * scikit-learn's `StratifiedKFold(n_splits, shuffle, random_state).split(X, y)`: folds that keep
 * each class's proportion, classes taken in order of first appearance, class members assigned to
 * folds in blocks (shuffled per class with `shuffle`).
 *
 * @example
 * ```ts
 * import { stratifiedKFold } from '@bnkit/datasets';
 * const folds = stratifiedKFold([0, 0, 0, 1, 1, 1], { nSplits: 3 });
 * ```
 */
export function stratifiedKFold(y: ArrayLike<number | string>, options: KFoldOptions = {}): Fold[] {
  const { nSplits, shuffle } = readOptions('stratifiedKFold', options);
  if (y === null || typeof y !== 'object' || typeof y.length !== 'number' || y.length === 0) {
    throw new DatasetsParameterError('y', y, 'a non-empty array of class labels');
  }
  if (nSplits > y.length) {
    throw new DatasetsParameterError(
      'nSplits',
      nSplits,
      `at most the number of samples (${y.length})`,
    );
  }
  const rng = shuffle ? checkRandomState(options.randomState) : null;
  const { classes, inverse } = encodeLabels('y', y);
  // Re-encode classes by order of first appearance.
  const firstSeen = new Array<number>(classes.length).fill(-1);
  inverse.forEach((c, i) => {
    if (firstSeen[c] === -1) firstSeen[c] = i;
  });
  const byAppearance = classes.map((_, c) => c).sort((a, b) => firstSeen[a]! - firstSeen[b]!);
  const rank = new Int32Array(classes.length);
  byAppearance.forEach((c, r) => (rank[c] = r));
  const encoded = Int32Array.from(inverse, (c) => rank[c]!);
  const nClasses = classes.length;
  const counts = new Array<number>(nClasses).fill(0);
  for (const c of encoded) counts[c]! += 1;
  if (counts.every((count) => nSplits > count)) {
    throw new DatasetsParameterError(
      'nSplits',
      nSplits,
      `at most the size of the largest class (${Math.max(...counts)})`,
      'nSplits cannot be greater than the number of members in each class.',
    );
  }
  const order = Array.from(encoded).sort((a, b) => a - b);
  const allocation = Array.from({ length: nSplits }, () => new Array<number>(nClasses).fill(0));
  order.forEach((c, i) => (allocation[i % nSplits]![c]! += 1));
  const assignment = new Int32Array(y.length);
  for (let k = 0; k < nClasses; k++) {
    const folds: number[] = [];
    for (let f = 0; f < nSplits; f++) for (let r = 0; r < allocation[f]![k]!; r++) folds.push(f);
    if (rng) rng.shuffle(folds);
    let next = 0;
    encoded.forEach((c, i) => {
      if (c === k) assignment[i] = folds[next++]!;
    });
  }
  return foldsFromAssignment(assignment, nSplits);
}
