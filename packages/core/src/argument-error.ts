import { describeValue } from './describe-value.js';

/** Extra context of a {@link BnkitArgumentError}. */
export interface ArgumentErrorDetail {
  /** One more sentence: why the value is wrong, or what was probably meant. */
  hint?: string;
}

/**
 * The one message shape of an argument error: `<argument> must be <accepted>; received
 * <value>.` and the optional hint. For an error class that cannot extend
 * {@link BnkitArgumentError} (its package's hierarchy has another base).
 *
 * @example
 * argumentErrorMessage('momentum', 2, 'a number in [0, 1]'); // 'momentum must be a number in [0, 1]; received 2.'
 */
export function argumentErrorMessage(
  argument: string,
  received: unknown,
  accepted: string,
  detail: ArgumentErrorDetail = {},
): string {
  if (typeof argument !== 'string' || typeof accepted !== 'string') {
    const [name, value] =
      typeof argument !== 'string' ? ['argument', argument] : ['accepted', accepted];
    throw new BnkitArgumentError(`argumentErrorMessage: ${name}`, value, 'a string');
  }
  return (
    `${argument} must be ${accepted}; received ${describeValue(received)}.` +
    (detail.hint ? ` ${detail.hint}` : '')
  );
}

/**
 * An argument outside what a bnkit function accepts. Every package's argument error extends it,
 * so every message has one shape: `<argument> must be <accepted>; received <value>.` followed by
 * an optional hint. `argument`, `received` and `accepted` are kept as fields for programs.
 *
 * @example
 * throw new BnkitArgumentError('momentum', 2, 'a number in [0, 1]');
 * // momentum must be a number in [0, 1]; received 2.
 */
export class BnkitArgumentError extends Error {
  /** The argument as named in the API: `momentum`, `options.nSamples`, `--epochs`. */
  readonly argument: string;
  readonly received: unknown;
  /** What would have been accepted, in words. */
  readonly accepted: string;

  constructor(
    argument: string,
    received: unknown,
    accepted: string,
    detail: ArgumentErrorDetail = {},
  ) {
    super(argumentErrorMessage(argument, received, accepted, detail));
    this.name = new.target.name;
    this.argument = argument;
    this.received = received;
    this.accepted = accepted;
  }
}

/** A constructor of an argument error: core's own class or a package's subclass of it. */
export type ArgumentErrorClass = new (
  argument: string,
  received: unknown,
  accepted: string,
  detail?: ArgumentErrorDetail,
) => Error;

/**
 * A subclass of `base` (a package's argument error) whose errors name their argument as
 * `<where>: <argument>`, so every message of one function starts with that function's name.
 *
 * @example
 * const errors = argumentErrorsIn('earlyStopping', CallbackArgumentError);
 * throw new errors('patience', -1, 'an integer >= 0');
 * // CallbackArgumentError: earlyStopping: patience must be an integer >= 0; received -1.
 */
export function argumentErrorsIn(
  where: string,
  base: new (
    argument: string,
    received: unknown,
    accepted: string,
    detail?: ArgumentErrorDetail,
  ) => Error = BnkitArgumentError,
): ArgumentErrorClass {
  if (typeof where !== 'string' || where.length === 0) {
    throw new BnkitArgumentError(
      'argumentErrorsIn: where',
      where,
      'the function name, a non-empty string',
    );
  }
  if (typeof base !== 'function') {
    throw new BnkitArgumentError('argumentErrorsIn: base', base, 'an error class');
  }
  const prefix = `${where}: `;
  return class extends base {
    constructor(
      argument: string,
      received: unknown,
      accepted: string,
      detail?: ArgumentErrorDetail,
    ) {
      super(argument.startsWith(prefix) ? argument : prefix + argument, received, accepted, detail);
      // The anonymous subclass has no name of its own: keep the one the base sets or has.
      if (!this.name || this.name === 'Error') this.name = base.name;
    }
  };
}
