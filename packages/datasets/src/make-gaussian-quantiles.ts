import { arrayOf, boolean, integer, number } from '@bnkit/core';
import { RANDOM_STATE, checkRandomState } from './check-random-state.js';
import type { RandomStateLike } from './check-random-state.js';
import type { Dataset } from './dataset.js';
import { DatasetsParameterError } from './errors.js';
import { pairwiseSum } from './numeric.js';
import { reorderRows, shuffledIndices } from './shuffle-rows.js';
import { checkNumber, checkOptionsFor, checkTotalSize, orNull } from './validate.js';

/** Options of {@link makeGaussianQuantiles}; defaults are scikit-learn's. */
export interface MakeGaussianQuantilesOptions {
  /** Mean of the distribution (default the origin), one value per feature. */
  mean?: readonly number[] | null;
  /** Variance of every feature: the covariance is `cov · I` (default 1). */
  cov?: number;
  /** Samples (default 100). */
  nSamples?: number;
  /** Features (default 2). */
  nFeatures?: number;
  /** Classes, by quantiles of the distance from the mean (default 3). */
  nClasses?: number;
  /** Shuffle the samples (default true). */
  shuffle?: boolean;
  /** Seed, seed array, `RandomState` (continued), or `null` for the global generator. */
  randomState?: RandomStateLike;
}

/** Every option of {@link makeGaussianQuantiles} and what it accepts. */
const OPTIONS = {
  mean: orNull(arrayOf(number())),
  cov: number({ min: 0 }),
  nSamples: integer({ min: 1 }),
  nFeatures: integer({ min: 1 }),
  nClasses: integer({ min: 1 }),
  shuffle: boolean(),
  randomState: RANDOM_STATE,
};

/**
 * scikit-learn's `make_gaussian_quantiles`: a Gaussian sample labelled by nested quantile shells
 * of its distance from the mean. Bit-identical (the identity covariance makes numpy's SVD path
 * a plain `z·√cov + mean`).
 *
 * @example
 * ```ts
 * import { makeGaussianQuantiles } from '@bnkit/datasets';
 * const { X, y } = makeGaussianQuantiles({ nSamples: 300, nFeatures: 2, nClasses: 3, randomState: 1 });
 * ```
 */
export function makeGaussianQuantiles(options: MakeGaussianQuantilesOptions = {}): Dataset {
  const o = checkOptionsFor('makeGaussianQuantiles', options, OPTIONS);
  const nSamples = o.nSamples ?? 100;
  const nFeatures = o.nFeatures ?? 2;
  const nClasses = o.nClasses ?? 3;
  const cov = o.cov ?? 1;
  const shuffle = o.shuffle ?? true;
  checkTotalSize('nSamples × nFeatures', nSamples * nFeatures);
  if (nSamples < nClasses) {
    throw new DatasetsParameterError('nSamples', nSamples, `at least nClasses (${nClasses})`);
  }
  const mean = new Float64Array(nFeatures);
  if (options.mean != null) {
    if (!Array.isArray(options.mean) || options.mean.length !== nFeatures) {
      throw new DatasetsParameterError(
        'mean',
        options.mean,
        `null or ${nFeatures} numbers (one per feature)`,
      );
    }
    options.mean.forEach((v, i) => (mean[i] = checkNumber('mean', v)));
  }
  const rng = checkRandomState(options.randomState);
  const root = Math.sqrt(cov);
  const z = rng.standardNormal([nSamples, nFeatures]);
  const X = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) X[i] = z[i]! * root + mean[i % nFeatures]!;
  const distance = new Float64Array(nSamples);
  const row = new Float64Array(nFeatures);
  for (let s = 0; s < nSamples; s++) {
    for (let f = 0; f < nFeatures; f++) {
      const d = X[s * nFeatures + f]! - mean[f]!;
      row[f] = d * d;
    }
    distance[s] = pairwiseSum(row, 0, nFeatures);
  }
  const idx = Array.from({ length: nSamples }, (_, i) => i).sort(
    (a, b) => distance[a]! - distance[b]! || a - b,
  );
  const sorted = reorderRows(X, nFeatures, idx);
  const y = new Float64Array(nSamples);
  const step = Math.floor(nSamples / nClasses);
  for (let s = 0; s < nSamples; s++) y[s] = Math.min(Math.floor(s / step), nClasses - 1);
  if (!shuffle) return { X: sorted, y, nSamples, nFeatures };
  const order = shuffledIndices(nSamples, rng);
  return {
    X: reorderRows(sorted, nFeatures, order),
    y: reorderRows(y, 1, order),
    nSamples,
    nFeatures,
  };
}
