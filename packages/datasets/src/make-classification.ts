import { anyOf, arrayOf, boolean, integer, number, oneOf } from '@bnkit/core';
import { RANDOM_STATE, checkRandomState } from './check-random-state.js';
import type { RandomStateLike } from './check-random-state.js';
import type { Dataset } from './dataset.js';
import { DatasetsParameterError } from './errors.js';
import { matmulRows } from './openblas-dot.js';
import type { DotMode } from './openblas-dot.js';
import type { RandomState } from './random-state.js';
import { sampleWithoutReplacement } from './sample-without-replacement.js';
import { shuffledIndices } from './shuffle-rows.js';
import { checkNumber, checkOptionsFor, checkTotalSize, orNull } from './validate.js';

/** Options of {@link makeClassification}; defaults are scikit-learn's. */
export interface MakeClassificationOptions {
  /** Number of samples (default 100). */
  nSamples?: number;
  /** Total number of features (default 20). */
  nFeatures?: number;
  /** Informative features (default 2). */
  nInformative?: number;
  /** Random linear combinations of the informative features (default 2). */
  nRedundant?: number;
  /** Duplicated informative/redundant features (default 0). */
  nRepeated?: number;
  /** Number of classes (default 2). */
  nClasses?: number;
  /** Clusters per class (default 2). */
  nClustersPerClass?: number;
  /** Class proportions: `nClasses` values, or `nClasses − 1` (the last is 1 − their sum). */
  weights?: readonly number[] | null;
  /** Fraction of labels replaced by random ones (default 0.01). */
  flipY?: number;
  /** Hypercube size factor (default 1). */
  classSep?: number;
  /** Put clusters on hypercube vertices (default true) or random polytope vertices. */
  hypercube?: boolean;
  /** Added to every feature: a number, one per feature, or `null` for random in [−classSep, classSep]. */
  shift?: number | readonly number[] | null;
  /** Multiplies every feature: a number, one per feature, or `null` for random in [1, 101]. */
  scale?: number | readonly number[] | null;
  /** Shuffle samples and features (default true). */
  shuffle?: boolean;
  /** Seed, seed array, `RandomState` (continued), or `null` for the global generator. */
  randomState?: RandomStateLike;
  /**
   * Summation order of the matrix products: `'openblas'` (default) reproduces OpenBLAS's x86-64
   * FMA kernels bit for bit; `'naive'` is plain left-to-right (faster, ≤ 1e-12 relative).
   */
  dotMode?: DotMode;
}

/** Every option of {@link makeClassification} and what it accepts. */
const OPTIONS = {
  nSamples: integer({ min: 1 }),
  nFeatures: integer({ min: 1 }),
  nInformative: integer({ min: 1 }),
  nRedundant: integer({ min: 0 }),
  nRepeated: integer({ min: 0 }),
  nClasses: integer({ min: 1 }),
  nClustersPerClass: integer({ min: 1 }),
  weights: orNull(arrayOf(number({ min: 0 }))),
  flipY: number({ min: 0, max: 1 }),
  classSep: number({ min: 0 }),
  hypercube: boolean(),
  shift: orNull(anyOf(number(), arrayOf(number()))),
  scale: orNull(anyOf(number(), arrayOf(number()))),
  shuffle: boolean(),
  randomState: RANDOM_STATE,
  dotMode: oneOf(['openblas', 'naive'] as const),
};

/** The result of {@link makeClassification}: integer class labels in `y`. */
export type ClassificationDataset = Dataset;

function perFeature(
  name: string,
  value: number | readonly number[],
  nFeatures: number,
): Float64Array {
  if (typeof value === 'number') {
    checkNumber(name, value);
    return new Float64Array(nFeatures).fill(value);
  }
  if (!Array.isArray(value) || value.length !== nFeatures) {
    throw new DatasetsParameterError(
      name,
      value,
      `a number, null, or an array of nFeatures (${nFeatures}) numbers`,
    );
  }
  for (const v of value) checkNumber(name, v);
  return Float64Array.from(value);
}

