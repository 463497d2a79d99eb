import { boolean, custom, integer, number } from '@bnkit/core';
import { RANDOM_STATE, checkRandomState } from './check-random-state.js';
import type { RandomStateLike } from './check-random-state.js';
import type { Dataset } from './dataset.js';
import { DatasetsParameterError } from './errors.js';
import { linspace } from './numeric.js';
import type { RandomState } from './random-state.js';
import { reorderRows, shuffledIndices } from './shuffle-rows.js';
import { checkInteger, checkOptionsFor, checkTotalSize, orNull } from './validate.js';

/** Options of {@link makeMoons}; defaults are scikit-learn's. */
export interface MakeMoonsOptions {
  /** Total points (default 100; the outer moon gets ⌊n/2⌋), or `[outer, inner]`. */
  nSamples?: number | readonly [number, number];
  /** Shuffle the samples (default true). */
  shuffle?: boolean;
  /** Standard deviation of Gaussian noise added to the points (default none). */
  noise?: number | null;
  /** Seed, seed array, `RandomState` (continued), or `null` for the global generator. */
  randomState?: RandomStateLike;
}

/** Options of {@link makeCircles}; defaults are scikit-learn's. */
export interface MakeCirclesOptions extends MakeMoonsOptions {
  /** Scale of the inner circle relative to the outer, in [0, 1) (default 0.8). */
  factor?: number;
}

/** Every option of {@link makeMoons} and what it accepts. */
const MOONS_OPTIONS = {
  nSamples: custom(
    'an integer >= 1 or a two-element array [outer, inner] of integers >= 0',
    (v): v is number | [number, number] =>
      integer({ min: 1 }).test(v) ||
      (Array.isArray(v) && v.length === 2 && v.every((n) => integer({ min: 0 }).test(n))),
  ),
  shuffle: boolean(),
  noise: orNull(number({ min: 0 })),
  randomState: RANDOM_STATE,
};

/** Every option of {@link makeCircles} and what it accepts. */
const CIRCLES_OPTIONS = {
  ...MOONS_OPTIONS,
  factor: number({ min: 0, max: 1, maxExclusive: true }),
};

/** Splits `nSamples` into (outer, inner) counts as scikit-learn does. */
export function splitTwo(nSamples: number | readonly number[] | undefined): [number, number] {
  const value = nSamples ?? 100;
  if (typeof value === 'number') {
    const n = checkInteger('nSamples', value, 1);
    checkTotalSize('nSamples × 2', 2 * n);
    return [Math.floor(n / 2), n - Math.floor(n / 2)];
  }
  if (!Array.isArray(value) || value.length !== 2) {
    throw new DatasetsParameterError(
      'nSamples',
      value,
      'an integer or a two-element array [outer, inner]',
    );
  }
  const counts: [number, number] = [
    checkInteger('nSamples[0]', value[0], 0),
    checkInteger('nSamples[1]', value[1], 0),
  ];
  checkTotalSize('nSamples × 2', 2 * (counts[0] + counts[1]));
  return counts;
}

/** Shuffle then noise, as make_moons and make_circles do; builds the Dataset. */
export function finishTwoClass(
  X: Float64Array,
  y: Float64Array,
  shuffle: boolean,
  noise: number | null,
  rng: RandomState,
): Dataset {
  const n = y.length;
  let Xo = X;
  let yo = y;
  if (shuffle) {
    const order = shuffledIndices(n, rng);
    Xo = reorderRows(X, 2, order);
    yo = reorderRows(y, 1, order);
  }
  if (noise !== null) {
    const g = rng.standardNormal(Xo.length);
    for (let i = 0; i < Xo.length; i++) Xo[i] = Xo[i]! + (0 + noise * g[i]!);
  }
  return { X: Xo, y: yo, nSamples: n, nFeatures: 2 };
}

/**
 * scikit-learn's `make_moons`: two interleaving half circles. Same draws as scikit-learn; the
 * coordinates use `Math.sin`/`Math.cos`, so they match within `1e-12·max(1,|x|)` (numpy's own
 * trigonometry differs by CPU), labels and shuffle order exactly.
 *
 * @example
 * ```ts
 * import { makeMoons } from '@bnkit/datasets';
 * const { X, y } = makeMoons({ nSamples: 200, noise: 0.1, randomState: 0 });
 * ```
 */
export function makeMoons(options: MakeMoonsOptions = {}): Dataset {
  const o = checkOptionsFor('makeMoons', options, MOONS_OPTIONS);
  const [nOut, nIn] = splitTwo(o.nSamples);
  const shuffle = o.shuffle ?? true;
  const noise = o.noise ?? null;
  const rng = checkRandomState(options.randomState);
  const n = nOut + nIn;
  const X = new Float64Array(2 * n);
  const y = new Float64Array(n);
  const tOut = linspace(0, Math.PI, nOut);
  const tIn = linspace(0, Math.PI, nIn);
  for (let i = 0; i < nOut; i++) {
    X[2 * i] = Math.cos(tOut[i]!);
    X[2 * i + 1] = Math.sin(tOut[i]!);
  }
  for (let i = 0; i < nIn; i++) {
    X[2 * (nOut + i)] = 1 - Math.cos(tIn[i]!);
    X[2 * (nOut + i) + 1] = 1 - Math.sin(tIn[i]!) - 0.5;
    y[nOut + i] = 1;
  }
  return finishTwoClass(X, y, shuffle, noise, rng);
}

/**
 * scikit-learn's `make_circles`: a large circle containing a smaller one. Same draws as
 * scikit-learn; coordinates within `1e-12·max(1,|x|)` (trigonometry), labels and order exactly.
 *
 * @example
 * ```ts
 * import { makeCircles } from '@bnkit/datasets';
 * const { X, y } = makeCircles({ nSamples: 200, factor: 0.5, noise: 0.05, randomState: 0 });
 * ```
 */
export function makeCircles(options: MakeCirclesOptions = {}): Dataset {
  const o = checkOptionsFor('makeCircles', options, CIRCLES_OPTIONS);
  const [nOut, nIn] = splitTwo(o.nSamples);
  const shuffle = o.shuffle ?? true;
  const noise = o.noise ?? null;
  const factor = o.factor ?? 0.8;
  const rng = checkRandomState(options.randomState);
  const n = nOut + nIn;
  const X = new Float64Array(2 * n);
  const y = new Float64Array(n);
  const tOut = linspace(0, 2 * Math.PI, nOut, false);
  const tIn = linspace(0, 2 * Math.PI, nIn, false);
  for (let i = 0; i < nOut; i++) {
    X[2 * i] = Math.cos(tOut[i]!);
    X[2 * i + 1] = Math.sin(tOut[i]!);
  }
  for (let i = 0; i < nIn; i++) {
    X[2 * (nOut + i)] = Math.cos(tIn[i]!) * factor;
    X[2 * (nOut + i) + 1] = Math.sin(tIn[i]!) * factor;
    y[nOut + i] = 1;
  }
  return finishTwoClass(X, y, shuffle, noise, rng);
}
