import {
  argumentErrorMessage,
  argumentErrorsIn as coreArgumentErrorsIn,
  checkOptions,
  type ArgumentErrorClass,
  type ArgumentErrorDetail,
  type CheckedOptions,
  type OptionRules,
} from '@bnkit/core';
import { OnnxOptionError } from '../errors.js';

/**
 * An {@link OnnxOptionError} with the bnkit message shape, `<where>: <argument> must be
 * <accepted>; received <value>.`, and its parts kept as fields (the shape of core's
 * `BnkitArgumentError`).
 */
export class SessionArgumentError extends OnnxOptionError {
  readonly argument: string;
  readonly received: unknown;
  readonly accepted: string;

  constructor(
    argument: string,
    received: unknown,
    accepted: string,
    detail: ArgumentErrorDetail = {},
  ) {
    super(argumentErrorMessage(argument, received, accepted, detail));
    this.name = 'OnnxOptionError';
    this.argument = argument;
    this.received = received;
    this.accepted = accepted;
  }
}

/** The error class of `where`: arguments named `<where>: <argument>`. */
export function argumentErrorsIn(where: string): ArgumentErrorClass {
  return coreArgumentErrorsIn(where, SessionArgumentError);
}

/**
 * Core's `checkOptions` (an object or nothing, every key known with a "did you mean", every
 * defined value passing its rule) raising {@link SessionArgumentError}s named after `where`.
 *
 * @example
 * const { device } = checkSessionOptions('createSession', options, { device: oneOf(['cpu']) });
 */
export function checkSessionOptions<S extends OptionRules>(
  where: string,
  options: unknown,
  rules: S,
): CheckedOptions<S> {
  return checkOptions(options, rules, { where, errorClass: argumentErrorsIn(where) });
}

/**
 * Throws a {@link SessionArgumentError} for one argument.
 *
 * @example
 * throw argumentError('predict', 'inputs', 42, 'a tensor');
 */
export function argumentError(
  where: string,
  argument: string,
  received: unknown,
  accepted: string,
  hint?: string,
): SessionArgumentError {
  const ErrorClass = argumentErrorsIn(where);
  return new ErrorClass(argument, received, accepted, { hint }) as SessionArgumentError;
}