function generateHypercube(samples: number, dimensions: number, rng: RandomState): Float64Array {
  const out = new Float64Array(samples * dimensions);
  let inner = dimensions;
  if (dimensions > 30) {
    const extra = dimensions - 30;
    const bits = rng.randint(2, undefined, samples * extra);
    for (let s = 0; s < samples; s++) {
      for (let d = 0; d < extra; d++) out[s * dimensions + d] = bits[s * extra + d]!;
    }
    inner = 30;
  }
  const values = sampleWithoutReplacement(2 ** inner, samples, rng);
  const offset = dimensions - inner;
  for (let s = 0; s < samples; s++) {
    const v = values[s]!;
    for (let d = 0; d < inner; d++) {
      // most significant of the `inner` bits first
      out[s * dimensions + offset + d] = Math.floor(v / 2 ** (inner - 1 - d)) % 2;
    }
  }
  return out;
}

/**
 * scikit-learn's `make_classification`, bit for bit: clusters of normally distributed points on
 * the vertices of a hypercube, with informative, redundant, repeated and useless features, label
 * noise, shift, scale and shuffling, drawing from the numpy-identical {@link RandomState} in the
 * same order as scikit-learn 1.2.1.
 *
 * @example
 * ```ts
 * import { makeClassification } from '@bnkit/datasets';
 * const { X, y } = makeClassification({ nSamples: 1000, nFeatures: 20, nClasses: 2, randomState: 42 });
 * // identical to make_classification(n_samples=1000, n_features=20, n_classes=2, random_state=42)
 * ```
 */
