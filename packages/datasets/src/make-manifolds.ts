import { boolean, integer, number } from '@bnkit/core';
import { RANDOM_STATE, checkRandomState } from './check-random-state.js';
import type { RandomStateLike } from './check-random-state.js';
import type { Dataset } from './dataset.js';
import { checkOptionsFor, checkTotalSize } from './validate.js';

/** Options of {@link makeSCurve}; defaults are scikit-learn's. */
export interface MakeSCurveOptions {
  /** Points on the curve (default 100). */
  nSamples?: number;
  /** Standard deviation of the Gaussian noise (default 0; the noise draws happen anyway). */
  noise?: number;
  /** Seed, seed array, `RandomState` (continued), or `null` for the global generator. */
  randomState?: RandomStateLike;
}

/** Every option of {@link makeSCurve} and what it accepts. */
const S_CURVE_OPTIONS = {
  nSamples: integer({ min: 1 }),
  noise: number({ min: 0 }),
  randomState: RANDOM_STATE,
};

/** Every option of {@link makeSwissRoll} and what it accepts. */
const SWISS_ROLL_OPTIONS = { ...S_CURVE_OPTIONS, hole: boolean() };

/** Options of {@link makeSwissRoll}; defaults are scikit-learn's. */
export interface MakeSwissRollOptions extends MakeSCurveOptions {
  /** Cut a rectangular hole in the roll (default false). */
  hole?: boolean;
}

/**
 * scikit-learn's `make_s_curve`: 3-D points on an S, with `y` the position `t` along it. Same
 * draws as scikit-learn; coordinates within `1e-12·max(1,|x|)` (trigonometry).
 *
 * @example
 * ```ts
 * import { makeSCurve } from '@bnkit/datasets';
 * const { X, y } = makeSCurve({ nSamples: 500, noise: 0.05, randomState: 0 });
 * ```
 */
export function makeSCurve(options: MakeSCurveOptions = {}): Dataset {
  const o = checkOptionsFor('makeSCurve', options, S_CURVE_OPTIONS);
  const nSamples = o.nSamples ?? 100;
  const noise = o.noise ?? 0;
  checkTotalSize('nSamples × 3', nSamples * 3);
  const rng = checkRandomState(options.randomState);
  const c = 3 * Math.PI;
  const u = rng.uniform(0, 1, nSamples);
  const t = Float64Array.from(u, (v) => c * (v - 0.5));
  const second = rng.uniform(0, 1, nSamples);
  const g = rng.standardNormal([3, nSamples]);
  const X = new Float64Array(3 * nSamples);
  for (let s = 0; s < nSamples; s++) {
    X[3 * s] = Math.sin(t[s]!) + noise * g[s]!;
    X[3 * s + 1] = 2 * second[s]! + noise * g[nSamples + s]!;
    X[3 * s + 2] = Math.sign(t[s]!) * (Math.cos(t[s]!) - 1) + noise * g[2 * nSamples + s]!;
  }
  return { X, y: t, nSamples, nFeatures: 3 };
}

/**
 * scikit-learn's `make_swiss_roll`: 3-D points on a rolled sheet (optionally with a hole), with
 * `y` the position `t` along the roll. Same draws as scikit-learn; coordinates within
 * `1e-12·max(1,|x|)` (trigonometry).
 *
 * @example
 * ```ts
 * import { makeSwissRoll } from '@bnkit/datasets';
 * const { X, y } = makeSwissRoll({ nSamples: 500, noise: 0.1, randomState: 0 });
 * ```
 */
export function makeSwissRoll(options: MakeSwissRollOptions = {}): Dataset {
  const o = checkOptionsFor('makeSwissRoll', options, SWISS_ROLL_OPTIONS);
  const nSamples = o.nSamples ?? 100;
  const noise = o.noise ?? 0;
  const hole = o.hole ?? false;
  checkTotalSize('nSamples × 3', nSamples * 3);
  const rng = checkRandomState(options.randomState);
  const t = new Float64Array(nSamples);
  const height = new Float64Array(nSamples);
  if (!hole) {
    const c = 1.5 * Math.PI;
    const u = rng.uniform(0, 1, nSamples);
    for (let s = 0; s < nSamples; s++) t[s] = c * (1 + 2 * u[s]!);
    const v = rng.uniform(0, 1, nSamples);
    for (let s = 0; s < nSamples; s++) height[s] = 21 * v[s]!;
  } else {
    const corners: [number, number][] = [];
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) corners.push([Math.PI * (1.5 + i), j * 7]);
    corners.splice(4, 1);
    const which = rng.choice(8, nSamples);
    const params = rng.uniform(0, 1, [2, nSamples]);
    for (let s = 0; s < nSamples; s++) {
      const corner = corners[which[s]!]!;
      t[s] = corner[0] + params[s]! * Math.PI;
      height[s] = corner[1] + params[nSamples + s]! * 7;
    }
  }
  const g = rng.standardNormal([3, nSamples]);
  const X = new Float64Array(3 * nSamples);
  for (let s = 0; s < nSamples; s++) {
    X[3 * s] = t[s]! * Math.cos(t[s]!) + noise * g[s]!;
    X[3 * s + 1] = height[s]! + noise * g[nSamples + s]!;
    X[3 * s + 2] = t[s]! * Math.sin(t[s]!) + noise * g[2 * nSamples + s]!;
  }
  return { X, y: t, nSamples, nFeatures: 3 };
}
