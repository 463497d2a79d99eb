import { describeValue } from './describe-value.js';
import { ensureArgument, ensureKnownKeys, isName, isRule } from './own-arguments.js';

/**
 * What a value must be, in words (`accepted`, used in the error message) and as a test. Build
 * rules with the functions below; check values with `checkValue` and option objects with
 * `checkOptions`.
 */
export interface Rule<T> {
  readonly accepted: string;
  test(value: unknown): value is T;
}

/** The type a rule accepts. */
export type RuleType<R> = R extends Rule<infer T> ? T : never;

/** Bounds of {@link integer} and {@link number}. */
export interface Bounds {
  min?: number;
  max?: number;
  /** `min` itself is refused. Default false. */
  minExclusive?: boolean;
  /** `max` itself is refused. Default false. */
  maxExclusive?: boolean;
}

function boundsText({ min, max, minExclusive, maxExclusive }: Bounds): string {
  const lo = min === undefined ? '' : `${minExclusive ? '>' : '>='} ${min}`;
  const hi = max === undefined ? '' : `${maxExclusive ? '<' : '<='} ${max}`;
  if (lo && hi && !minExclusive && !maxExclusive) return ` in [${min}, ${max}]`;
  const both = [lo, hi].filter((part) => part !== '').join(' and ');
  return both ? ` ${both}` : '';
}

const BOUND_KEYS = ['min', 'max', 'minExclusive', 'maxExclusive'];

/** Checks the bounds given to {@link integer} or {@link number}. */
function checkBounds(where: string, bounds: unknown, extraKeys: readonly string[] = []): void {
  ensureKnownKeys(where, 'bounds', bounds, [...BOUND_KEYS, ...extraKeys]);
  const b = bounds as Record<string, unknown>;
  for (const key of ['min', 'max']) {
    const v = b[key];
    ensureArgument(
      where,
      `bounds.${key}`,
      v,
      v === undefined || (typeof v === 'number' && !Number.isNaN(v)),
      'a number',
    );
  }
  for (const key of ['minExclusive', 'maxExclusive', ...extraKeys]) {
    const v = b[key];
    ensureArgument(
      where,
      `bounds.${key}`,
      v,
      v === undefined || typeof v === 'boolean',
      'true or false',
    );
  }
  if (typeof b['min'] === 'number' && typeof b['max'] === 'number') {
    ensureArgument(
      where,
      'bounds.max',
      b['max'],
      b['max'] >= b['min'],
      `a number >= bounds.min (${b['min']})`,
    );
  }
}

function withinBounds(value: number, { min, max, minExclusive, maxExclusive }: Bounds): boolean {
  if (min !== undefined && (minExclusive ? !(value > min) : !(value >= min))) return false;
  if (max !== undefined && (maxExclusive ? !(value < max) : !(value <= max))) return false;
  return true;
}

/**
 * A safe integer within the bounds.
 *
 * @example
 * checkValue('epochs', 0, integer({ min: 1 })); // throws: epochs must be an integer >= 1; received 0.
 */
export function integer(bounds: Bounds = {}): Rule<number> {
  checkBounds('integer', bounds);
  return {
    accepted: `an integer${boundsText(bounds)}`,
    test: (value): value is number =>
      typeof value === 'number' && Number.isSafeInteger(value) && withinBounds(value, bounds),
  };
}

/**
 * A finite number within the bounds (`allowInfinity` also takes ±Infinity within them).
 *
 * @example
 * checkValue('momentum', 0.99, number({ min: 0, max: 1 })); // 0.99
 */
export function number(bounds: Bounds & { allowInfinity?: boolean } = {}): Rule<number> {
  checkBounds('number', bounds, ['allowInfinity']);
  const kind = bounds.allowInfinity ? 'a number' : 'a finite number';
  return {
    accepted: `${kind}${boundsText(bounds)}`,
    test: (value): value is number =>
      typeof value === 'number' &&
      !Number.isNaN(value) &&
      (bounds.allowInfinity === true || Number.isFinite(value)) &&
      withinBounds(value, bounds),
  };
}

/**
 * `true` or `false`, nothing truthy.
 *
 * @example
 * checkValue('append', 'yes', boolean()); // throws: append must be true or false; received "yes".
 */
export function boolean(): Rule<boolean> {
  return {
    accepted: 'true or false',
    test: (value): value is boolean => typeof value === 'boolean',
  };
}

/**
 * A string (non-empty unless `allowEmpty`).
 *
 * @example
 * checkValue('monitor', 'val_loss', string()); // 'val_loss'
 */
