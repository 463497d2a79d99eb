import {
  checkOptions,
  type ArgumentErrorClass,
  type ArgumentErrorDetail,
  type CheckedOptions,
  type OptionRules,
} from '@bnkit/core';
import { CallbackArgumentError } from './errors.js';

/** A {@link CallbackArgumentError} whose argument is prefixed with the function it belongs to. */
function errorsIn(where: string): ArgumentErrorClass {
  return class extends CallbackArgumentError {
    constructor(
      argument: string,
      received: unknown,
      accepted: string,
      detail?: ArgumentErrorDetail,
    ) {
      super(
        argument.startsWith(`${where}:`) ? argument : `${where}: ${argument}`,
        received,
        accepted,
        detail,
      );
      this.name = 'CallbackArgumentError';
    }
  };
}

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
  return checkOptions(options, rules, { where, errorClass: errorsIn(where), argument });
}
