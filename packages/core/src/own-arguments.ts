import { argumentErrorsIn } from './argument-error.js';

/**
 * Checks an argument of one of core's own functions: throws a `BnkitArgumentError` named
 * `<where>: <argument>` when `ok` is false. (Core's rules cannot check their own arguments
 * through `checkValue` without a circle, so they use this.)
 */
export function ensureArgument(
  where: string,
  argument: string,
  value: unknown,
  ok: boolean,
  accepted: string,
  hint?: string,
): void {
  if (ok) return;
  const errors = argumentErrorsIn(where);
  throw new errors(argument, value, accepted, { hint });
}

/** Whether a value is a rule: `{ accepted: string, test: function }`. */
export function isRule(value: unknown): boolean {
  const rule = value as { accepted?: unknown; test?: unknown } | null;
  return (
    rule !== null &&
    typeof rule === 'object' &&
    typeof rule.accepted === 'string' &&
    typeof rule.test === 'function'
  );
}

/** A non-empty string. */
export function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** An object's keys are all among `known` (a typo in an options object of core). */
export function ensureKnownKeys(
  where: string,
  argument: string,
  value: unknown,
  known: readonly string[],
): void {
  ensureArgument(
    where,
    argument,
    value,
    value !== null && typeof value === 'object' && !Array.isArray(value),
    `an object with keys among ${known.map((k) => JSON.stringify(k)).join(', ')}`,
  );
  for (const key of Object.keys(value as object)) {
    ensureArgument(
      where,
      `${argument} key`,
      key,
      known.includes(key),
      `one of ${known.map((k) => JSON.stringify(k)).join(', ')}`,
    );
  }
}
