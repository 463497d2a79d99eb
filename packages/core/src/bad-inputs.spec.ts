import fs from 'node:fs';
import { expectArgumentError, thrownBy } from '../../../tools/testing/bad-inputs.cjs';
import os from 'node:os';
import path from 'node:path';
import {
  anyOf,
  argumentErrorMessage,
  argumentErrorsIn,
  arrayOf,
  BnkitArgumentError,
  checkOptions,
  checkValue,
  closestMatch,
  custom,
  instanceOf,
  integer,
  loadOptionalPeer,
  number,
  oneOf,
  sha256Hex,
  sharedRegistry,
  string,
  traceModelGraph,
  weightBySuffix,
} from './index.js';
import {
  containedPath,
  readModelJson,
  readWeightFiles,
  sweepTemporaryFiles,
  temporaryNameFor,
  writeFileAtomic,
  writeFolderAtomic,
} from './node.js';

/**
 * The bad-input corpus of @bnkit/core (issue 12): each public function given a mistake a
 * package author makes (a rule that is not a rule, bounds the wrong way round, a registry name
 * that is not a string, a path that escapes), each refused with a BnkitArgumentError whose
 * message has the house shape `<where>: <argument> must be <accepted>; received <value>.`.
 */

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-core-bad-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface BadCall {
  what: string;
  call: () => unknown;
  /** The argument the message must name (`<argument> must be`). */
  argument: string;
  says?: RegExp;
}

const never = (value: unknown): never => value as never;

