import { integer, number } from '@bnkit/core';
import { RANDOM_STATE, checkRandomState } from './check-random-state.js';
import type { RandomStateLike } from './check-random-state.js';
import type { Dataset } from './dataset.js';
import { checkOptionsFor, checkTotalSize } from './validate.js';

/** Options of {@link makeFriedman1}; defaults are scikit-learn's. */
export interface MakeFriedman1Options {
  /** Samples (default 100). */
  nSamples?: number;
  /** Features, at least 5 (default 10; only the first 5 enter `y`). */
  nFeatures?: number;
  /** Standard deviation of the Gaussian noise on `y` (default 0). */
  noise?: number;
  /** Seed, seed array, `RandomState` (continued), or `null` for the global generator. */
  randomState?: RandomStateLike;
}

/** Every option of {@link makeFriedman2} and {@link makeFriedman3} and what it accepts. */
const FRIEDMAN23_OPTIONS = {
  nSamples: integer({ min: 1 }),
  noise: number({ min: 0 }),
  randomState: RANDOM_STATE,
};

/** Every option of {@link makeFriedman1} and what it accepts. */
const FRIEDMAN1_OPTIONS = { ...FRIEDMAN23_OPTIONS, nFeatures: integer({ min: 5 }) };

/** Options of {@link makeFriedman2} and {@link makeFriedman3}; defaults are scikit-learn's. */
export type MakeFriedman23Options = Omit<MakeFriedman1Options, 'nFeatures'>;

/**
 * scikit-learn's `make_friedman1`: `y = 10 sin(π x0 x1) + 20 (x2 − 0.5)² + 10 x3 + 5 x4 + noise`.
 * `X` and the draws are exact; `y` within `1e-12·max(1,|y|)` (it uses `Math.sin`).
 *
 * @example
 * ```ts
 * import { makeFriedman1 } from '@bnkit/datasets';
 * const { X, y } = makeFriedman1({ nSamples: 200, noise: 1, randomState: 0 });
 * ```
 */
export function makeFriedman1(options: MakeFriedman1Options = {}): Dataset {
  const o = checkOptionsFor('makeFriedman1', options, FRIEDMAN1_OPTIONS);
  const nSamples = o.nSamples ?? 100;
  const nFeatures = o.nFeatures ?? 10;
  const noise = o.noise ?? 0;
  checkTotalSize('nSamples × nFeatures', nSamples * nFeatures);
  const rng = checkRandomState(options.randomState);
  const X = rng.uniform(0, 1, [nSamples, nFeatures]);
  const e = rng.standardNormal(nSamples);
  const y = new Float64Array(nSamples);
  for (let s = 0; s < nSamples; s++) {
    const o = s * nFeatures;
    const x2 = X[o + 2]! - 0.5;
    y[s] =
      10 * Math.sin(Math.PI * X[o]! * X[o + 1]!) +
      20 * (x2 * x2) +
      10 * X[o + 3]! +
      5 * X[o + 4]! +
      noise * e[s]!;
  }
  return { X, y, nSamples, nFeatures };
}

function friedmanInputs(where: string, options: MakeFriedman23Options) {
  const o = checkOptionsFor(where, options, FRIEDMAN23_OPTIONS);
  const nSamples = o.nSamples ?? 100;
  const noise = o.noise ?? 0;
  checkTotalSize('nSamples × 4', nSamples * 4);
  const rng = checkRandomState(options.randomState);
  const X = rng.uniform(0, 1, [nSamples, 4]);
  const c1 = 520 * Math.PI;
  const c2 = 40 * Math.PI;
  for (let s = 0; s < nSamples; s++) {
    X[4 * s] = X[4 * s]! * 100;
    X[4 * s + 1] = X[4 * s + 1]! * c1;
    X[4 * s + 1] = X[4 * s + 1]! + c2;
    X[4 * s + 3] = X[4 * s + 3]! * 10;
    X[4 * s + 3] = X[4 * s + 3]! + 1;
  }
  const e = rng.standardNormal(nSamples);
  return { X, e, nSamples, noise };
}

/**
 * scikit-learn's `make_friedman2`: `y = √(x0² + (x1 x2 − 1/(x1 x3))²) + noise`, bit for bit.
 *
 * @example
 * ```ts
 * import { makeFriedman2 } from '@bnkit/datasets';
 * const { X, y } = makeFriedman2({ nSamples: 200, randomState: 0 });
 * ```
 */
export function makeFriedman2(options: MakeFriedman23Options = {}): Dataset {
  const { X, e, nSamples, noise } = friedmanInputs('makeFriedman2', options);
  const y = new Float64Array(nSamples);
  for (let s = 0; s < nSamples; s++) {
    const [x0, x1, x2, x3] = [X[4 * s]!, X[4 * s + 1]!, X[4 * s + 2]!, X[4 * s + 3]!];
    const t = x1 * x2 - 1 / (x1 * x3);
    y[s] = Math.sqrt(x0 * x0 + t * t) + noise * e[s]!;
  }
  return { X, y, nSamples, nFeatures: 4 };
}

/**
 * scikit-learn's `make_friedman3`: `y = atan((x1 x2 − 1/(x1 x3)) / x0) + noise`. `X` exact, `y`
 * within `1e-12·max(1,|y|)` (it uses `Math.atan`).
 *
 * @example
 * ```ts
 * import { makeFriedman3 } from '@bnkit/datasets';
 * const { X, y } = makeFriedman3({ nSamples: 200, randomState: 0 });
 * ```
 */
export function makeFriedman3(options: MakeFriedman23Options = {}): Dataset {
  const { X, e, nSamples, noise } = friedmanInputs('makeFriedman3', options);
  const y = new Float64Array(nSamples);
  for (let s = 0; s < nSamples; s++) {
    const [x0, x1, x2, x3] = [X[4 * s]!, X[4 * s + 1]!, X[4 * s + 2]!, X[4 * s + 3]!];
    y[s] = Math.atan((x1 * x2 - 1 / (x1 * x3)) / x0) + noise * e[s]!;
  }
  return { X, y, nSamples, nFeatures: 4 };
}
