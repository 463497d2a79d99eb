import { argumentErrorsIn, checkOptions, type CheckedOptions, type OptionRules } from '@bnkit/core';
import { CallbackArgumentError } from './errors.js';

/**
 * The package's one options check: core's `checkOptions` (an object or nothing; every key known,
 * a typo naming the closest key; every defined value passing its rule), raising
 * {@link CallbackArgumentError} with the argument named as `<where>: <key>`.
 *
 * @example
 * const { patience = 0 } = checkCallbackOptions('earlyStopping', args, { patience: integer({ min: 0 }) });
 */
export function checkCallbackOptions<S extends OptionRules>(
  where: string,
  options: unknown,
  rules: S,
  argument = 'options',
): CheckedOptions<S> {
  return checkOptions(options, rules, {
    where,
    errorClass: argumentErrorsIn(where, CallbackArgumentError),
    argument,
  });
}
