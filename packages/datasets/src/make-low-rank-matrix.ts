import { integer, number } from '@bnkit/core';
import { RANDOM_STATE, checkRandomState } from './check-random-state.js';
import type { RandomStateLike } from './check-random-state.js';
import { householderQ } from './householder-qr.js';
import type { RandomState } from './random-state.js';
import { checkOptionsFor, checkTotalSize } from './validate.js';

/** Options of {@link makeLowRankMatrix}; defaults are scikit-learn's. */
export interface MakeLowRankMatrixOptions {
  /** Rows (default 100). */
  nSamples?: number;
  /** Columns (default 100). */
  nFeatures?: number;
  /** Approximate number of singular vectors that explain most of the data (default 10). */
  effectiveRank?: number;
  /** Relative weight of the slowly decaying tail of singular values, in [0, 1] (default 0.5). */
  tailStrength?: number;
  /** Seed, seed array, `RandomState` (continued), or `null` for the global generator. */
  randomState?: RandomStateLike;
}

/** Every option of {@link makeLowRankMatrix} and what it accepts. */
const OPTIONS = {
  nSamples: integer({ min: 1 }),
  nFeatures: integer({ min: 1 }),
  effectiveRank: integer({ min: 1 }),
  tailStrength: number({ min: 0, max: 1 }),
  randomState: RANDOM_STATE,
};

/**
 * scikit-learn's `make_low_rank_matrix`: `U · diag(s) · Vᵀ` with random orthonormal U and V (the Q
 * of Householder QR of standard-normal draws) and a bell-shaped singular profile with a fat
 * tail. Returns the `nSamples × nFeatures` matrix row-major. Matches scikit-learn within 1e-12
 * (QR and the products are not reproduced to the bit).
 *
 * @example
 * ```ts
 * import { makeLowRankMatrix } from '@bnkit/datasets';
 * const X = makeLowRankMatrix({ nSamples: 50, nFeatures: 25, effectiveRank: 5, randomState: 0 });
 * ```
 */
export function makeLowRankMatrix(options: MakeLowRankMatrixOptions = {}): Float64Array {
  const o = checkOptionsFor('makeLowRankMatrix', options, OPTIONS);
  const nSamples = o.nSamples ?? 100;
  const nFeatures = o.nFeatures ?? 100;
  const effectiveRank = o.effectiveRank ?? 10;
  const tailStrength = o.tailStrength ?? 0.5;
  checkTotalSize('nSamples × nFeatures', nSamples * nFeatures);
  return lowRankMatrix(
    nSamples,
    nFeatures,
    effectiveRank,
    tailStrength,
    checkRandomState(options.randomState),
  );
}

/** The draws and arithmetic of `make_low_rank_matrix`, on an already checked generator. */
export function lowRankMatrix(
  nSamples: number,
  nFeatures: number,
  effectiveRank: number,
  tailStrength: number,
  rng: RandomState,
): Float64Array {
  const n = Math.min(nSamples, nFeatures);
  const u = householderQ(rng.standardNormal([nSamples, n]), nSamples, n);
  const v = householderQ(rng.standardNormal([nFeatures, n]), nFeatures, n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lowRank = (1 - tailStrength) * Math.exp(-1.0 * (i / effectiveRank) ** 2);
    const tail = tailStrength * Math.exp((-0.1 * i) / effectiveRank);
    s[i] = lowRank + tail;
  }
  const X = new Float64Array(nSamples * nFeatures);
  for (let r = 0; r < nSamples; r++) {
    for (let c = 0; c < nFeatures; c++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += u[r * n + k]! * s[k]! * v[c * n + k]!;
      X[r * nFeatures + c] = sum;
    }
  }
  return X;
}
