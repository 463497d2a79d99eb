import { BnkitArgumentError } from '@bnkit/core';

/** A mistake in how the command was called: printed as one line, exit status 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/**
 * A bad argument to one of the package's functions: names it, shows the value, says what is
 * accepted (core's one error shape).
 */
export class CliArgumentError extends BnkitArgumentError {}
