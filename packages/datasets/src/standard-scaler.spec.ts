import fixture from './__fixtures__/standard-scaler.json';
import { makeClassification } from './make-classification.js';
import { StandardScaler } from './standard-scaler.js';
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
      /fit\(\) before transform\(\)/,
    );
    expect(() => scaler.fit(Float64Array.of(1, 2, 3), 2)).toThrow(
      /nFeatures: received 2, expected a divisor of the array length \(3\)/,
    );
    expect(() => scaler.fit(Float64Array.of(1, NaN), 1)).toThrow(
      /data: value at index 1; received NaN/,
    );
    scaler.fit(Float64Array.of(1, 2, 3, 4), 2);
    expect(() => scaler.transform(Float64Array.of(1, 2, 3), 3)).toThrow(
      /nFeatures: received 3, expected 2 features/,
    );
    expect(() => new StandardScaler({ withMean: 1 as unknown as boolean })).toThrow(
      /withMean: received 1/,
    );
  });
});
