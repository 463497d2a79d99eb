import fixture from './__fixtures__/digits.json';
import { DatasetsParameterError } from './errors.js';
import { decodeBase64, loadDigits } from './load-digits.js';
import { trainTestSplit } from './train-test-split.js';
import { sha256F64 } from '../test/helpers.js';

describe('loadDigits', () => {
  it("returns scikit-learn's load_digits value for value", () => {
    const digits = loadDigits();
    expect(digits.nSamples).toBe(fixture.nSamples);
    expect(digits.nFeatures).toBe(fixture.nFeatures);
    expect(digits.data).toBeInstanceOf(Float64Array);
    expect(digits.data.length).toBe(1797 * 64);
    expect(sha256F64(digits.data)).toBe(fixture.byClass['10'].dataHash);
    expect(sha256F64(digits.images)).toBe(fixture.byClass['10'].imagesHash);
    expect(sha256F64(digits.target)).toBe(fixture.byClass['10'].targetHash);
    expect(Array.from(digits.target)).toEqual(fixture.target);
    for (const [row, values] of Object.entries(fixture.rows)) {
      const i = Number(row);
      expect(Array.from(digits.data.subarray(i * 64, (i + 1) * 64))).toEqual(values);
    }
    expect(Array.from(digits.images.subarray(5 * 64, 6 * 64))).toEqual(fixture.image5.flat());
    const sums = new Array<number>(64).fill(0);
    digits.data.forEach((v, i) => (sums[i % 64]! += v));
    expect(sums).toEqual(fixture.columnSums);
    expect(digits.featureNames).toEqual(fixture.featureNames);
    expect(digits.targetNames).toEqual(fixture.targetNames);
    expect(digits.imagesShape).toEqual([1797, 8, 8]);
  });

  it('keeps the samples below nClass in order, as scikit-learn', () => {
    for (const [nClass, expected] of Object.entries(fixture.byClass)) {
      const digits = loadDigits({ nClass: Number(nClass) });
      expect(digits.nSamples).toBe(expected.nSamples);
      expect(sha256F64(digits.data)).toBe(expected.dataHash);
      expect(sha256F64(digits.images)).toBe(expected.imagesHash);
      expect(sha256F64(digits.target)).toBe(expected.targetHash);
      expect(Array.from(digits.data.subarray(0, 64))).toEqual(expected.firstRow);
      expect(Array.from(digits.data.subarray(digits.data.length - 64))).toEqual(expected.lastRow);
      expect(digits.targetNames).toEqual(fixture.targetNames);
    }
  });

  it('returns [data, target] with returnXY', () => {
    const [X, y] = loadDigits({ nClass: 3, returnXY: true });
    expect(sha256F64(X)).toBe(fixture.byClass['3'].dataHash);
    expect(sha256F64(y)).toBe(fixture.byClass['3'].targetHash);
  });

  it('is a Dataset: X and y are data and target, and every call gets fresh arrays', () => {
    const a = loadDigits();
    expect(a.X).toBe(a.data);
    expect(a.y).toBe(a.target);
    expect(a.images).not.toBe(a.data);
    a.data[0] = 99;
    expect(loadDigits().data[0]).toBe(0);
    const { train, test } = trainTestSplit(a, { testSize: 0.2, stratify: true, randomState: 0 });
    expect(train.nSamples + test.nSamples).toBe(1797);
  });

  it('rejects bad options naming the option, the value and what is accepted', () => {
    expect(() => loadDigits({ nClass: 0 })).toThrow(DatasetsParameterError);
    expect(() => loadDigits({ nClass: 11 })).toThrow(
      'nClass must be an integer in [1, 10]; received 11.',
    );
    expect(() => loadDigits({ nClass: 2.5 })).toThrow('nClass');
    expect(() => loadDigits({ returnXY: 1 as unknown as boolean })).toThrow(
      'returnXY must be true or false; received 1.',
    );
    expect(() => loadDigits(null as never)).toThrow('options');
    expect(() => loadDigits({ nclass: 3 } as never)).toThrow(
      'loadDigits: option name must be one of "nClass", "returnXY"; received "nclass". Did you mean "nClass"?',
    );
  });

  it('decodes base64 as RFC 4648', () => {
    expect(Array.from(decodeBase64('TWFu'))).toEqual([77, 97, 110]);
    expect(Array.from(decodeBase64('TWE='))).toEqual([77, 97]);
    expect(Array.from(decodeBase64('TQ=='))).toEqual([77]);
    expect(() => decodeBase64('T$==')).toThrow('invalid base64 character at 1');
  });
});
