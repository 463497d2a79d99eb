import { DatasetsParameterError } from './errors.js';
import { RandomState } from './random-state.js';
import type { Seed } from './random-state.js';

/**
 * What every generator and split accepts as `randomState`, as scikit-learn does: an integer in
 * [0, 2^32) or an array of them (a fresh `RandomState`), a `RandomState` instance (used as is,
 * so its stream and Gaussian cache continue), or `null`/`undefined` (the shared global instance).
 */
export type RandomStateLike = Seed | RandomState | null | undefined;

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
  if (randomState === null || randomState === undefined) return globalRandomState();
  if (randomState instanceof RandomState) return randomState;
  if (
    typeof randomState === 'number' ||
    Array.isArray(randomState) ||
    randomState instanceof Uint32Array
  ) {
    return new RandomState(randomState);
  }
  throw new DatasetsParameterError(
    'randomState',
    randomState,
    'an integer in [0, 2^32), an array of such integers, a RandomState, or null',
  );
}
