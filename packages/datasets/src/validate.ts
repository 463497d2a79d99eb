import {
  boolean,
  checkOptions as checkOptionsWith,
  checkValue,
  custom,
  integer,
  number,
  oneOf,
} from '@bnkit/core';
import type { Bounds, CheckedOptions, OptionRules, Rule } from '@bnkit/core';
import { DatasetsParameterError } from './errors.js';

// The package's one validation helper: @bnkit/core's rules and checks, raising
// DatasetsParameterError. Every public function declares its options as a rules object and
// checks them with checkOptionsFor (unknown keys refused with the closest known one).

/**
 * Checks an options object against `rules` (one per known key): refuses a non-object, an unknown
 * key (naming the closest known one) and a value its rule refuses. Undefined values mean "the
 * default" and are not checked.
 */
export function checkOptionsFor<S extends OptionRules>(
  where: string,
  options: unknown,
  rules: S,
  argument = 'options',
): CheckedOptions<S> {
  return checkOptionsWith(options, rules, {
    where,
    argument,
    errorClass: DatasetsParameterError,
  });
}

/** `rule`, or `null`. */
export function orNull<T>(rule: Rule<T>): Rule<T | null> {
  return custom(`null or ${rule.accepted}`, (v): v is T | null => v === null || rule.test(v));
}

/** Throws unless `value` passes `rule`; returns it typed. */
export function check<T>(name: string, value: unknown, rule: Rule<T>): T {
  return checkValue(name, value, rule, DatasetsParameterError);
}

/** Throws unless `value` is an integer in [min, max]. */
export function checkInteger(
  name: string,
  value: unknown,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  return check(
    name,
    value,
    integer({ min, max: max === Number.MAX_SAFE_INTEGER ? undefined : max }),
  );
}

/** Throws unless `value` is a finite number within the given bounds. */
export function checkNumber(name: string, value: unknown, bounds: Bounds = {}): number {
  return check(name, value, number(bounds));
}

/** Throws unless `value` is a boolean. */
export function checkBoolean(name: string, value: unknown): boolean {
  return check(name, value, boolean());
}

/** Throws unless `value` is one of `accepted` (compared with `===`). */
export function checkOneOf<T>(name: string, value: unknown, accepted: readonly T[]): T {
  return check(name, value, oneOf(accepted)) as T;
}

/** A plain options object (not null, not an array). */
const OPTIONS_OBJECT = custom(
  'an options object',
  (v): v is object => v !== null && typeof v === 'object' && !Array.isArray(v),
);

/**
 * Throws unless `value` is an options object (or undefined). Checks no key: prefer
 * {@link checkOptionsFor}, which also refuses unknown keys.
 */
export function checkOptions(value: unknown, name = 'options'): void {
  if (value !== undefined) check(name, value, OPTIONS_OBJECT);
}

/** numpy's `size`: a count or a shape of non-negative integers. */
export const SIZE = custom(
  'a non-negative integer or an array of them',
  (v): v is number | number[] =>
    integer({ min: 0 }).test(v) ||
    (Array.isArray(v) && v.every((dim) => integer({ min: 0 }).test(dim))),
);

/** Normalises numpy's `size` (a count or a shape) to an element count. */
export function sizeToCount(name: string, size: number | readonly number[]): number {
  check(name, size, SIZE);
  const count = typeof size === 'number' ? size : size.reduce((a, b) => a * b, 1);
  return checkTotalSize(name, count);
}

/** Sizes below this many values (2 GiB of float64) are allocated without a probe. */
const PROBE_FROM = 2 ** 28;

/**
 * Throws, naming `argument` (for example `'nSamples × nFeatures'`), unless `count` float64 values
 * can be allocated: a count above the engine's typed-array limit (2^32 on Node 20) or one whose
 * allocation fails would otherwise end in a bare `RangeError` deep inside a generator. Large
 * counts are probed with a real (untouched, so lazily mapped) allocation.
 */
export function checkTotalSize(argument: string, count: number): number {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new DatasetsParameterError(argument, count, 'a number of values that can be allocated');
  }
  if (count >= PROBE_FROM) {
    try {
      new Float64Array(count);
    } catch (error) {
      // By name: typed arrays may come from another realm (a test sandbox) with its own RangeError.
      if ((error as Error | undefined)?.name !== 'RangeError') throw error;
      throw new DatasetsParameterError(
        argument,
        count,
        'a number of float64 values this JavaScript engine can allocate',
        `new Float64Array(${count}) failed: ${(error as Error).message}.`,
      );
    }
  }
  return count;
}
