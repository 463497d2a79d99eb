import fixture from './__fixtures__/generators.json';
import type { Dataset } from './dataset.js';
import { DatasetsParameterError } from './errors.js';
import { makeBlobs } from './make-blobs.js';
import { makeFriedman1, makeFriedman2, makeFriedman3 } from './make-friedman.js';
import { makeGaussianQuantiles } from './make-gaussian-quantiles.js';
import { makeSCurve, makeSwissRoll } from './make-manifolds.js';
import { makeCircles, makeMoons } from './make-moons.js';
import { makeMultilabelClassification } from './make-multilabel-classification.js';
import { makeLowRankMatrix } from './make-low-rank-matrix.js';
import { makeRegression } from './make-regression.js';
import { RandomState } from './random-state.js';
import { sha256F32, sha256F64, toleranceMismatches } from '../test/helpers.js';

// Exact-stream checks draw millions of values; the machine running CI may be busy.
jest.setTimeout(60_000);

type Case = {
  fn: string;
  tier: string;
  options: Record<string, unknown>;
  shape: number[];
  X?: number[];
  y?: number[];
  xHash: string;
  yHash: string;
  xFloat32Hash: string;
  yFloat32Hash: string;
  extra?: number[];
  extra2?: number[];
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const generators: Record<string, (options: any) => Dataset> = {
  makeMoons,
  makeCircles,
  makeBlobs,
  makeRegression,
  makeGaussianQuantiles,
  makeFriedman1,
  makeFriedman2,
  makeFriedman3,
  makeSCurve,
  makeSwissRoll,
  // Dense X and indicator y; the other output choices: make-multilabel-classification.spec.ts.
  makeMultilabelClassification: (options: object) => makeMultilabelClassification(options),
};

const extraField: Record<string, [string, string?]> = {
  makeBlobs: ['centers'],
  makeRegression: ['coef'],
  makeMultilabelClassification: ['pC', 'pWC'],
};

const cases = fixture.cases as Case[];
const labelled = new Set(['makeMoons', 'makeCircles']);

describe('generators against scikit-learn 1.2.1', () => {
  it.each(cases.filter((c) => c.tier === 'B').map((c) => [c.fn, JSON.stringify(c.options), c]))(
    '%s(%s) is bit-identical',
    (_fn, _options, c) => {
      const data = generators[c.fn]!(c.options);
      expect([data.nSamples, data.nFeatures]).toEqual(c.shape);
      if (c.y) expect(Array.from(data.y)).toEqual(c.y);
      if (c.X) expect(Array.from(data.X)).toEqual(c.X);
      expect(sha256F64(data.X)).toBe(c.xHash);
      expect(sha256F64(data.y)).toBe(c.yHash);
      const [first, second] = extraField[c.fn] ?? [];
      const extras = data as unknown as Record<string, Float64Array>;
      if (first) expect(Array.from(extras[first]!)).toEqual(c.extra);
      if (second) expect(Array.from(extras[second]!)).toEqual(c.extra2);
    },
  );

  it.each(cases.filter((c) => c.tier === 'C').map((c) => [c.fn, JSON.stringify(c.options), c]))(
    '%s(%s) matches within 1e-12 (trigonometry), labels exactly, float32 identically',
    (_fn, _options, c) => {
      const data = generators[c.fn]!(c.options);
      expect([data.nSamples, data.nFeatures]).toEqual(c.shape);
      if (labelled.has(c.fn)) expect(Array.from(data.y)).toEqual(c.y);
      expect(toleranceMismatches(data.X, c.X!)).toEqual([]);
      expect(toleranceMismatches(data.y, c.y!)).toEqual([]);
      expect(sha256F32(data.X)).toBe(c.xFloat32Hash);
      expect(sha256F32(data.y)).toBe(c.yFloat32Hash);
    },
  );

  it.each(cases.filter((c) => c.tier === 'L').map((c) => [c.fn, JSON.stringify(c.options), c]))(
    '%s(%s) matches within 1e-12 (LAPACK Householder QR, reproduced to rounding)',
    (_fn, _options, c) => {
      if (c.fn === 'makeLowRankMatrix') {
        const X = makeLowRankMatrix(c.options);
        expect(X.length).toBe(c.shape[0]! * c.shape[1]!);
        expect(toleranceMismatches(X, c.X!)).toEqual([]);
        return;
      }
      const data = makeRegression(c.options);
      expect([data.nSamples, data.nFeatures]).toEqual(c.shape);
      expect(toleranceMismatches(data.X, c.X!)).toEqual([]);
      expect(toleranceMismatches(data.y, c.y!)).toEqual([]);
      // the coefficients do not go through the QR: exact
      expect(Array.from(data.coef)).toEqual(c.extra);
    },
  );

  it('makes low-rank matrices with orthonormal factors: singular values follow the profile', () => {
    // U diag(s) Vᵀ with orthonormal U, V: XᵀX's trace is Σ s², a closed form of the profile
    const X = makeLowRankMatrix({ nSamples: 30, nFeatures: 20, effectiveRank: 4, randomState: 5 });
    let trace = 0;
    for (const v of X) trace += v * v;
    let expected = 0;
    for (let i = 0; i < 20; i++) {
      expected += (0.5 * Math.exp(-((i / 4) ** 2)) + 0.5 * Math.exp((-0.1 * i) / 4)) ** 2;
    }
    expect(trace).toBeCloseTo(expected, 12);
  });

  it('continues a RandomState instance across generators as scikit-learn does', () => {
    const rng = new RandomState(0);
    const first = makeMoons({ randomState: rng });
    const second = makeMoons({ randomState: rng });
    expect(Array.from(second.y)).not.toEqual(Array.from(first.y));
    const again = new RandomState(0);
    makeMoons({ randomState: again });
    expect(Array.from(makeMoons({ randomState: again }).y)).toEqual(Array.from(second.y));
  });
});

describe('generator validation', () => {
  it('rejects bad parameters with the parameter, the value and what is accepted', () => {
    const bad: [() => unknown, RegExp][] = [
      [() => makeMoons({ nSamples: 0 }), /nSamples must be an integer >= 1 or .*; received 0/],
      [
        () => makeMoons({ nSamples: [1, 2, 3] as unknown as [number, number] }),
        /two-element array/,
      ],
      [() => makeMoons({ noise: -0.1 }), /noise must be .*; received -0.1/],
      [() => makeCircles({ factor: 1 }), /factor must be a finite number >= 0 and < 1; received 1/],
      [() => makeBlobs({ nSamples: [10, 20], centers: [[0, 0]] }), /one count per center \(1\)/],
      [
        () => makeBlobs({ clusterStd: [1, 2] }),
        /clusterStd must be .* one standard deviation per center \(3\)/,
      ],
      [() => makeBlobs({ clusterStd: -1 }), /clusterStd must be .*; received -1/],
      [() => makeBlobs({ centers: [[0, 0], [1]] }), /rows of equal, non-zero length/],
      [() => makeBlobs({ centerBox: [0, NaN] }), /centerBox must be .*; received \[0, NaN\]/],
      [() => makeRegression({ nSamples: 2.5 }), /nSamples must be .*; received 2.5/],
      [() => makeRegression({ effectiveRank: 2.5 }), /effectiveRank must be .*; received 2.5/],
      [
        () => makeRegression({ effectiveRank: 3, tailStrength: 1.5 }),
        /tailStrength must be .*; received 1.5/,
      ],
      [() => makeLowRankMatrix({ effectiveRank: 0 }), /effectiveRank must be .*; received 0/],
      [() => makeLowRankMatrix({ nFeatures: NaN }), /nFeatures must be .*; received NaN/],
      [() => makeRegression({ noise: NaN }), /noise must be .*; received NaN/],
      [
        () => makeGaussianQuantiles({ nSamples: 2, nClasses: 3 }),
        /nSamples must be at least nClasses \(3\); received 2/,
      ],
      [
        () => makeGaussianQuantiles({ mean: [1] }),
        /mean must be null or 2 numbers .*; received \[1\]/,
      ],
      [() => makeGaussianQuantiles({ cov: -1 }), /cov must be .*; received -1/],
      [() => makeFriedman1({ nFeatures: 4 }), /nFeatures must be an integer >= 5; received 4/],
      [() => makeFriedman2({ noise: -1 }), /noise must be .*; received -1/],
      [() => makeSCurve({ nSamples: -1 }), /nSamples must be .*; received -1/],
      [
        () => makeSwissRoll({ hole: 1 as unknown as boolean }),
        /hole must be true or false; received 1/,
      ],
      [() => makeMultilabelClassification({ nClasses: 0 }), /nClasses must be .*; received 0/],
      [() => makeMultilabelClassification({ length: 0 }), /length must be .*; received 0/],
    ];
    for (const [call, message] of bad) {
      expect(call).toThrow(DatasetsParameterError);
      expect(call).toThrow(message);
    }
  });
});

describe('options objects', () => {
  it('rejects a non-object options argument everywhere with a clear error', () => {
    const calls: (() => unknown)[] = [
      () => makeMoons(null as never),
      () => makeCircles(5 as never),
      () => makeBlobs('x' as never),
      () => makeRegression([] as never),
      () => makeGaussianQuantiles(null as never),
      () => makeFriedman1(null as never),
      () => makeSCurve(null as never),
      () => makeSwissRoll(null as never),
      () => makeMultilabelClassification(null as never),
    ];
    for (const call of calls) {
      expect(call).toThrow(DatasetsParameterError);
      expect(call).toThrow(/options must be an options object; received .*/);
    }
  });
});
