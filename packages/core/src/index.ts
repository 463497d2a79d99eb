/**
 * @bnkit/core: what several bnkit packages need, written once. Browser-safe; Node-only helpers
 * (atomic writes, path containment) are in `@bnkit/core/node`.
 *
 * @packageDocumentation
 */
export { argumentErrorMessage, argumentErrorsIn, BnkitArgumentError } from './argument-error.js';
export type { ArgumentErrorClass, ArgumentErrorDetail } from './argument-error.js';
export { describeValue } from './describe-value.js';
export { closestMatch } from './closest-match.js';
export {
  anyOf,
  arrayOf,
  boolean,
  custom,
  func,
  instanceOf,
  integer,
  number,
  oneOf,
  string,
} from './rules.js';
export type { Bounds, Rule, RuleType } from './rules.js';
export { checkValue } from './check-value.js';
export { checkOptions } from './check-options.js';
export type { CheckedOptions, CheckOptionsContext, OptionRules } from './check-options.js';
export { sharedRegistry, RegistryVersionError } from './shared-registry.js';
export { sha256Hex } from './sha256.js';
export { loadOptionalPeer, OptionalPeerMissingError } from './optional-peer.js';
export type { OptionalPeer } from './optional-peer.js';
export { traceModelGraph } from './graph/trace-model-graph.js';
export type { GraphCall, ModelGraph } from './graph/trace-model-graph.js';
export { readLayerWeights, weightBySuffix } from './graph/layer-weights.js';
export type { LayerWeightValues } from './graph/layer-weights.js';
export {
  BatchNormReadError,
  inverseStd,
  isBatchNormLayer,
  readBatchNormParams,
} from './graph/batch-norm-params.js';
export type { BatchNormParams } from './graph/batch-norm-params.js';
export {
  FOLD_TARGET_KERNELS,
  foldAffineIntoNextDense,
  foldAffineIntoPrevious,
  foldTargetChannelAxis,
  isLinearActivation,
} from './graph/fold-batch-norm-algebra.js';
export type { FoldedLayer } from './graph/fold-batch-norm-algebra.js';
export { planBatchNormFolds } from './graph/plan-batch-norm-folds.js';
export type {
  BatchNormFoldDecision,
  PlanBatchNormFoldsOptions,
} from './graph/plan-batch-norm-folds.js';
