import fixture from './__fixtures__/train-test-split.json';
import { DatasetsParameterError } from './errors.js';
import { makeClassification } from './make-classification.js';
import type { Dataset } from './dataset.js';
import { trainTestSplit, trainTestSplitIndices } from './train-test-split.js';

// Exact-stream checks draw millions of values; the machine running CI may be busy.
jest.setTimeout(60_000);

type SplitCase = {
  name?: string;
  n: number;
  seed?: number;
  testSize?: number;
  trainSize?: number;
  shuffle?: boolean;
  stratify?: (number | string)[];
  stratifyFromY?: boolean;
  train: number[];
  test: number[];
};

function rowsDataset(n: number): Dataset {
  // X[i] = [i, -i], y[i] = i % 3: lets the test check that rows travel with their index
  const X = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    X[2 * i] = i;
    X[2 * i + 1] = -i;
    y[i] = i % 3;
  }
  return { X, y, nSamples: n, nFeatures: 2 };
}

describe('trainTestSplit', () => {
  it.each(
    (fixture.sweep as SplitCase[]).map((c, i) => [i, c.n, c.stratify ? 'stratified' : 'plain', c]),
  )('reproduces scikit-learn index order, sweep case %i (n=%i, %s)', (_i, _n, _kind, c) => {
    const { trainIndex, testIndex } = trainTestSplitIndices(c.n, {
      testSize: c.testSize,
      trainSize: c.trainSize,
      randomState: c.seed,
      stratify: c.stratify,
    });
    expect(Array.from(trainIndex)).toEqual(c.train);
    expect(Array.from(testIndex)).toEqual(c.test);
  });

  it.each((fixture.hand as SplitCase[]).map((c) => [c.name, c]))(
    'reproduces scikit-learn: %s',
    (_name, c) => {
      const data = c.stratifyFromY
        ? makeClassification({ nSamples: 1000, nFeatures: 20, nClasses: 2, randomState: 42 })
        : rowsDataset(c.n);
      const split = trainTestSplit(data, {
        testSize: c.testSize,
        randomState: c.seed,
        shuffle: c.shuffle,
        stratify: c.stratifyFromY ? true : c.stratify,
      });
      expect(Array.from(split.trainIndex)).toEqual(c.train);
      expect(Array.from(split.testIndex)).toEqual(c.test);
      expect(split.train.nSamples).toBe(c.train.length);
      expect(split.test.nFeatures).toBe(data.nFeatures);
      const row = c.test[0]!;
      expect(Array.from(split.test.X.subarray(0, data.nFeatures))).toEqual(
        Array.from(data.X.subarray(row * data.nFeatures, (row + 1) * data.nFeatures)),
      );
      expect(split.test.y[0]).toBe(data.y[row]);
    },
  );

  it('splits 2-D targets row by row', () => {
    const data: Dataset = {
      X: Float64Array.of(0, 1, 2, 3),
      y: Float64Array.of(0, 10, 1, 11, 2, 12, 3, 13),
      nSamples: 4,
      nFeatures: 1,
      nOutputs: 2,
    };
    const split = trainTestSplit(data, { testSize: 1, shuffle: false });
    expect(Array.from(split.test.y)).toEqual([3, 13]);
    expect(split.test.nOutputs).toBe(2);
  });

  it('rejects sizes, stratify arrays and datasets scikit-learn rejects, with the value', () => {
    const data = rowsDataset(10);
    const bad: [Parameters<typeof trainTestSplit>[1], RegExp][] = [
      [
        { testSize: 0 },
        /testSize must be a fraction in \(0, 1\) or an integer count in \[1, 9\] \(nSamples = 10\); received 0/,
      ],
      [{ testSize: 10 }, /testSize must be .*; received 10/],
      [{ testSize: 2.5 }, /testSize must be .*; received 2.5/],
      [{ testSize: -0.2 }, /testSize must be .*; received -0.2/],
      [{ testSize: NaN }, /testSize must be .*; received NaN/],
      [{ trainSize: 1.5 }, /trainSize must be .*; received 1.5/],
      [{ testSize: 0.6, trainSize: 0.5 }, /testSize \+ trainSize = 1.1/],
      [{ testSize: 6, trainSize: 5 }, /train \(5\) \+ test \(6\) = 11 samples/],
      [
        { stratify: [0, 1] },
        /stratify must be one label per sample \(10\); received \[0, 1\]\. stratify has 2 labels/,
      ],
      [
        { stratify: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1] },
        /stratify must be every class with at least 2 members; received 1\. The least populated class in y has only 1 member/,
      ],
      [
        { stratify: [0, 0, 1, 1, 2, 2, 3, 3, 4, 4], testSize: 3 },
        /testSize must be a test set of at least the number of classes \(5\); received 3/,
      ],
      [
        { stratify: [0, 0, 1, 1, 0, 0, 1, 1, 0, NaN] },
        /stratify must be finite numbers or strings/,
      ],
      [
        { stratify: [0, 0, 1, 1, 0, 0, 1, 1, 0, 1], shuffle: false },
        /not implemented for shuffle=false/,
      ],
      [{ randomState: 2 ** 40 }, /randomState must be .*; received 1099511627776/],
    ];
    for (const [options, message] of bad) {
      expect(() => trainTestSplit(data, options)).toThrow(DatasetsParameterError);
      expect(() => trainTestSplit(data, options)).toThrow(message);
    }
    expect(() => trainTestSplit({ ...data, nSamples: 11 })).toThrow(/dataset must be .*; received/);
    expect(() => trainTestSplitIndices(0)).toThrow(/nSamples must be .*; received 0/);
  });
});
