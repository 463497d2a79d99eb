import fixture from './__fixtures__/make-classification.json';
import { DatasetsParameterError } from './errors.js';
import { makeClassification } from './make-classification.js';
import type { MakeClassificationOptions } from './make-classification.js';
import { RandomState } from './random-state.js';
import { sha256F32, sha256F64, toleranceMismatches } from '../test/helpers.js';

// Exact-stream checks draw millions of values; the machine running CI may be busy.
jest.setTimeout(60_000);

type Case = (typeof fixture.cases)[number] & {
  X?: number[];
  instanceSeed?: number;
  normalsBefore?: number;
  afterUniform?: number;
};

const cases = fixture.cases as Case[];

describe('makeClassification', () => {
  // Every case is exact, the shapes that take OpenBLAS's tail kernels and 2-thread splits
  // included: X is compared by the SHA-256 of its float64 bytes (bitwise) and, when the fixture
  // holds it, element by element with Object.is.
  it.each(cases.filter((c) => c.instanceSeed === undefined).map((c) => [c.name, c]))(
    'reproduces scikit-learn 1.2.1 bit for bit: %s',
    (_name, c) => {
      const data = makeClassification(c.options as MakeClassificationOptions);
      expect([data.nSamples, data.nFeatures]).toEqual(c.shape);
      expect(Array.from(data.y)).toEqual(c.y);
      expect(Array.from(data.X.subarray(0, 8))).toEqual(c.xHead);
      if (c.X)
        expect(Array.from(data.X).flatMap((v, i) => (Object.is(v, c.X![i]) ? [] : [i]))).toEqual(
          [],
        );
      expect(sha256F64(data.X)).toBe(c.xHash);
      expect(sha256F32(data.X)).toBe(c.xFloat32Hash);
    },
  );

  it('continues a RandomState instance, Gaussian cache included, as scikit-learn does', () => {
    const c = cases.find((item) => item.instanceSeed !== undefined)!;
    const rng = new RandomState(c.instanceSeed!);
    rng.standardNormal(c.normalsBefore!);
    const data = makeClassification({
      ...(c.options as MakeClassificationOptions),
      randomState: rng,
    });
    expect(Array.from(data.y)).toEqual(c.y);
    expect(Array.from(data.X)).toEqual(c.X);
    expect(rng.randomSample()).toBe(c.afterUniform);
  });

  it('stays within 1e-12 of scikit-learn with the naive dot mode', () => {
    const c = cases[0]!;
    const data = makeClassification({
      ...(c.options as MakeClassificationOptions),
      dotMode: 'naive',
    });
    expect(Array.from(data.y)).toEqual(c.y);
    const exact = makeClassification(c.options as MakeClassificationOptions);
    expect(toleranceMismatches(data.X, exact.X)).toEqual([]);
  });

  it("rejects every input scikit-learn rejects, naming the parameter, value and what's accepted", () => {
    const bad: [MakeClassificationOptions, RegExp][] = [
      [
        { nFeatures: 3 },
        /nFeatures must be at least nInformative \+ nRedundant \+ nRepeated \(2 \+ 2 \+ 0 = 4\); received 3/,
      ],
      [
        { nClasses: 3, nInformative: 2, nRedundant: 0 },
        /nInformative must be .*; received 2\. nClasses \(3\) \* nClustersPerClass \(2\) must be at most 2 \*\* nInformative \(2\) = 4/,
      ],
      [
        { weights: [0.1, 0.2, 0.7] },
        /weights must be an array of nClasses \(2\) or nClasses − 1 \(1\) proportions; .* The weights do not match the number of classes/,
      ],
      [{ nClasses: 3, nInformative: 3, weights: [0.7, 0.6] }, /implied last weight .* is negative/],
      [{ weights: [-0.5, 1.5] }, /weights must be .*; received \[-0.5, 1.5\]/],
      [{ nSamples: 10.5 }, /nSamples must be an integer >= 1; received 10.5/],
      [{ nSamples: NaN }, /nSamples must be .*; received NaN/],
      [{ nSamples: -5 }, /nSamples must be .*; received -5/],
      [{ nRedundant: -1 }, /nRedundant must be an integer >= 0; received -1/],
      [{ flipY: 1.5 }, /flipY must be a finite number in \[0, 1\]; received 1.5/],
      [{ classSep: NaN }, /classSep must be .*; received NaN/],
      [
        { shift: [1, 2] },
        /shift must be a number, null, or an array of nFeatures \(20\) numbers; received \[1, 2\]/,
      ],
      [{ scale: NaN }, /scale must be .*; received NaN/],
      [{ randomState: -3 }, /randomState must be .*; received -3/],
      [{ randomState: 'x' as unknown as number }, /randomState must be .*; received "x"/],
      [{ dotMode: 'fast' as 'naive' }, /dotMode must be .*; received "fast"/],
    ];
    for (const [options, message] of bad) {
      expect(() => makeClassification(options)).toThrow(DatasetsParameterError);
      expect(() => makeClassification(options)).toThrow(message);
    }
  });
});
