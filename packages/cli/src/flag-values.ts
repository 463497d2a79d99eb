import { CliUsageError } from './cli-error.js';

/** Reads `--name` as an integer in [min, max]; anything else is a usage error naming the flag. */
export function integerFlag(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new CliUsageError(
      `--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/** Reads `--name` as a finite number in (min, max]; anything else is a usage error naming the flag. */
export function positiveNumberFlag(
  name: string,
  raw: string | undefined,
  fallback: number,
  max = Number.MAX_VALUE,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new CliUsageError(
      `--${name} must be a number above 0 and at most ${max}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/** Reads `--name` as one of `choices`. */
export function choiceFlag<T extends string>(
  name: string,
  raw: string | undefined,
  fallback: T,
  choices: readonly T[],
): T {
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new CliUsageError(
      `--${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(raw)}`,
    );
  }
  return raw as T;
}
