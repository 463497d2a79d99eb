import { checkRandomState } from './check-random-state.js';
import type { RandomStateLike } from './check-random-state.js';
import type { Dataset } from './dataset.js';
import { DatasetsParameterError } from './errors.js';
import { pairwiseSum } from './numeric.js';
import { reorderRows, shuffledIndices } from './shuffle-rows.js';
import { checkBoolean, checkInteger, checkNumber, checkOptions } from './validate.js';

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
  checkOptions(options);
  const nSamples = checkInteger('nSamples', options.nSamples ?? 100, 1);
  const nFeatures = checkInteger('nFeatures', options.nFeatures ?? 2, 1);
  const nClasses = checkInteger('nClasses', options.nClasses ?? 3, 1);
  const cov = checkNumber('cov', options.cov ?? 1, { min: 0 });
  const shuffle = checkBoolean('shuffle', options.shuffle ?? true);
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
