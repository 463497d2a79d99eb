import { BnkitArgumentError, type ArgumentErrorClass } from './argument-error.js';
import { closestMatch } from './closest-match.js';
import { ensureArgument, ensureKnownKeys, isName, isRule } from './own-arguments.js';
import type { Rule, RuleType } from './rules.js';

/** The rules of an options object, one per known key. */
export type OptionRules = Record<string, Rule<unknown>>;

/** The options a set of rules accepts, each optional (undefined means "the default"). */
export type CheckedOptions<S extends OptionRules> = { [K in keyof S]?: RuleType<S[K]> };

/** How {@link checkOptions} names things in its errors. */
export interface CheckOptionsContext {
  /** The function or class the options are for, e.g. `'makeClassification'`. */
  where: string;
  /** The package's argument error class. Default {@link BnkitArgumentError}. */
  errorClass?: ArgumentErrorClass;
  /** Name of the options argument itself. Default `'options'`. */
  argument?: string;
  /** Keys that are accepted without a rule (checked by the caller). */
  passThrough?: readonly string[];
}

/**
 * Checks an options object as scikit-learn's `validate_params` does a keyword list: it must be an
 * object (or undefined), every key must be known (a typo is refused, naming the closest known
 * key) and every value that is not undefined must pass its rule. Returns the options, typed.
 *
 * @example
 * const opts = checkOptions(options, {
 *   nSamples: integer({ min: 1 }),
 *   shuffle: boolean(),
 * }, { where: 'makeClassification' });
 * checkOptions({ nSample: 10 }, ...); // throws: makeClassification: option name must be one of
 * //   "nSamples", "shuffle"; received "nSample". Did you mean "nSamples"?
 */
export function checkOptions<S extends OptionRules>(
  options: unknown,
  rules: S,
  context: CheckOptionsContext,
): CheckedOptions<S> {
  ensureKnownKeys('checkOptions', 'context', context, [
    'where',
    'errorClass',
    'argument',
    'passThrough',
  ]);
  ensureArgument(
    'checkOptions',
    'context.where',
    context.where,
    isName(context.where),
    'the name of the function, a non-empty string',
  );
  ensureArgument(
    'checkOptions',
    'context.errorClass',
    context.errorClass,
    context.errorClass === undefined || typeof context.errorClass === 'function',
    'an error class',
  );
  ensureArgument(
    'checkOptions',
    'context.argument',
    context.argument,
    context.argument === undefined || isName(context.argument),
    'a non-empty string',
  );
  ensureArgument(
    'checkOptions',
    'context.passThrough',
    context.passThrough,
    context.passThrough === undefined ||
      (Array.isArray(context.passThrough) && context.passThrough.every(isName)),
    'an array of option names',
  );
  ensureArgument(
    'checkOptions',
    'rules',
    rules,
    rules !== null && typeof rules === 'object' && !Array.isArray(rules),
    'an object of rules, one per option name',
  );
  for (const [key, rule] of Object.entries(rules)) {
    ensureArgument(
      'checkOptions',
      `rules.${key}`,
      rule,
      isRule(rule),
      'a rule (integer(), string(), ...)',
    );
  }
  const {
    where,
    errorClass = BnkitArgumentError,
    argument = 'options',
    passThrough = [],
  } = context;
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new errorClass(`${where}: ${argument}`, options, 'an options object');
  }
  const known = [...Object.keys(rules), ...passThrough];
  for (const [key, value] of Object.entries(options)) {
    const rule = rules[key];
    if (rule === undefined) {
      if (passThrough.includes(key)) continue;
      const guess = closestMatch(key, known);
      throw new errorClass(
        `${where}: option name`,
        key,
        `one of ${known.map((name) => JSON.stringify(name)).join(', ')}`,
        { hint: guess === undefined ? undefined : `Did you mean "${guess}"?` },
      );
    }
    if (value !== undefined && !rule.test(value)) {
      throw new errorClass(key, value, rule.accepted);
    }
  }
  return options as CheckedOptions<S>;
}
