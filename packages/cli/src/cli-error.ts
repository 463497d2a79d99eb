/** A mistake in how the command was called: printed as one line, exit status 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** A bad argument to one of the package's functions: names it, shows the value, says what is accepted. */
export class CliArgumentError extends Error {
  constructor(name: string, value: unknown, accepted: string) {
    super(`${name} must be ${accepted}; received ${describeValue(value)}`);
    this.name = 'CliArgumentError';
  }
}

/** A value as a person reads it: strings quoted, NaN and undefined by name. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}
