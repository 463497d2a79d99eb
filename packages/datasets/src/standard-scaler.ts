import { boolean } from '@bnkit/core';
import type { Dataset } from './dataset.js';
import { DatasetsParameterError } from './errors.js';
import { incrementalMeanAndVariance } from './incremental-mean-variance.js';
import { checkDatasetShape } from './to-tensors.js';
import { checkInteger, checkOptionsFor } from './validate.js';

/** Options of {@link StandardScaler}, as scikit-learn's. */
export interface StandardScalerOptions {
  /** Subtract the mean (default true). */
  withMean?: boolean;
  /** Divide by the standard deviation (default true). */
  withStd?: boolean;
}

type Matrix = Float64Array | Dataset;

/** Every option of {@link StandardScaler} and what it accepts. */
const OPTIONS = { withMean: boolean(), withStd: boolean() };

/**
 * scikit-learn's `StandardScaler`: per-feature mean and (population) standard deviation computed
 * the way scikit-learn 1.2.1 does, bit for bit: `fit` is a reset followed by one `partialFit`, and
 * `partialFit` folds each batch in with scikit-learn's incremental update (Chan, Golub & LeVeque),
 * so a sequence of batches gives scikit-learn's `partial_fit` results, not those of one `fit` over
 * all rows. Constant features are scaled by 1. `fit`/`partialFit`/`transform`/`inverseTransform`
 * take a row-major `Float64Array` with `nFeatures` columns, or a {@link Dataset} (whose `X` is
 * used, `y` kept).
 *
 * @example
 * ```ts
 * import { StandardScaler, makeClassification, trainTestSplit } from '@bnkit/datasets';
 * const { train, test } = trainTestSplit(makeClassification({ randomState: 0 }), { randomState: 0 });
 * const scaler = new StandardScaler().fit(train);
 * const trainScaled = scaler.transform(train);
 * const testScaled = scaler.transform(test);
 * ```
 */
export class StandardScaler {
  readonly withMean: boolean;
  readonly withStd: boolean;
  /** Per-feature means (scikit-learn's `mean_`; computed whatever `withMean` says). */
  mean: Float64Array | null = null;
  /** Per-feature population variances (`var_`; computed whatever `withStd` says). */
  variance: Float64Array | null = null;
  /** Per-feature divisors: the standard deviation, or 1 for a constant feature (`scale_`). */
  scale: Float64Array | null = null;
  /** Samples seen since the last `fit` (`n_samples_seen_`); 0 when unfitted. */
  nSamplesSeen = 0;

  constructor(options: StandardScalerOptions = {}) {
    const o = checkOptionsFor('StandardScaler', options, OPTIONS);
    this.withMean = o.withMean ?? true;
    this.withStd = o.withStd ?? true;
  }

  /**
   * Learns the means and scales from `data`, forgetting earlier `fit`/`partialFit` calls.
   *
   * @example
   * ```ts
   * const scaler = new StandardScaler().fit(Float64Array.of(1, 10, 3, 30), 2);
   * scaler.mean; // Float64Array [2, 20]
   * ```
   */
  fit(data: Matrix, nFeatures?: number): this {
    const { X, n, d } = this.read(data, nFeatures);
    this.mean = this.variance = this.scale = null;
    this.nSamplesSeen = 0;
    return this.update(X, n, d);
  }

  /**
   * Updates the means and scales with one more batch (scikit-learn's `partial_fit`): for data that
   * arrives in pieces or does not fit in memory. Every batch needs the first batch's feature
   * count; a batch of one sample is fine.
   *
   * @example
   * ```ts
   * const scaler = new StandardScaler();
   * scaler.partialFit(Float64Array.of(1, 10), 2).partialFit(Float64Array.of(3, 30, 5, 50), 2);
   * scaler.mean; // Float64Array [3, 30]
   * scaler.nSamplesSeen; // 3
   * ```
   */
  partialFit(data: Matrix, nFeatures?: number): this {
    const { X, n, d } = this.read(data, nFeatures);
    if (this.mean !== null && d !== this.mean.length) {
      throw new DatasetsParameterError(
        'nFeatures',
        d,
        `${this.mean.length} features, as in the batches partialFit() has seen`,
        'A batch has a different number of features.',
      );
    }
    return this.update(X, n, d);
  }

