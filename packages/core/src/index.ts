/**
 * @bnkit/core: what several bnkit packages need, written once. Browser-safe; Node-only helpers
 * (atomic writes, path containment) are in `@bnkit/core/node`.
 *
 * @packageDocumentation
 */
export { BnkitArgumentError } from './argument-error.js';
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