export function makeClassification(options: MakeClassificationOptions = {}): ClassificationDataset {
  const o = checkOptionsFor('makeClassification', options, OPTIONS);
  const nSamples = o.nSamples ?? 100;
  const nFeatures = o.nFeatures ?? 20;
  const nInformative = o.nInformative ?? 2;
  const nRedundant = o.nRedundant ?? 2;
  const nRepeated = o.nRepeated ?? 0;
  const nClasses = o.nClasses ?? 2;
  const nClustersPerClass = o.nClustersPerClass ?? 2;
  const flipY = o.flipY ?? 0.01;
  const classSep = o.classSep ?? 1;
  const hypercube = o.hypercube ?? true;
  const shuffle = o.shuffle ?? true;
  const dotMode: DotMode = o.dotMode ?? 'openblas';
  checkTotalSize('nSamples × nFeatures', nSamples * nFeatures);
  const shiftOption = options.shift === undefined ? 0 : options.shift;
  const scaleOption = options.scale === undefined ? 1 : options.scale;

  if (nInformative + nRedundant + nRepeated > nFeatures) {
    throw new DatasetsParameterError(
      'nFeatures',
      nFeatures,
      `at least nInformative + nRedundant + nRepeated (${nInformative} + ${nRedundant} + ${nRepeated} = ${nInformative + nRedundant + nRepeated})`,
      'The numbers of informative, redundant and repeated features must sum to at most nFeatures.',
    );
  }
  if (nInformative < Math.log2(nClasses * nClustersPerClass)) {
    throw new DatasetsParameterError(
      'nInformative',
      nInformative,
      `a value with 2 ** nInformative >= nClasses * nClustersPerClass (${nClasses} * ${nClustersPerClass} = ${nClasses * nClustersPerClass})`,
      `nClasses (${nClasses}) * nClustersPerClass (${nClustersPerClass}) must be at most 2 ** nInformative (${nInformative}) = ${2 ** nInformative}.`,
    );
  }
  let weights: number[];
  if (options.weights !== undefined && options.weights !== null) {
    const given = options.weights;
    if (!Array.isArray(given) || (given.length !== nClasses && given.length !== nClasses - 1)) {
      throw new DatasetsParameterError(
        'weights',
        given,
        `an array of nClasses (${nClasses}) or nClasses − 1 (${nClasses - 1}) proportions`,
        'The weights do not match the number of classes.',
      );
    }
    for (const w of given) checkNumber('weights', w, { min: 0 });
    weights = [...given];
    if (weights.length === nClasses - 1) {
      let sum = 0;
      for (const w of weights) sum += w;
      const last = 1 - sum;
      if (last < 0) {
        throw new DatasetsParameterError(
          'weights',
          given,
          'nClasses − 1 proportions summing to at most 1',
          `The implied last weight 1 − sum(weights) = ${last} is negative.`,
        );
      }
      weights.push(last);
    }
  } else {
    weights = new Array<number>(nClasses).fill(1 / nClasses);
  }
  const shiftFixed = shiftOption === null ? null : perFeature('shift', shiftOption, nFeatures);
  const scaleFixed = scaleOption === null ? null : perFeature('scale', scaleOption, nFeatures);
  const rng = checkRandomState(options.randomState);

  const nUseless = nFeatures - nInformative - nRedundant - nRepeated;
  const nClusters = nClasses * nClustersPerClass;
  const perCluster: number[] = [];
  for (let k = 0; k < nClusters; k++) {
    perCluster.push(Math.trunc((nSamples * weights[k % nClasses]!) / nClustersPerClass));
  }
  const assigned = perCluster.reduce((a, b) => a + b, 0);
  for (let i = 0; i < nSamples - assigned; i++) perCluster[i % nClusters]! += 1;

  const X = new Float64Array(nSamples * nFeatures);
  const y = new Float64Array(nSamples);

  const centroids = generateHypercube(nClusters, nInformative, rng);
  for (let i = 0; i < centroids.length; i++) {
    centroids[i] = centroids[i]! * (2 * classSep);
    centroids[i] = centroids[i]! - classSep;
  }
  if (!hypercube) {
    const perClusterFactor = rng.uniform(0, 1, nClusters);
    for (let c = 0; c < nClusters; c++) {
      for (let d = 0; d < nInformative; d++) {
        centroids[c * nInformative + d] = centroids[c * nInformative + d]! * perClusterFactor[c]!;
      }
    }
    const perDimFactor = rng.uniform(0, 1, nInformative);
    for (let c = 0; c < nClusters; c++) {
      for (let d = 0; d < nInformative; d++) {
        centroids[c * nInformative + d] = centroids[c * nInformative + d]! * perDimFactor[d]!;
      }
    }
  }

  const informativeNormals = rng.standardNormal(nSamples * nInformative);
  for (let s = 0; s < nSamples; s++) {
    X.set(informativeNormals.subarray(s * nInformative, (s + 1) * nInformative), s * nFeatures);
  }

  let stop = 0;
  for (let k = 0; k < nClusters; k++) {
    const start = stop;
    stop = start + perCluster[k]!;
    const rows = stop - start;
    const label = k % nClasses;
    for (let s = start; s < stop; s++) y[s] = label;
    const A = rng.uniform(0, 1, nInformative * nInformative);
    for (let i = 0; i < A.length; i++) A[i] = 2 * A[i]! - 1;
    const product = new Float64Array(rows * nInformative);
    matmulRows(
      {
        x: X,
        xOffset: start * nFeatures,
        xStride: nFeatures,
        rows,
        k: nInformative,
        a: A,
        n: nInformative,
        out: product,
        outOffset: 0,
        outStride: nInformative,
      },
      dotMode,
    );
    for (let r = 0; r < rows; r++) {
      for (let d = 0; d < nInformative; d++) {
        X[(start + r) * nFeatures + d] =
          product[r * nInformative + d]! + centroids[k * nInformative + d]!;
      }
    }
  }

  if (nRedundant > 0) {
    const B = rng.uniform(0, 1, nInformative * nRedundant);
    for (let i = 0; i < B.length; i++) B[i] = 2 * B[i]! - 1;
    matmulRows(
      {
        x: X,
        xOffset: 0,
        xStride: nFeatures,
        rows: nSamples,
        k: nInformative,
        a: B,
        n: nRedundant,
        out: X,
        outOffset: nInformative,
        outStride: nFeatures,
      },
      dotMode,
    );
  }

  if (nRepeated > 0) {
    const n = nInformative + nRedundant;
    const u = rng.uniform(0, 1, nRepeated);
    const indices = Array.from(u, (value) => Math.trunc((n - 1) * value + 0.5));
    for (let s = 0; s < nSamples; s++) {
      for (let r = 0; r < nRepeated; r++)
        X[s * nFeatures + n + r] = X[s * nFeatures + indices[r]!]!;
    }
  }

  if (nUseless > 0) {
    const first = nFeatures - nUseless;
    // Drawn in chunks of rows (the same stream as one call) to bound the extra memory.
    const rowsPerChunk = Math.max(1, Math.floor((1 << 20) / nUseless));
    for (let start = 0; start < nSamples; start += rowsPerChunk) {
      const rows = Math.min(rowsPerChunk, nSamples - start);
      const useless = rng.standardNormal(rows * nUseless);
      for (let r = 0; r < rows; r++) {
        X.set(useless.subarray(r * nUseless, (r + 1) * nUseless), (start + r) * nFeatures + first);
      }
    }
  }

  const flip = rng.uniform(0, 1, nSamples);
  let flips = 0;
  for (let s = 0; s < nSamples; s++) if (flip[s]! < flipY) flips++;
  if (flips > 0) {
    const labels = rng.randint(nClasses, undefined, flips);
    let next = 0;
    for (let s = 0; s < nSamples; s++) if (flip[s]! < flipY) y[s] = labels[next++]!;
  }

  let shift = shiftFixed;
  if (shift === null) {
    shift = rng.uniform(0, 1, nFeatures);
    for (let d = 0; d < nFeatures; d++) shift[d] = (2 * shift[d]! - 1) * classSep;
  }
  let scale = scaleFixed;
  if (scale === null) {
    scale = rng.uniform(0, 1, nFeatures);
    for (let d = 0; d < nFeatures; d++) scale[d] = 1 + 100 * scale[d]!;
  }
  addRowVector(X, nFeatures, shift);
  multiplyRowVector(X, nFeatures, scale);

  if (!shuffle) return { X, y, nSamples, nFeatures };
  const rowOrder = shuffledIndices(nSamples, rng);
  const columns = shuffledIndices(nFeatures, rng);
  const ys = new Float64Array(nSamples);
  for (let s = 0; s < nSamples; s++) ys[s] = y[rowOrder[s]!]!;
  return { X: permuteRowsAndColumns(X, nFeatures, rowOrder, columns), y: ys, nSamples, nFeatures };
}