  /**
   * `(x − mean) / scale` per feature; returns a new array (or dataset) of the same kind.
   *
   * @example
   * ```ts
   * new StandardScaler().fit(Float64Array.of(1, 3), 1).transform(Float64Array.of(1, 3), 1); // [-1, 1]
   * ```
   */
  transform<T extends Matrix>(data: T, nFeatures?: number): T {
    const { X, n, d } = this.read(data, nFeatures);
    const { mean, scale } = this.fitted(d, 'transform');
    const out = new Float64Array(n * d);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < d; c++) {
        let v = X[r * d + c]!;
        if (this.withMean) v = v - mean[c]!;
        if (this.withStd) v = v / scale[c]!;
        out[r * d + c] = v;
      }
    }
    return this.wrap(data, out);
  }

  /**
   * `x · scale + mean` per feature: undoes {@link StandardScaler.transform}.
   *
   * @example
   * ```ts
   * const scaler = new StandardScaler().fit(Float64Array.of(1, 3), 1);
   * scaler.inverseTransform(Float64Array.of(-1, 1), 1); // [1, 3]
   * ```
   */
  inverseTransform<T extends Matrix>(data: T, nFeatures?: number): T {
    const { X, n, d } = this.read(data, nFeatures);
    const { mean, scale } = this.fitted(d, 'inverseTransform');
    const out = new Float64Array(n * d);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < d; c++) {
        let v = X[r * d + c]!;
        if (this.withStd) v = v * scale[c]!;
        if (this.withMean) v = v + mean[c]!;
        out[r * d + c] = v;
      }
    }
    return this.wrap(data, out);
  }

  /** One `partial_fit` step on validated data; `fit` resets the state first. */
  private update(X: Float64Array, n: number, d: number): this {
    const last =
      this.mean === null
        ? null
        : { mean: this.mean, variance: this.variance!, count: this.nSamplesSeen };
    const { mean, variance, count } = incrementalMeanAndVariance(X, n, d, last);
    const scale = new Float64Array(d);
    for (let c = 0; c < d; c++)
      scale[c] = isConstantFeature(variance[c]!, mean[c]!, count) ? 1 : Math.sqrt(variance[c]!);
    this.mean = mean;
    this.variance = variance;
    this.scale = scale;
    this.nSamplesSeen = count;
    return this;
  }

  private read(data: Matrix, nFeatures: number | undefined) {
    let X: Float64Array;
    let d: number;
    if (data instanceof Float64Array) {
      d = checkInteger('nFeatures', nFeatures, 1);
      if (data.length % d !== 0) {
        throw new DatasetsParameterError(
          'nFeatures',
          nFeatures,
          `a divisor of the array length (${data.length})`,
        );
      }
      X = data;
    } else {
      checkDatasetShape(data, 'data');
      X = data.X;
      d = data.nFeatures;
    }
    if (X.length === 0) throw new DatasetsParameterError('data', data, 'at least one sample');
    for (let i = 0; i < X.length; i++) {
      if (!Number.isFinite(X[i]!)) {
        throw new DatasetsParameterError(
          'data',
          X[i],
          'finite values only',
          `The value is at index ${i}.`,
        );
      }
    }
    return { X, n: X.length / d, d };
  }

  private fitted(d: number, method: string): { mean: Float64Array; scale: Float64Array } {
    if (this.mean === null || this.scale === null) {
      throw new DatasetsParameterError(
        'this',
        this,
        `a fitted StandardScaler (call fit() or partialFit() before ${method}())`,
      );
    }
    if (d !== this.mean.length) {
      throw new DatasetsParameterError('nFeatures', d, `${this.mean.length} features, as fitted`);
    }
    return { mean: this.mean, scale: this.scale };
  }

  private wrap<T extends Matrix>(data: T, out: Float64Array): T {
    if (data instanceof Float64Array) return out as T;
    return { ...(data as Dataset), X: out } as T;
  }
}

/**
 * scikit-learn's `_is_constant_feature`: a variance within the 2-pass algorithm's error bound of
 * zero, `var ≤ n·ε·var + (n·mean·ε)²`.
 */
function isConstantFeature(variance: number, mean: number, n: number): boolean {
  const eps = Number.EPSILON;
  const drift = n * mean * eps;
  return variance <= n * eps * variance + drift * drift;
}
