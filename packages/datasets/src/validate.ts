import { DatasetsParameterError, describe } from './errors.js';

/** Throws unless `value` is an integer in [min, max]. */
export function checkInteger(
  name: string,
  value: unknown,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new DatasetsParameterError(name, value, range);
  }
  return value;
}

/** Throws unless `value` is a finite number within the given bounds. */
export function checkNumber(
  name: string,
  value: unknown,
  opts: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean } = {},
): number {
  const { min = -Infinity, max = Infinity, minExclusive = false, maxExclusive = false } = opts;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (minExclusive ? value > min : value >= min) &&
    (maxExclusive ? value < max : value <= max);
  if (!ok) {
    const lo = min === -Infinity ? '' : `${minExclusive ? '>' : '>='} ${min}`;
    const hi = max === Infinity ? '' : `${maxExclusive ? '<' : '<='} ${max}`;
    const bounds = [lo, hi].filter((part) => part !== '').join(' and ');
    throw new DatasetsParameterError(name, value, `a finite number${bounds ? ` ${bounds}` : ''}`);
  }
  return value as number;
}

/** Throws unless `value` is a boolean. */
export function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new DatasetsParameterError(name, value, 'true or false');
  return value;
}

/** Normalises numpy's `size` (a count or a shape) to an element count. */
export function sizeToCount(name: string, size: number | readonly number[]): number {
  if (typeof size === 'number') return checkInteger(name, size);
  if (!Array.isArray(size)) {
    throw new DatasetsParameterError(name, size, 'a non-negative integer or an array of them');
  }
  let count = 1;
  for (const dim of size) {
    if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 0) {
      throw new DatasetsParameterError(name, size, 'a non-negative integer or an array of them');
    }
    count *= dim;
  }
  return count;
}

/** Throws unless `value` is an options object (or undefined). */
export function checkOptions(value: unknown, name = 'options'): void {
  if (
    value !== undefined &&
    (value === null || typeof value !== 'object' || Array.isArray(value))
  ) {
    throw new DatasetsParameterError(name, value, 'an options object');
  }
}

/** Throws unless `value` is one of `accepted` (compared with `===`). */
export function checkOneOf<T>(name: string, value: unknown, accepted: readonly T[]): T {
  if (!accepted.includes(value as T)) {
    throw new DatasetsParameterError(name, value, `one of ${accepted.map(describe).join(', ')}`);
  }
  return value as T;
}