/** `X += v` row by row (numpy broadcasting of a per-feature vector). */
function addRowVector(X: Float64Array, width: number, v: Float64Array): void {
  for (let o = 0; o < X.length; o += width) {
    for (let d = 0; d < width; d++) X[o + d] = X[o + d]! + v[d]!;
  }
}

/** `X *= v` row by row. */
function multiplyRowVector(X: Float64Array, width: number, v: Float64Array): void {
  for (let o = 0; o < X.length; o += width) {
    for (let d = 0; d < width; d++) X[o + d] = X[o + d]! * v[d]!;
  }
}

/**
 * `X = X[rows]; X[:, :] = X[:, columns]`, in place: rows move along the cycles of the
 * permutation (a fresh 8·n·width-byte array would cost more in page faults than the copy itself).
 */
function permuteRowsAndColumns(
  X: Float64Array,
  width: number,
  rows: Int32Array,
  columns: Int32Array,
): Float64Array {
  const n = rows.length;
  const done = new Uint8Array(n);
  const held = new Float64Array(width);
  for (let start = 0; start < n; start++) {
    if (done[start] === 1) continue;
    done[start] = 1;
    if (rows[start] === start) continue;
    held.set(X.subarray(start * width, (start + 1) * width));
    let j = start;
    for (;;) {
      const k = rows[j]!;
      if (k === start) {
        X.set(held, j * width);
        break;
      }
      X.copyWithin(j * width, k * width, (k + 1) * width);
      done[k] = 1;
      j = k;
    }
  }
  for (let o = 0; o < X.length; o += width) {
    for (let d = 0; d < width; d++) held[d] = X[o + d]!;
    for (let d = 0; d < width; d++) X[o + d] = held[columns[d]!]!;
  }
  return X;
}
