import { custom } from '@bnkit/core';
import { RandomState } from './random-state.js';
import type { Seed } from './random-state.js';
import { check } from './validate.js';

/**
 * What every generator and split accepts as `randomState`, as scikit-learn does: an integer in
 * [0, 2^32) or an array of them (a fresh `RandomState`), a `RandomState` instance (used as is,
 * so its stream and Gaussian cache continue), or `null`/`undefined` (the shared global instance).
 */
export type RandomStateLike = Seed | RandomState | null | undefined;

const TWO_32 = 2 ** 32;

function isSeedInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < TWO_32;
}

/** The rule of every `randomState` option. */
export const RANDOM_STATE = custom(
  'an integer in [0, 2^32), a non-empty array of such integers, a RandomState, or null',
  (v): v is RandomStateLike =>
    v === null ||
    v === undefined ||
    v instanceof RandomState ||
    isSeedInteger(v) ||
    ((Array.isArray(v) || v instanceof Uint32Array) &&
      v.length > 0 &&
      Array.from(v as ArrayLike<unknown>).every(isSeedInteger)),
);

let globalInstance: RandomState | undefined;

/**
 * The package-wide `RandomState` used when `randomState` is omitted, like numpy's global
 * `np.random.mtrand._rand`. Created lazily from an unpredictable seed; re-seed it with
 * `globalRandomState().seed(n)` to make such calls reproducible.
 *
 * @example
 * ```ts
 * import { globalRandomState, makeMoons } from '@bnkit/datasets';
 * globalRandomState().seed(0);
 * makeMoons({ nSamples: 10 }); // reproducible now
 * ```
 */
export function globalRandomState(): RandomState {
  globalInstance ??= new RandomState();
  return globalInstance;
}

/**
 * Turns a `randomState` argument into a generator, as scikit-learn's `check_random_state`.
 *
 * @example
 * ```ts
 * import { checkRandomState } from '@bnkit/datasets';
 * const rng = checkRandomState(42); // a new RandomState(42)
 * checkRandomState(rng) === rng; // true
 * ```
 */
export function checkRandomState(randomState: RandomStateLike): RandomState {
  check('randomState', randomState, RANDOM_STATE);
  if (randomState === null || randomState === undefined) return globalRandomState();
  if (randomState instanceof RandomState) return randomState;
  return new RandomState(randomState);
}
