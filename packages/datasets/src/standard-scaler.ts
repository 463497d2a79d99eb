import type { Dataset } from './dataset.js';
import { DatasetsParameterError } from './errors.js';
import { checkDatasetShape } from './to-tensors.js';
import { checkBoolean, checkInteger, checkOptions } from './validate.js';

/** Options of {@link StandardScaler}, as scikit-learn's. */
export interface StandardScalerOptions {
  /** Subtract the mean (default true). */
  withMean?: boolean;
  /** Divide by the standard deviation (default true). */
  withStd?: boolean;
}

type Matrix = Float64Array | Dataset;

/**
 * scikit-learn's `StandardScaler`: per-feature mean and (population) standard deviation computed
 * the way scikit-learn 1.2.1 does (column sums in row order, variance with its correction term),
 * constant features scaled by 1. `fit`/`transform`/`inverseTransform` take a row-major
 * `Float64Array` with `nFeatures` columns, or a {@link Dataset} (whose `X` is used, `y` kept).
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
  /** Per-feature means (after `fit`; zeros when `withMean` is false... as scikit-learn's `mean_`). */
  mean: Float64Array | null = null;
  /** Per-feature population variances (after `fit`). */
  variance: Float64Array | null = null;
  /** Per-feature divisors: the standard deviation, or 1 for a constant feature. */
  scale: Float64Array | null = null;
  /** Samples seen by `fit`. */
  nSamplesSeen = 0;

  constructor(options: StandardScalerOptions = {}) {
    checkOptions(options);
    this.withMean = checkBoolean('withMean', options.withMean ?? true);
    this.withStd = checkBoolean('withStd', options.withStd ?? true);
  }

  /**
   * Learns the means and scales.
   *
   * @example
   * ```ts
   * const scaler = new StandardScaler().fit(Float64Array.of(1, 10, 3, 30), 2);
   * scaler.mean; // Float64Array [2, 20]
   * ```
   */
  fit(data: Matrix, nFeatures?: number): this {
    const { X, n, d } = this.read(data, nFeatures, 'fit');
    if (n === 0) throw new DatasetsParameterError('data', data, 'at least one sample');
    const sum = new Float64Array(d);
    for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) sum[c] = sum[c]! + X[r * d + c]!;
    const mean = new Float64Array(d);
    for (let c = 0; c < d; c++) mean[c] = sum[c]! / n;
    const correction = new Float64Array(d);
    const squares = new Float64Array(d);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < d; c++) {
        const t = X[r * d + c]! - mean[c]!;
        correction[c] = correction[c]! + t;
        squares[c] = squares[c]! + t * t;
      }
    }
    const variance = new Float64Array(d);
    const scale = new Float64Array(d);
    for (let c = 0; c < d; c++) {
      variance[c] = (squares[c]! - (correction[c]! * correction[c]!) / n) / n;
      const eps = Number.EPSILON;
      const bound = n * eps * variance[c]! + (n * mean[c]! * eps) ** 2;
      scale[c] = variance[c]! <= bound ? 1 : Math.sqrt(variance[c]!);
    }
    this.mean = mean;
    this.variance = variance;
    this.scale = scale;
    this.nSamplesSeen = n;
    return this;
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
    const { X, n, d } = this.read(data, nFeatures, 'transform');
    const out = new Float64Array(n * d);
    const mean = this.mean!;
    const scale = this.scale!;
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
    const { X, n, d } = this.read(data, nFeatures, 'inverseTransform');
    const out = new Float64Array(n * d);
    const mean = this.mean!;
    const scale = this.scale!;
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

  private read(data: Matrix, nFeatures: number | undefined, method: string) {
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
    for (let i = 0; i < X.length; i++) {
      if (!Number.isFinite(X[i]!)) {
        throw new DatasetsParameterError('data', X[i], 'finite values only', `value at index ${i}`);
      }
    }
    if (method !== 'fit') {
      if (this.scale === null) {
        throw new DatasetsParameterError(
          'this',
          'unfitted StandardScaler',
          `fit() before ${method}()`,
        );
      }
      if (d !== this.scale.length) {
        throw new DatasetsParameterError(
          'nFeatures',
          d,
          `${this.scale.length} features, as seen by fit()`,
        );
      }
    }
    return { X, n: X.length / d, d };
  }

  private wrap<T extends Matrix>(data: T, out: Float64Array): T {
    if (data instanceof Float64Array) return out as T;
    return { ...(data as Dataset), X: out } as T;
  }
}
