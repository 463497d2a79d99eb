import { argumentErrorsIn, BnkitArgumentError } from './argument-error.js';
import { checkOptions } from './check-options.js';
import { checkValue } from './check-value.js';
import { anyOf, arrayOf, boolean, custom, func, integer, number, oneOf, string } from './rules.js';

class PackageError extends BnkitArgumentError {}

const rules = {
  nSamples: integer({ min: 1 }),
  shuffle: boolean(),
  testSize: number({ min: 0, max: 1, minExclusive: true, maxExclusive: true }),
  mode: oneOf(['auto', 'min', 'max'] as const),
};

describe('checkOptions', () => {
  it('returns the options, undefined values meaning the default', () => {
    expect(checkOptions({ nSamples: 5, shuffle: undefined }, rules, { where: 'f' })).toEqual({
      nSamples: 5,
      shuffle: undefined,
    });
    expect(checkOptions(undefined, rules, { where: 'f' })).toEqual({});
  });

  it('refuses an unknown key, naming it and the closest known key', () => {
    expect(() =>
      checkOptions({ nSample: 10 }, rules, {
        where: 'makeClassification',
        errorClass: PackageError,
      }),
    ).toThrow(
      new PackageError(
        'makeClassification: option name',
        'nSample',
        'one of "nSamples", "shuffle", "testSize", "mode"',
        {
          hint: 'Did you mean "nSamples"?',
        },
      ),
    );
    try {
      checkOptions({ testsize: 0.2 }, rules, { where: 'trainTestSplit', errorClass: PackageError });
    } catch (error) {
      expect(error).toBeInstanceOf(PackageError);
      expect(error).toBeInstanceOf(BnkitArgumentError);
      expect((error as Error).name).toBe('PackageError');
      expect((error as Error).message).toBe(
        'trainTestSplit: option name must be one of "nSamples", "shuffle", "testSize", "mode"; received "testsize". Did you mean "testSize"?',
      );
    }
  });

  it('gives no guess when no key is close', () => {
    expect(() => checkOptions({ zzzzzz: 1 }, rules, { where: 'f' })).toThrow(
      /^f: option name must be one of .*; received "zzzzzz"\.$/,
    );
  });

  it('accepts pass-through keys without a rule', () => {
    expect(checkOptions({ extra: 1 }, rules, { where: 'f', passThrough: ['extra'] })).toEqual({
      extra: 1,
    });
  });

  it('refuses a value outside its rule, naming the key, the value and what is accepted', () => {
    expect(() => checkOptions({ shuffle: 'yes' }, rules, { where: 'f' })).toThrow(
      'shuffle must be true or false; received "yes".',
    );
    expect(() => checkOptions({ testSize: 1 }, rules, { where: 'f' })).toThrow(
      'testSize must be a finite number > 0 and < 1; received 1.',
    );
    expect(() => checkOptions({ nSamples: 2.5 }, rules, { where: 'f' })).toThrow(
      'nSamples must be an integer >= 1; received 2.5.',
    );
    expect(() => checkOptions({ mode: 'maxx' }, rules, { where: 'f' })).toThrow(
      'mode must be one of "auto", "min", "max"; received "maxx".',
    );
  });

  it.each([null, 3, 'x', [1]])('refuses options that are not an object: %p', (options) => {
    expect(() => checkOptions(options, rules, { where: 'f' })).toThrow(
      /^f: options must be an options object/,
    );
  });
});

describe('rules', () => {
  it.each([
    [integer(), 1e20, false],
    [integer({ min: 0, max: 3 }), 3, true],
    [integer({ min: 0, max: 3 }), -1, false],
    [number(), Infinity, false],
    [number({ allowInfinity: true }), Infinity, true],
    [number(), NaN, false],
    [number({ min: 0 }), -0.1, false],
    [string(), '', false],
    [string({ allowEmpty: true }), '', true],
    [func(), () => 1, true],
    [arrayOf(integer(), { minLength: 1 }), [], false],
    [arrayOf(integer()), [1, 2.5], false],
    [anyOf(integer(), oneOf(['all'] as const)), 'all', true],
    [custom('an even number', (v) => typeof v === 'number' && v % 2 === 0), 3, false],
  ])('%#: test(%p) is %p', (rule, value, expected) => {
    expect(rule.test(value)).toBe(expected);
  });

  it('describes its bounds', () => {
    expect(integer({ min: 0, max: 10 }).accepted).toBe('an integer in [0, 10]');
    expect(number({ min: 0, minExclusive: true }).accepted).toBe('a finite number > 0');
    expect(anyOf(integer({ min: 1 }), oneOf([null])).accepted).toBe(
      'an integer >= 1 or one of null',
    );
  });
});

describe('checkValue', () => {
  it('returns a valid value and throws the given class for an invalid one', () => {
    expect(checkValue('epochs', 3, integer({ min: 1 }))).toBe(3);
    expect(() => checkValue('epochs', 0, integer({ min: 1 }), PackageError)).toThrow(PackageError);
  });
});

describe('argumentErrorsIn', () => {
  it("names the argument after the function, keeps the package's class and name", () => {
    const errors = argumentErrorsIn('earlyStopping', PackageError);
    const error = new errors('patience', -1, 'an integer >= 0');
    expect(error).toBeInstanceOf(PackageError);
    expect(error.name).toBe('PackageError');
    expect(error.message).toBe('earlyStopping: patience must be an integer >= 0; received -1.');
    expect((error as PackageError).argument).toBe('earlyStopping: patience');
    expect(new errors('earlyStopping: mode', 'x', 'a mode').message).toMatch(
      /^earlyStopping: mode must/,
    );
  });
});