const BAD_CALLS: BadCall[] = [
  // rules
  {
    what: 'integer bounds typo',
    call: () => integer(never({ minimum: 1 })),
    argument: 'integer: bounds key',
    says: /received "minimum"/,
  },
  {
    what: 'integer min a string',
    call: () => integer(never({ min: '1' })),
    argument: 'integer: bounds.min',
  },
  {
    what: 'integer bounds reversed',
    call: () => integer({ min: 5, max: 1 }),
    argument: 'integer: bounds.max',
    says: /a number >= bounds\.min \(5\); received 1\./,
  },
  {
    what: 'integer min NaN',
    call: () => integer({ min: Number.NaN }),
    argument: 'integer: bounds.min',
  },
  { what: 'number bounds null', call: () => number(never(null)), argument: 'number: bounds' },
  {
    what: 'number allowInfinity "yes"',
    call: () => number(never({ allowInfinity: 'yes' })),
    argument: 'number: bounds.allowInfinity',
  },
  {
    what: 'number maxExclusive 1',
    call: () => number(never({ max: 1, maxExclusive: 1 })),
    argument: 'number: bounds.maxExclusive',
  },
  {
    what: 'string allowEmpty "no"',
    call: () => string(never({ allowEmpty: 'no' })),
    argument: 'string: options.allowEmpty',
  },
  {
    what: 'string options typo',
    call: () => string(never({ empty: true })),
    argument: 'string: options key',
  },
  { what: 'oneOf nothing', call: () => oneOf([]), argument: 'oneOf: values' },
  { what: 'oneOf a string', call: () => oneOf(never('abc')), argument: 'oneOf: values' },
  { what: 'arrayOf a non-rule', call: () => arrayOf(never(42)), argument: 'arrayOf: item' },
  {
    what: 'arrayOf minLength -1',
    call: () => arrayOf(integer(), { minLength: -1 }),
    argument: 'arrayOf: options.minLength',
  },
  { what: 'anyOf nothing', call: () => anyOf(), argument: 'anyOf: alternatives' },
  {
    what: 'anyOf a non-rule',
    call: () => anyOf(integer(), never('string')),
    argument: 'anyOf: alternatives[1]',
  },
  {
    what: 'instanceOf a string',
    call: () => instanceOf(never('Float32Array'), 'a Float32Array'),
    argument: 'instanceOf: constructor',
  },
  {
    what: 'instanceOf no description',
    call: () => instanceOf(Float32Array, ''),
    argument: 'instanceOf: accepted',
  },
  {
    what: 'custom without description',
    call: () => custom('', () => true),
    argument: 'custom: accepted',
  },
  {
    what: 'custom test not a function',
    call: () => custom('anything', never(true)),
    argument: 'custom: test',
  },
  // checkValue
  {
    what: 'checkValue without argument name',
    call: () => checkValue('', 3, integer()),
    argument: 'checkValue: argument',
  },
  {
    what: 'checkValue with a non-rule',
    call: () => checkValue('epochs', 3, never({ min: 1 })),
    argument: 'checkValue: rule',
  },
  {
    what: 'checkValue errorClass a string',
    call: () => checkValue('epochs', 3, integer(), never('RangeError')),
    argument: 'checkValue: errorClass',
  },
  {
    what: 'checkValue refusing a value',
    call: () => checkValue('epochs', 0, integer({ min: 1 })),
    argument: 'epochs',
    says: /an integer >= 1; received 0\./,
  },
  // checkOptions
  {
    what: 'checkOptions without where',
    call: () => checkOptions({}, {}, never({})),
    argument: 'checkOptions: context.where',
  },
  {
    what: 'checkOptions context typo',
    call: () => checkOptions({}, {}, never({ where: 'f', errorclass: Error })),
    argument: 'checkOptions: context key',
  },
  {
    what: 'checkOptions rules an array',
    call: () => checkOptions({}, never([integer()]), { where: 'f' }),
    argument: 'checkOptions: rules',
  },
  {
    what: 'checkOptions rule not a rule',
    call: () => checkOptions({}, never({ epochs: 'integer' }), { where: 'f' }),
    argument: 'checkOptions: rules.epochs',
  },
  {
    what: 'checkOptions passThrough a string',
    call: () => checkOptions({}, {}, never({ where: 'f', passThrough: 'verbose' })),
    argument: 'checkOptions: context.passThrough',
  },
  {
    what: 'checkOptions options an array',
    call: () => checkOptions([1], { epochs: integer() }, { where: 'fit' }),
    argument: 'fit: options',
  },
  {
    what: 'checkOptions typo',
    call: () => checkOptions({ epoch: 3 }, { epochs: integer() }, { where: 'fit' }),
    argument: 'fit: option name',
    says: /Did you mean "epochs"\?/,
  },
  // closestMatch, sharedRegistry, sha256Hex
  {
    what: 'closestMatch name 3',
    call: () => closestMatch(never(3), ['a']),
    argument: 'closestMatch: name',
  },
  {
    what: 'closestMatch candidates a string',
    call: () => closestMatch('a', never('abc')),
    argument: 'closestMatch: candidates',
  },
  {
    what: 'closestMatch a number among candidates',
    call: () => closestMatch('a', never(['b', 2])),
    argument: 'closestMatch: candidates item',
  },
  {
    what: 'sharedRegistry name a number',
    call: () => sharedRegistry(never(7), 1),
    argument: 'sharedRegistry: name',
  },
  {
    what: 'sharedRegistry empty name',
    call: () => sharedRegistry('', 1),
    argument: 'sharedRegistry: name',
  },
  {
    what: 'sharedRegistry format 0',
    call: () => sharedRegistry('bad-inputs.test', 0),
    argument: 'sharedRegistry: format',
  },
  {
    what: 'sharedRegistry format 1.5',
    call: () => sharedRegistry('bad-inputs.test', 1.5),
    argument: 'sharedRegistry: format',
  },
  {
    what: 'sharedRegistry format "1"',
    call: () => sharedRegistry('bad-inputs.test', never('1')),
    argument: 'sharedRegistry: format',
  },
  {
    what: 'sha256Hex of a string',
    call: () => sha256Hex(never('abc')),
    argument: 'sha256Hex: bytes',
    says: /new TextEncoder\(\)\.encode/,
  },
  {
    what: 'sha256Hex of a Float32Array',
    call: () => sha256Hex(never(new Float32Array(2))),
    argument: 'sha256Hex: bytes',
  },
  {
    what: 'sha256Hex of an array',
    call: () => sha256Hex(never([1, 2])),
    argument: 'sha256Hex: bytes',
  },
  // loadOptionalPeer
  {
    what: 'loadOptionalPeer load a string',
    call: () => loadOptionalPeer(never('onnxruntime-web'), { packageName: 'x', neededFor: 'y' }),
    argument: 'loadOptionalPeer: load',
  },
  {
    what: 'loadOptionalPeer without peer',
    call: () => loadOptionalPeer(() => Promise.resolve(1), never(undefined)),
    argument: 'loadOptionalPeer: peer',
  },
  {
    what: 'loadOptionalPeer without packageName',
    call: () => loadOptionalPeer(() => Promise.resolve(1), never({ neededFor: 'y' })),
    argument: 'loadOptionalPeer: peer.packageName',
  },
  {
    what: 'loadOptionalPeer peer typo',
    call: () =>
      loadOptionalPeer(
        () => Promise.resolve(1),
        never({ packageName: 'x', neededFor: 'y', instal: 'z' }),
      ),
    argument: 'loadOptionalPeer: peer key',
  },
  // graph
  {
    what: 'traceModelGraph of {}',
    call: () => traceModelGraph(never({})),
    argument: 'traceModelGraph: model',
  },
  {
    what: 'weightBySuffix of null',
    call: () => weightBySuffix(never(null), 'gamma'),
    argument: 'weightBySuffix: weights',
  },
  {
    what: 'weightBySuffix empty suffix',
    call: () => weightBySuffix([], ''),
    argument: 'weightBySuffix: suffix',
  },
  // node
  {
    what: 'containedPath escaping',
    call: () => containedPath(dir, '../SECRET.bin', 'weightsManifest[0].paths[0]'),
    argument: 'weightsManifest[0].paths[0]',
    says: /a relative path that stays inside/,
  },
  {
    what: 'containedPath absolute',
    call: () => containedPath(dir, '/etc/passwd', 'externalDataName'),
    argument: 'externalDataName',
  },
  {
    what: 'containedPath base a number',
    call: () => containedPath(never(5), 'a.bin', 'x'),
    argument: 'containedPath: baseDir',
  },
  {
    what: 'containedPath no argument name',
    call: () => containedPath(dir, 'a.bin', ''),
    argument: 'containedPath: argument',
  },
  {
    what: 'writeFileAtomic file empty',
    call: () => writeFileAtomic('', 'x'),
    argument: 'writeFileAtomic: file',
  },
  {
    what: 'writeFileAtomic data a number',
    call: () => writeFileAtomic(path.join(dir, 'a.txt'), never(42)),
    argument: 'writeFileAtomic: data',
  },
  {
    what: 'writeFolderAtomic build missing',
    call: () => writeFolderAtomic(path.join(dir, 'f'), never(undefined)),
    argument: 'writeFolderAtomic: build',
  },
  {
    what: 'temporaryNameFor a number',
    call: () => temporaryNameFor(never(3)),
    argument: 'temporaryNameFor: file',
  },
  {
    what: 'argumentErrorsIn without a function name',
    call: () => argumentErrorsIn(never('')),
    argument: 'argumentErrorsIn: where',
  },
  {
    what: 'argumentErrorsIn with a base that is not a class',
    call: () => argumentErrorsIn('f', never(42)),
    argument: 'argumentErrorsIn: base',
  },
  {
    what: 'argumentErrorMessage with a numeric argument name',
    call: () => argumentErrorMessage(never(1), 2, 'a string'),
    argument: 'argumentErrorMessage: argument',
  },
  {
    what: 'readModelJson of a number',
    call: () => readModelJson(42),
    argument: 'model.json path',
  },
  {
    what: 'readWeightFiles of a number',
    call: () => readWeightFiles(never(42), []),
    argument: 'readWeightFiles: file',
  },
  {
    what: 'sweepTemporaryFiles of nothing',
    call: () => sweepTemporaryFiles(never(undefined)),
    argument: 'sweepTemporaryFiles: dir',
  },
];

describe('@bnkit/core bad inputs', () => {
  it('holds at least 30 bad calls', () => {
    expect(BAD_CALLS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(BAD_CALLS.map((c) => [c.what, c] as const))(
    '%s: a BnkitArgumentError naming the argument',
    async (_what, { call, argument, says }) => {
      expectArgumentError(await thrownBy(call), { classes: [BnkitArgumentError], argument, says });
    },
  );

  it('writes nothing for a refused call', () => {
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
