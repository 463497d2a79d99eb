import { anyOf, arrayOf, boolean, integer, number } from '@bnkit/core';
import { RANDOM_STATE, checkRandomState } from './check-random-state.js';
import type { RandomStateLike } from './check-random-state.js';
import type { Dataset } from './dataset.js';
import { DatasetsParameterError } from './errors.js';
import { reorderRows, shuffledIndices } from './shuffle-rows.js';
import { checkInteger, checkNumber, checkOptionsFor, checkTotalSize, orNull } from './validate.js';

/** Options of {@link makeBlobs}; defaults are scikit-learn's. */
export interface MakeBlobsOptions {
  /** Total samples, split evenly (default 100), or one count per center. */
  nSamples?: number | readonly number[];
  /** Features per sample when centers are drawn (default 2). */
  nFeatures?: number;
  /** Number of centers to draw (default 3), or the centers themselves (one row each). */
  centers?: number | readonly (readonly number[])[] | null;
  /** Standard deviation of every cluster (default 1), or one per center. */
  clusterStd?: number | readonly number[];
  /** Bounding box `[low, high]` of drawn centers (default [−10, 10]). */
  centerBox?: readonly [number, number];
  /** Shuffle the samples (default true). */
  shuffle?: boolean;
  /** Seed, seed array, `RandomState` (continued), or `null` for the global generator. */
  randomState?: RandomStateLike;
}

/** Every option of {@link makeBlobs} and what it accepts (counts and lengths checked below). */
const OPTIONS = {
  nSamples: anyOf(integer({ min: 1 }), arrayOf(integer({ min: 0 }), { minLength: 1 })),
  nFeatures: integer({ min: 1 }),
  centers: orNull(anyOf(integer({ min: 1 }), arrayOf(arrayOf(number()), { minLength: 1 }))),
  clusterStd: anyOf(number({ min: 0 }), arrayOf(number({ min: 0 }))),
  centerBox: arrayOf(number(), { minLength: 2 }),
  shuffle: boolean(),
  randomState: RANDOM_STATE,
};

/** The result of {@link makeBlobs}: cluster labels in `y` and the centers used. */
export interface BlobsDataset extends Dataset {
  /** The centers, `nCenters × nFeatures` row-major. */
  centers: Float64Array;
}

/**
 * scikit-learn's `make_blobs`: isotropic Gaussian clusters, bit for bit (centers drawn with
 * `uniform(centerBox)`, each cluster with `normal(loc=center, scale=std)`, then shuffled).
 *
 * @example
 * ```ts
 * import { makeBlobs } from '@bnkit/datasets';
 * const { X, y, centers } = makeBlobs({ nSamples: 300, centers: 4, clusterStd: 0.6, randomState: 0 });
 * ```
 */
export function makeBlobs(options: MakeBlobsOptions = {}): BlobsDataset {
  const o = checkOptionsFor('makeBlobs', options, OPTIONS);
  const nSamplesOption = o.nSamples ?? 100;
  let nFeatures = o.nFeatures ?? 2;
  const shuffle = o.shuffle ?? true;
  const box = options.centerBox ?? [-10, 10];
  if (!Array.isArray(box) || box.length !== 2) {
    throw new DatasetsParameterError('centerBox', box, 'a two-element array [low, high]');
  }
  checkNumber('centerBox[0]', box[0]);
  checkNumber('centerBox[1]', box[1]);
  let perCenter: number[] | null = null;
  if (typeof nSamplesOption !== 'number') {
    if (!Array.isArray(nSamplesOption) || nSamplesOption.length === 0) {
      throw new DatasetsParameterError(
        'nSamples',
        nSamplesOption,
        'an integer or a non-empty array of counts',
      );
    }
    perCenter = nSamplesOption.map((v, i) => checkInteger(`nSamples[${i}]`, v, 0));
  } else {
    checkInteger('nSamples', nSamplesOption, 1);
  }
  const centersOption = options.centers ?? null;
  let given: Float64Array | null = null;
  let nCenters: number;
  if (centersOption === null || typeof centersOption === 'number') {
    if (perCenter !== null) {
      if (centersOption !== null) {
        throw new DatasetsParameterError(
          'centers',
          centersOption,
          'null or an array of centers when nSamples is an array',
        );
      }
      nCenters = perCenter.length;
    } else {
      nCenters = checkInteger('centers', centersOption ?? 3, 1);
    }
  } else {
    if (!Array.isArray(centersOption) || centersOption.length === 0) {
      throw new DatasetsParameterError(
        'centers',
        centersOption,
        'an integer or a non-empty array of centers',
      );
    }
    nCenters = centersOption.length;
    const width = (centersOption[0] as readonly number[] | undefined)?.length ?? 0;
    if (width === 0 || centersOption.some((row) => !Array.isArray(row) || row.length !== width)) {
      throw new DatasetsParameterError('centers', centersOption, 'rows of equal, non-zero length');
    }
    given = new Float64Array(nCenters * width);
    const rows = centersOption as readonly (readonly number[])[];
    for (let i = 0; i < nCenters; i++) {
      for (let j = 0; j < width; j++) given[i * width + j] = checkNumber('centers', rows[i]![j]);
    }
    nFeatures = width;
    if (perCenter !== null && perCenter.length !== nCenters) {
      throw new DatasetsParameterError(
        'nSamples',
        nSamplesOption,
        `one count per center (${nCenters})`,
        'The length of nSamples is not consistent with the number of centers.',
      );
    }
  }
  const stdOption = options.clusterStd ?? 1;
  let stds: number[];
  if (typeof stdOption === 'number') {
    stds = new Array<number>(nCenters).fill(checkNumber('clusterStd', stdOption, { min: 0 }));
  } else {
    if (!Array.isArray(stdOption) || stdOption.length !== nCenters) {
      throw new DatasetsParameterError(
        'clusterStd',
        stdOption,
        `a number or one standard deviation per center (${nCenters})`,
        'The length of clusterStd is not consistent with the number of centers.',
      );
    }
    stds = stdOption.map((v) => checkNumber('clusterStd', v, { min: 0 }));
  }
  if (perCenter === null) {
    const n = nSamplesOption as number;
    perCenter = new Array<number>(nCenters).fill(Math.floor(n / nCenters));
    for (let i = 0; i < n % nCenters; i++) perCenter[i]! += 1;
  }
  const total = perCenter.reduce((a, b) => a + b, 0);
  checkTotalSize('nSamples × nFeatures', total * nFeatures);
  const rng = checkRandomState(options.randomState);
  const centers = given ?? rng.uniform(box[0], box[1], [nCenters, nFeatures]);
  const X = new Float64Array(total * nFeatures);
  const y = new Float64Array(total);
  let row = 0;
  for (let c = 0; c < nCenters; c++) {
    const std = stds[c]!;
    const g = rng.standardNormal(perCenter[c]! * nFeatures);
    for (let r = 0; r < perCenter[c]!; r++, row++) {
      y[row] = c;
      for (let f = 0; f < nFeatures; f++) {
        X[row * nFeatures + f] = centers[c * nFeatures + f]! + std * g[r * nFeatures + f]!;
      }
    }
  }
  if (!shuffle) return { X, y, nSamples: total, nFeatures, centers };
  const order = shuffledIndices(total, rng);
  return {
    X: reorderRows(X, nFeatures, order),
    y: reorderRows(y, 1, order),
    nSamples: total,
    nFeatures,
    centers,
  };
}
