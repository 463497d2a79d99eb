/**
 * A generated or split dataset: `X` is an `nSamples × nFeatures` row-major `Float64Array`; `y` holds
 * one target per sample (labels as integer-valued doubles), or `nSamples × nOutputs` values in
 * row-major order when `nOutputs` is given (multi-target regression, multilabel indicators).
 */
export interface Dataset {
  X: Float64Array;
  y: Float64Array;
  nSamples: number;
  nFeatures: number;
  /** Columns of `y` when it is 2-D; absent for a 1-D `y`. */
  nOutputs?: number;
}
