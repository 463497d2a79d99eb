import { pairwiseSum } from './numeric.js';

/** Per-feature statistics carried between batches, as scikit-learn's `StandardScaler` keeps them. */
export interface RunningMoments {
  /** Per-feature means. */
  mean: Float64Array;
  /** Per-feature population variances. */
  variance: Float64Array;
  /** Samples seen (the same for every feature: missing values are not supported). */
  count: number;
}

/**
 * scikit-learn 1.2.1's `_incremental_mean_and_var` (sklearn/utils/extmath.py) without sample
 * weights or NaNs: folds a row-major `n × d` batch into `last` (`null` before the first batch)
 * with Chan, Golub & LeVeque's pairwise update, each array operation in scikit-learn's order, so
 * the results are bit-identical.
 */
export function incrementalMeanAndVariance(
  X: Float64Array,
  n: number,
  d: number,
  last: RunningMoments | null,
): RunningMoments {
  const lastCount = last?.count ?? 0;
  const count = lastCount + n;
  const newSum = columnSums(X, n, d);
  const newMean = newSum.map((sum) => sum / n);
  const temp = new Float64Array(n * d);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < d; c++) temp[r * d + c] = X[r * d + c]! - newMean[c]!;
  }
  const correction = columnSums(temp, n, d);
  for (let i = 0; i < temp.length; i++) temp[i] = temp[i]! * temp[i]!;
  const squares = columnSums(temp, n, d);

  const mean = new Float64Array(d);
  const variance = new Float64Array(d);
  for (let c = 0; c < d; c++) {
    const lastSum = (last?.mean[c] ?? 0) * lastCount;
    mean[c] = (lastSum + newSum[c]!) / count;
    const newUnnormalized = squares[c]! - (correction[c]! * correction[c]!) / n;
    if (lastCount === 0) {
      variance[c] = newUnnormalized / count;
      continue;
    }
    const lastUnnormalized = last!.variance[c]! * lastCount;
    const lastOverNewCount = lastCount / n;
    const gap = lastSum / lastOverNewCount - newSum[c]!;
    const updated = lastUnnormalized + newUnnormalized + (lastOverNewCount / count) * (gap * gap);
    variance[c] = updated / count;
  }
  return { mean, variance, count };
}

/**
 * numpy's `X.sum(axis=0)` for a C-ordered `n × d` array: row by row into each column, except that
 * one column is a contiguous reduction, which numpy sums pairwise in blocks of 8192 values added
 * in turn to the identity 0.
 */
function columnSums(X: Float64Array, n: number, d: number): Float64Array {
  if (d === 1) return Float64Array.of(pairwiseSum(X, 0, n));
  const sums = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) sums[c] = sums[c]! + X[r * d + c]!;
  return sums;
}
