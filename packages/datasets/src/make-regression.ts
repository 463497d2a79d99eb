import { boolean, integer, number, oneOf } from '@bnkit/core';
import { RANDOM_STATE, checkRandomState } from './check-random-state.js';
import type { RandomStateLike } from './check-random-state.js';
import type { Dataset } from './dataset.js';
import { lowRankMatrix } from './make-low-rank-matrix.js';
import { matmulRows } from './openblas-dot.js';
import type { DotMode } from './openblas-dot.js';
import { reorderRows, shuffledIndices } from './shuffle-rows.js';
import { checkOptionsFor, checkTotalSize, orNull } from './validate.js';

/** Options of {@link makeRegression}; defaults are scikit-learn's. */
export interface MakeRegressionOptions {
  /** Samples (default 100). */
  nSamples?: number;
  /** Features (default 100). */
  nFeatures?: number;
  /** Features with a non-zero coefficient (default 10; capped at nFeatures). */
  nInformative?: number;
  /** Regression targets (default 1; several give a 2-D `y`). */
  nTargets?: number;
  /** Added to every target (default 0). */
  bias?: number;
  /** Standard deviation of Gaussian noise on the targets (default 0). */
  noise?: number;
  /** Shuffle samples and features (default true). */
  shuffle?: boolean;
  /** Seed, seed array, `RandomState` (continued), or `null` for the global generator. */
  randomState?: RandomStateLike;
  /** Summation order of `X @ coef`: `'openblas'` (default, bit-exact) or `'naive'`. */
  dotMode?: DotMode;
  /**
   * Draw X from {@link makeLowRankMatrix} with this effective rank instead of standard normals
   * (default `null`: standard normals).
   */
  effectiveRank?: number | null;
  /** The low-rank matrix's tail strength, in [0, 1]; used with `effectiveRank` (default 0.5). */
  tailStrength?: number;
}

/** The result of {@link makeRegression}, with the ground-truth coefficients. */
export interface RegressionDataset extends Dataset {
  /** Coefficients, `nFeatures × nTargets` row-major (`nFeatures` values for one target). */
  coef: Float64Array;
}

/** Every option of {@link makeRegression} and what it accepts. */
const OPTIONS = {
  nSamples: integer({ min: 1 }),
  nFeatures: integer({ min: 1 }),
  nInformative: integer({ min: 0 }),
  nTargets: integer({ min: 1 }),
  bias: number(),
  noise: number({ min: 0 }),
  shuffle: boolean(),
  randomState: RANDOM_STATE,
  dotMode: oneOf(['openblas', 'naive'] as const),
  effectiveRank: orNull(integer({ min: 1 })),
  tailStrength: number({ min: 0, max: 1 }),
};

/**
 * scikit-learn's `make_regression`: standard-normal inputs (or, with `effectiveRank`, a low-rank
 * matrix), a random linear model on `nInformative` features, optional noise, then shuffled
 * samples and features. `coef` is always returned. Bit-identical to scikit-learn on the reference
 * platform without `effectiveRank`; within 1e-12 with it (its QR is not reproduced to the bit).
 *
 * @example
 * ```ts
 * import { makeRegression } from '@bnkit/datasets';
 * const { X, y, coef } = makeRegression({ nSamples: 200, nFeatures: 5, noise: 1, randomState: 0 });
 * ```
 */
export function makeRegression(options: MakeRegressionOptions = {}): RegressionDataset {
  const o = checkOptionsFor('makeRegression', options, OPTIONS);
  const nSamples = o.nSamples ?? 100;
  const nFeatures = o.nFeatures ?? 100;
  const nInformative = Math.min(nFeatures, o.nInformative ?? 10);
  const nTargets = o.nTargets ?? 1;
  const bias = o.bias ?? 0;
  const noise = o.noise ?? 0;
  const shuffle = o.shuffle ?? true;
  const dotMode: DotMode = o.dotMode ?? 'openblas';
  const effectiveRank = o.effectiveRank ?? null;
  const tailStrength = o.tailStrength ?? 0.5;
  checkTotalSize('nSamples × nFeatures', nSamples * nFeatures);
  checkTotalSize('nFeatures × nTargets', nFeatures * nTargets);
  checkTotalSize('nSamples × nTargets', nSamples * nTargets);
  const rng = checkRandomState(options.randomState);
  const X =
    effectiveRank === null
      ? rng.standardNormal([nSamples, nFeatures])
      : lowRankMatrix(nSamples, nFeatures, effectiveRank, tailStrength, rng);
  const coef = new Float64Array(nFeatures * nTargets);
  const informative = rng.uniform(0, 1, [nInformative, nTargets]);
  for (let i = 0; i < informative.length; i++) coef[i] = 100 * informative[i]!;
  const y = new Float64Array(nSamples * nTargets);
  matmulRows(
    {
      x: X,
      xOffset: 0,
      xStride: nFeatures,
      rows: nSamples,
      k: nFeatures,
      a: coef,
      n: nTargets,
      out: y,
      outOffset: 0,
      outStride: nTargets,
    },
    dotMode,
  );
  for (let i = 0; i < y.length; i++) y[i] = y[i]! + bias;
  if (noise > 0) {
    const g = rng.standardNormal(y.length);
    for (let i = 0; i < y.length; i++) y[i] = y[i]! + (0 + noise * g[i]!);
  }
  const nOutputs = nTargets > 1 ? { nOutputs: nTargets } : {};
  if (!shuffle) return { X, y, nSamples, nFeatures, coef, ...nOutputs };
  const order = shuffledIndices(nSamples, rng);
  const Xr = reorderRows(X, nFeatures, order);
  const yr = reorderRows(y, nTargets, order);
  const columns = shuffledIndices(nFeatures, rng);
  const Xs = new Float64Array(Xr.length);
  for (let s = 0; s < nSamples; s++) {
    for (let f = 0; f < nFeatures; f++) Xs[s * nFeatures + f] = Xr[s * nFeatures + columns[f]!]!;
  }
  return {
    X: Xs,
    y: yr,
    nSamples,
    nFeatures,
    coef: reorderRows(coef, nTargets, columns),
    ...nOutputs,
  };
}
