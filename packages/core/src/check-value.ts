import { BnkitArgumentError, type ArgumentErrorClass } from './argument-error.js';
import { ensureArgument, isName, isRule } from './own-arguments.js';
import type { Rule } from './rules.js';

/**
 * Returns `value` when it passes `rule`; otherwise throws `errorClass` (a package's subclass of
 * {@link BnkitArgumentError}) naming the argument, the value and what the rule accepts.
 *
 * @example
 * const epochs = checkValue('epochs', options.epochs, integer({ min: 1 }));
 */
export function checkValue<T>(
  argument: string,
  value: unknown,
  rule: Rule<T>,
  errorClass: ArgumentErrorClass = BnkitArgumentError,
): T {
  ensureArgument(
    'checkValue',
    'argument',
    argument,
    isName(argument),
    'the name of the argument, a non-empty string',
  );
  ensureArgument('checkValue', 'rule', rule, isRule(rule), 'a rule (integer(), string(), ...)');
  ensureArgument(
    'checkValue',
    'errorClass',
    errorClass,
    typeof errorClass === 'function',
    'an error class',
  );
  if (!rule.test(value)) throw new errorClass(argument, value, rule.accepted);
  return value;
}
