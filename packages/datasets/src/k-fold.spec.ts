import fixture from './__fixtures__/k-fold.json';
import { kFold, stratifiedKFold } from './k-fold.js';
import type { Fold } from './k-fold.js';

// Exact-stream checks draw millions of values; the machine running CI may be busy.
jest.setTimeout(60_000);

type Case = {
  kind: string;
  n?: number;
  y?: number[];
  nSplits: number;
  shuffle: boolean;
  seed: number | null;
  folds: { train: number[]; test: number[] }[];
};

const plain = (folds: Fold[]) =>
  folds.map((f) => ({ train: Array.from(f.trainIndex), test: Array.from(f.testIndex) }));

describe('kFold and stratifiedKFold', () => {
  it.each((fixture.cases as Case[]).map((c, i) => [i, c.kind, c]))(
    'case %i: %s reproduces scikit-learn 1.2.1 folds',
    (_i, kind, c) => {
      const options = { nSplits: c.nSplits, shuffle: c.shuffle, randomState: c.seed };
      const folds = kind === 'kFold' ? kFold(c.n!, options) : stratifiedKFold(c.y!, options);
      expect(plain(folds)).toEqual(c.folds);
    },
  );

  it('rejects bad fold counts, labels and a seed without shuffle', () => {
    expect(() => kFold(10, { nSplits: 1 })).toThrow(/nSplits must be an integer >= 2; received 1/);
    expect(() => kFold(3, { nSplits: 5 })).toThrow(
      /nSplits must be at most the number of samples \(3\); received 5/,
    );
    expect(() => kFold(10, { randomState: 1 })).toThrow(
      /randomState must be .*Setting a random state has no effect since shuffle is false/,
    );
    expect(() => kFold(10.5)).toThrow(/nSamples must be .*; received 10.5/);
    expect(() => stratifiedKFold([0, 0, 1, 1], { nSplits: 3 })).toThrow(
      /cannot be greater than the number of members in each class/,
    );
    expect(() => stratifiedKFold([0, NaN, 1], { nSplits: 2 })).toThrow(
      /y must be finite numbers or strings/,
    );
    expect(() => stratifiedKFold([], { nSplits: 2 })).toThrow(/y must be .*; received \[\]/);
  });
});
