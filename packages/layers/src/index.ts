/**
 * @bnkit/layers: A correct, complete and fast BatchNormalization for TensorFlow.js, with Batch
 * Renormalization, Ghost BN, GroupNormalization, BN folding and precise-BN statistics.
 *
 * @packageDocumentation
 */
export { BatchNormalization, batchNormalization } from './batch-normalization.js';
export type {
  BatchNormalizationArgs,
  RenormClipping,
  RenormWarmup,
  VarianceCorrection,
} from './batch-normalization.js';
export { GroupNormalization, groupNormalization } from './group-normalization.js';
export type { GroupNormalizationArgs } from './group-normalization.js';
export { FusedAdamOptimizer, fusedAdam } from './fused-adam.js';
export type { FusedAdamOptions } from './fused-adam.js';
export { foldBatchNorm } from './fold-batch-norm.js';
export { recomputeBatchStatistics } from './recompute-batch-statistics.js';
export type {
  RecomputeBatchStatisticsOptions,
  RecomputedLayer,
} from './recompute-batch-statistics.js';
export { registerKerasCompat, KerasBatchNormalization } from './register-keras-compat.js';
export { registerLayers } from './register-layers.js';
export { LayerArgumentError, LayerInputError } from './errors.js';
export type { Identifier } from './serialization-utils.js';