export function string(options: { allowEmpty?: boolean } = {}): Rule<string> {
  ensureKnownKeys('string', 'options', options, ['allowEmpty']);
  ensureArgument(
    'string',
    'options.allowEmpty',
    options.allowEmpty,
    options.allowEmpty === undefined || typeof options.allowEmpty === 'boolean',
    'true or false',
  );
  return {
    accepted: options.allowEmpty ? 'a string' : 'a non-empty string',
    test: (value): value is string =>
      typeof value === 'string' && (options.allowEmpty === true || value.length > 0),
  };
}

/**
 * One of the listed values (compared with `===`).
 *
 * @example
 * checkValue('mode', 'maxx', oneOf(['auto', 'min', 'max'] as const)); // throws, listing the three
 */
export function oneOf<const T extends readonly unknown[]>(values: T): Rule<T[number]> {
  ensureArgument(
    'oneOf',
    'values',
    values,
    Array.isArray(values) && values.length > 0,
    'a non-empty array of the accepted values',
  );
  return {
    accepted: `one of ${values.map(describeValue).join(', ')}`,
    test: (value): value is T[number] => values.includes(value),
  };
}

/**
 * A function.
 *
 * @example
 * checkValue('schedule', (epoch: number) => 0.1, func());
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function func<T extends Function = (...args: never[]) => unknown>(): Rule<T> {
  return { accepted: 'a function', test: (value): value is T => typeof value === 'function' };
}

/**
 * An array whose every item passes `item` (and with at least `minLength` items).
 *
 * @example
 * checkValue('axes', [1, 2], arrayOf(integer())); // [1, 2]
 */
export function arrayOf<T>(item: Rule<T>, options: { minLength?: number } = {}): Rule<T[]> {
  ensureArgument('arrayOf', 'item', item, isRule(item), 'a rule (integer(), string(), ...)');
  ensureKnownKeys('arrayOf', 'options', options, ['minLength']);
  ensureArgument(
    'arrayOf',
    'options.minLength',
    options.minLength,
    options.minLength === undefined ||
      (Number.isSafeInteger(options.minLength) && options.minLength >= 0),
    'an integer >= 0',
  );
  const { minLength = 0 } = options;
  const length = minLength > 0 ? ` of at least ${minLength} ` : ' of ';
  return {
    accepted: `an array${length}items each ${item.accepted}`,
    test: (value): value is T[] =>
      Array.isArray(value) && value.length >= minLength && value.every((v) => item.test(v)),
  };
}

/**
 * A value that passes any one of the rules.
 *
 * @example
 * checkValue('randomState', 42, anyOf(integer({ min: 0 }), instanceOf(RandomState, 'a RandomState')));
 */
export function anyOf<R extends readonly Rule<unknown>[]>(
  ...alternatives: R
): Rule<RuleType<R[number]>> {
  ensureArgument(
    'anyOf',
    'alternatives',
    alternatives,
    alternatives.length > 0,
    'at least one rule',
  );
  alternatives.forEach((rule, i) =>
    ensureArgument(
      'anyOf',
      `alternatives[${i}]`,
      rule,
      isRule(rule),
      'a rule (integer(), string(), ...)',
    ),
  );
  return {
    accepted: alternatives.map((rule) => rule.accepted).join(' or '),
    test: (value): value is RuleType<R[number]> => alternatives.some((rule) => rule.test(value)),
  };
}

/**
 * An instance of a class (`accepted` names it for the message).
 *
 * @example
 * checkValue('data', new Float64Array(3), instanceOf(Float64Array, 'a Float64Array'));
 */
export function instanceOf<T>(
  constructor: abstract new (...args: never[]) => T,
  accepted: string,
): Rule<T> {
  ensureArgument(
    'instanceOf',
    'constructor',
    constructor,
    typeof constructor === 'function',
    'a class',
  );
  ensureArgument(
    'instanceOf',
    'accepted',
    accepted,
    isName(accepted),
    'a non-empty description, e.g. "a RandomState"',
  );
  return { accepted, test: (value): value is T => value instanceof constructor };
}

/**
 * Any test with its description: for what the other rules do not say.
 *
 * @example
 * const evenRule = custom('an even integer', (v): v is number => Number.isInteger(v) && (v as number) % 2 === 0);
 */
export function custom<T>(accepted: string, test: (value: unknown) => value is T): Rule<T>;
export function custom(accepted: string, test: (value: unknown) => boolean): Rule<unknown>;
export function custom(accepted: string, test: (value: unknown) => boolean): Rule<unknown> {
  ensureArgument(
    'custom',
    'accepted',
    accepted,
    isName(accepted),
    'a non-empty description of the accepted values',
  );
  ensureArgument(
    'custom',
    'test',
    test,
    typeof test === 'function',
    'a function (value) => boolean',
  );
  return { accepted, test: (value): value is unknown => test(value) };
}
