import fixture from './__fixtures__/standard-scaler.json';
import { makeClassification } from './make-classification.js';
import { RandomState } from './random-state.js';
import { StandardScaler } from './standard-scaler.js';
import type { StandardScalerOptions } from './standard-scaler.js';
import { trainTestSplit } from './train-test-split.js';
import { sha256F64 } from '../test/helpers.js';

// Exact-stream checks draw millions of values; the machine running CI may be busy.
jest.setTimeout(60_000);

describe('StandardScaler', () => {
  it('reproduces scikit-learn on the reference pipeline split bit for bit', () => {
    const data = makeClassification({
      nSamples: 1000,
      nFeatures: 20,
      nClasses: 2,
      randomState: 42,
    });
    const { train, test } = trainTestSplit(data, { testSize: 0.2, randomState: 42 });
    const scaler = new StandardScaler().fit(train);
    expect(Array.from(scaler.mean!)).toEqual(fixture.pipeline.mean);
    expect(Array.from(scaler.variance!)).toEqual(fixture.pipeline.var);
    expect(Array.from(scaler.scale!)).toEqual(fixture.pipeline.scale);
    expect(sha256F64(scaler.transform(train).X)).toBe(fixture.pipeline.trainHash);
    const testScaled = scaler.transform(test);
    expect(sha256F64(testScaled.X)).toBe(fixture.pipeline.testHash);
    expect(testScaled.y).toBe(test.y);
    expect(sha256F64(scaler.inverseTransform(testScaled).X)).toBe(fixture.pipeline.inverseHash);
  });

  it('scales a constant feature by 1 and honours withMean/withStd like scikit-learn', () => {
    const X = Float64Array.from(fixture.small.X);
    const scaler = new StandardScaler().fit(X, 3);
    expect(Array.from(scaler.mean!)).toEqual(fixture.small.mean);
    expect(Array.from(scaler.variance!)).toEqual(fixture.small.var);
    expect(Array.from(scaler.scale!)).toEqual(fixture.small.scale);
    expect(Array.from(scaler.transform(X, 3))).toEqual(fixture.small.transform);
    expect(Array.from(new StandardScaler({ withMean: false }).fit(X, 3).transform(X, 3))).toEqual(
      fixture.small.noMean,
    );
    expect(Array.from(new StandardScaler({ withStd: false }).fit(X, 3).transform(X, 3))).toEqual(
      fixture.small.noStd,
    );
  });

  it('rejects unfitted use, wrong widths and non-finite values', () => {
    const scaler = new StandardScaler();
    expect(() => scaler.transform(Float64Array.of(1, 2), 2)).toThrow(
      /this must be a fitted StandardScaler \(call fit\(\) or partialFit\(\) before transform\(\)\)/,
    );
    expect(() => scaler.fit(Float64Array.of(1, 2, 3), 2)).toThrow(
      /nFeatures must be a divisor of the array length \(3\); received 2/,
    );
    expect(() => scaler.fit(Float64Array.of(1, NaN), 1)).toThrow(
      /data must be finite values only; received NaN\. The value is at index 1/,
    );
    scaler.fit(Float64Array.of(1, 2, 3, 4), 2);
    expect(() => scaler.transform(Float64Array.of(1, 2, 3), 3)).toThrow(
      /nFeatures must be 2 features, as fitted; received 3/,
    );
    expect(() => new StandardScaler({ withMean: 1 as unknown as boolean })).toThrow(
      /withMean must be .*; received 1/,
    );
  });

  describe('partialFit', () => {
    type Step = {
      size: number;
      nSamplesSeen: number;
      mean: number[] | null;
      var: number[] | null;
      scale: number[] | null;
    };
    type PartialFitCase = {
      input: string;
      options: StandardScalerOptions;
      steps: Step[];
      transformHash: string;
      fit: { mean: number[] | null; var: number[] | null; transformHash: string };
    };
    const { inputs, cases, longColumn } = fixture.partialFit;
    const inputOf = (c: PartialFitCase) =>
      inputs[c.input as keyof typeof inputs] as { nFeatures: number; X: number[] };

    it.each((cases as PartialFitCase[]).map((c) => [c.input, JSON.stringify(c.options), c]))(
      'matches scikit-learn after every batch (%s, %s), bit for bit',
      (_input, _options, c) => {
        const { nFeatures: d, X: values } = inputOf(c);
        const X = Float64Array.from(values);
        const scaler = new StandardScaler(c.options);
        let start = 0;
        for (const step of c.steps) {
          scaler.partialFit(X.subarray(start * d, (start + step.size) * d), d);
          start += step.size;
          expect(scaler.nSamplesSeen).toBe(step.nSamplesSeen);
          // scikit-learn leaves var_/scale_ (withStd false) and mean_ (both false) as None.
          if (step.mean) expect(Array.from(scaler.mean!)).toEqual(step.mean);
          if (step.var) expect(Array.from(scaler.variance!)).toEqual(step.var);
          if (step.scale) expect(Array.from(scaler.scale!)).toEqual(step.scale);
        }
        expect(sha256F64(scaler.transform(X, d))).toBe(c.transformHash);
        // fit forgets the batches: it is a reset followed by one partialFit over all rows.
        scaler.fit(X, d);
        expect(scaler.nSamplesSeen).toBe(X.length / d);
        if (c.fit.mean) expect(Array.from(scaler.mean!)).toEqual(c.fit.mean);
        if (c.fit.var) expect(Array.from(scaler.variance!)).toEqual(c.fit.var);
        expect(sha256F64(scaler.transform(X, d))).toBe(c.fit.transformHash);
      },
    );

    it('scales a constant feature by 1 from the first batch of one sample on', () => {
      const scaler = new StandardScaler().partialFit(Float64Array.of(5.3, 2), 2);
      expect(Array.from(scaler.scale!)).toEqual([1, 1]);
      scaler.partialFit(Float64Array.of(5.3, 4, 5.3, 9), 2);
      expect(scaler.scale![0]).toBe(1);
      expect(scaler.scale![1]).not.toBe(1);
      const wide = cases[0] as PartialFitCase;
      expect(wide.steps.every((step) => step.scale![1] === 1)).toBe(true);
    });

    it('sums a single column pairwise, as numpy does, also in fit (20000 rows)', () => {
      const { seed, n, factor } = longColumn;
      const X = new RandomState(seed).uniform(0, 1, n).map((v) => v * factor);
      const scaler = new StandardScaler().fit(X, 1);
      expect(Array.from(scaler.mean!)).toEqual(longColumn.mean);
      expect(Array.from(scaler.variance!)).toEqual(longColumn.var);
    });

    it('gives fit the same state as a fresh partialFit on the same rows', () => {
      const X = Float64Array.from(fixture.small.X);
      const fitted = new StandardScaler().partialFit(X.subarray(0, 3), 3).fit(X, 3);
      const partial = new StandardScaler().partialFit(X, 3);
      expect(fitted).toEqual(partial);
    });

    it('rejects a batch whose feature count differs from the first, and empty batches', () => {
      const scaler = new StandardScaler().partialFit(Float64Array.of(1, 2, 3, 4), 2);
      expect(() => scaler.partialFit(Float64Array.of(1, 2, 3), 3)).toThrow(
        'nFeatures must be 2 features, as in the batches partialFit() has seen; received 3. A batch has a different number of features.',
      );
      expect(() => scaler.partialFit(new Float64Array(0), 2)).toThrow(
        /data must be at least one sample; received \[\]/,
      );
      expect(scaler.nSamplesSeen).toBe(2);
      expect(() => scaler.fit(Float64Array.of(1, 2, 3), 3)).not.toThrow();
    });
  });
});
