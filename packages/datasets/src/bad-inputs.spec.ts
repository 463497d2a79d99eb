import { BnkitArgumentError } from '@bnkit/core';
import { expectArgumentError, thrownBy } from '../../../tools/testing/bad-inputs.cjs';
import { checkRandomState } from './check-random-state.js';
import { csrToDense } from './csr-matrix.js';
import type { CsrMatrix } from './csr-matrix.js';
import type { Dataset } from './dataset.js';
import { DatasetsParameterError } from './errors.js';
import { kFold, stratifiedKFold } from './k-fold.js';
import { makeBlobs } from './make-blobs.js';
import { makeClassification } from './make-classification.js';
import { makeFriedman1, makeFriedman2, makeFriedman3 } from './make-friedman.js';
import { makeGaussianQuantiles } from './make-gaussian-quantiles.js';
import { makeLowRankMatrix } from './make-low-rank-matrix.js';
import { makeSCurve, makeSwissRoll } from './make-manifolds.js';
import { makeCircles, makeMoons } from './make-moons.js';
import { makeMultilabelClassification } from './make-multilabel-classification.js';
import { makeRegression } from './make-regression.js';
import { RandomState } from './random-state.js';
import { StandardScaler } from './standard-scaler.js';
import { toTensors } from './to-tensors.js';
import { toTfDataset } from './to-tf-dataset.js';
import { trainTestSplit, trainTestSplitIndices } from './train-test-split.js';

// The bad-input corpus: each row is a user mistake, the argument the error must name, and (for
// an unknown key) the key it must suggest. Every error is a DatasetsParameterError (so a
// BnkitArgumentError) whose message has the one shape `<argument> must be <accepted>; received
// <value>.`, naming the argument.

const small: Dataset = {
  X: Float64Array.of(0, 1, 2, 3, 4, 5, 6, 7),
  y: Float64Array.of(0, 1, 0, 1),
  nSamples: 4,
  nFeatures: 2,
};

/** Loose options for typo rows: the type checker would refuse these, users' JavaScript not. */
const loose = <T>(value: Record<string, unknown>): T => value as T;

interface BadCall {
  call: () => unknown;
  /** The argument the message must name (as it starts the message or follows the function). */
  argument: string;
  /** For an unknown key: the closest valid key the message must suggest. */
  didYouMean?: string;
}

const corpus: Record<string, BadCall> = {
  // Unknown option keys (issue 12 item 10), each with the closest valid key.
  'makeClassification({ nSample })': {
    call: () => makeClassification(loose({ nSample: 10 })),
    argument: 'makeClassification: option name',
    didYouMean: 'nSamples',
  },
  'trainTestSplit({ testsize })': {
    call: () => trainTestSplit(small, loose({ testsize: 0.5 })),
    argument: 'trainTestSplit: option name',
    didYouMean: 'testSize',
  },
  'trainTestSplitIndices({ ranomState })': {
    call: () => trainTestSplitIndices(10, loose({ ranomState: 1 })),
    argument: 'trainTestSplitIndices: option name',
    didYouMean: 'randomState',
  },
  'kFold({ nSplit })': {
    call: () => kFold(10, loose({ nSplit: 3 })),
    argument: 'kFold: option name',
    didYouMean: 'nSplits',
  },
  'stratifiedKFold({ shufle })': {
    call: () => stratifiedKFold([0, 1, 0, 1], loose({ shufle: true })),
    argument: 'stratifiedKFold: option name',
    didYouMean: 'shuffle',
  },
  'makeMoons({ noice })': {
    call: () => makeMoons(loose({ noice: 0.1 })),
    argument: 'makeMoons: option name',
    didYouMean: 'noise',
  },
  'makeCircles({ facter })': {
    call: () => makeCircles(loose({ facter: 0.5 })),
    argument: 'makeCircles: option name',
    didYouMean: 'factor',
  },
  'makeBlobs({ cluster_std })': {
    call: () => makeBlobs(loose({ cluster_std: 2 })),
    argument: 'makeBlobs: option name',
    didYouMean: 'clusterStd',
  },
  'makeRegression({ nInformatives })': {
    call: () => makeRegression(loose({ nInformatives: 3 })),
    argument: 'makeRegression: option name',
    didYouMean: 'nInformative',
  },
  'makeLowRankMatrix({ effectiveRanks })': {
    call: () => makeLowRankMatrix(loose({ effectiveRanks: 3 })),
    argument: 'makeLowRankMatrix: option name',
    didYouMean: 'effectiveRank',
  },
  'makeGaussianQuantiles({ nClass })': {
    call: () => makeGaussianQuantiles(loose({ nClass: 2 })),
    argument: 'makeGaussianQuantiles: option name',
    didYouMean: 'nClasses',
  },
  'makeFriedman1({ nFeature })': {
    call: () => makeFriedman1(loose({ nFeature: 6 })),
    argument: 'makeFriedman1: option name',
    didYouMean: 'nFeatures',
  },
  'makeFriedman2({ nFeatures })': {
    call: () => makeFriedman2(loose({ nFeatures: 6 })),
    argument: 'makeFriedman2: option name',
  },
  'makeFriedman3({ seed })': {
    call: () => makeFriedman3(loose({ seed: 1 })),
    argument: 'makeFriedman3: option name',
  },
  'makeSCurve({ nsamples })': {
    call: () => makeSCurve(loose({ nsamples: 10 })),
    argument: 'makeSCurve: option name',
    didYouMean: 'nSamples',
  },
  'makeSwissRoll({ holes })': {
    call: () => makeSwissRoll(loose({ holes: true })),
    argument: 'makeSwissRoll: option name',
    didYouMean: 'hole',
  },
  'makeMultilabelClassification({ allowUnlabelled })': {
    call: () => makeMultilabelClassification(loose({ allowUnlabelled: false })),
    argument: 'makeMultilabelClassification: option name',
    didYouMean: 'allowUnlabeled',
  },
  'new StandardScaler({ withMeans })': {
    call: () => new StandardScaler(loose({ withMeans: false })),
    argument: 'StandardScaler: option name',
    didYouMean: 'withMean',
  },
  'toTensors({ onehot })': {
    call: () => toTensors(small, loose({ onehot: 2 })),
    argument: 'toTensors: option name',
    didYouMean: 'oneHot',
  },
  'toTfDataset({ batchsize })': {
    call: () => toTfDataset(small, loose({ batchsize: 2 })),
    argument: 'toTfDataset: option name',
    didYouMean: 'batchSize',
  },
  'rng.choice(..., { replacement })': {
    call: () => new RandomState(0).choice(5, 2, loose({ replacement: false })),
    argument: 'RandomState.choice: option name',
    didYouMean: 'replace',
  },
  // Wrong types and values.
  'makeClassification({ shuffle: "yes" })': {
    call: () => makeClassification(loose({ shuffle: 'yes' })),
    argument: 'shuffle',
  },
  'makeClassification({ nSamples: null })': {
    call: () => makeClassification(loose({ nSamples: null })),
    argument: 'nSamples',
  },
  'makeClassification({ weights: "balanced" })': {
    call: () => makeClassification(loose({ weights: 'balanced' })),
    argument: 'weights',
  },
  'makeClassification(options: [])': {
    call: () => makeClassification([] as never),
    argument: 'makeClassification: options',
  },
  'makeMoons({ nSamples: [1, 2, 3] })': {
    call: () => makeMoons(loose({ nSamples: [1, 2, 3] })),
    argument: 'nSamples',
  },
  'makeCircles({ factor: 1 })': { call: () => makeCircles({ factor: 1 }), argument: 'factor' },
  'makeBlobs({ centerBox: [1] })': {
    call: () => makeBlobs(loose({ centerBox: [1] })),
    argument: 'centerBox',
  },
  'makeBlobs({ centers: 0 })': { call: () => makeBlobs({ centers: 0 }), argument: 'centers' },
  'makeRegression({ dotMode: "blas" })': {
    call: () => makeRegression(loose({ dotMode: 'blas' })),
    argument: 'dotMode',
  },
  'makeMultilabelClassification({ returnIndicator: true })': {
    call: () => makeMultilabelClassification(loose({ returnIndicator: true })),
    argument: 'returnIndicator',
  },
  'makeGaussianQuantiles({ mean: "origin" })': {
    call: () => makeGaussianQuantiles(loose({ mean: 'origin' })),
    argument: 'mean',
  },
  'makeSCurve({ randomState: -1 })': {
    call: () => makeSCurve({ randomState: -1 }),
    argument: 'randomState',
  },
  'makeMoons({ randomState: [] })': {
    call: () => makeMoons({ randomState: [] }),
    argument: 'randomState',
  },
  'checkRandomState("42")': {
    call: () => checkRandomState('42' as never),
    argument: 'randomState',
  },
  'trainTestSplit({ testSize: 1 }) on 4 rows': {
    call: () => trainTestSplit(small, { testSize: 1.5 }),
    argument: 'testSize',
  },
  'trainTestSplit({ stratify: "y" })': {
    call: () => trainTestSplit(small, loose({ stratify: 'y' })),
    argument: 'stratify',
  },
  'trainTestSplit(not a dataset)': {
    call: () => trainTestSplit({ X: [1, 2] } as never),
    argument: 'dataset',
  },
  'kFold(10, { nSplits: 1 })': { call: () => kFold(10, { nSplits: 1 }), argument: 'nSplits' },
  'kFold(-1)': { call: () => kFold(-1), argument: 'nSamples' },
  'kFold(4, { randomState: 1 }) without shuffle': {
    call: () => kFold(4, { nSplits: 2, randomState: 1 }),
    argument: 'randomState',
  },
  'toTensors({ oneHot: 1 })': { call: () => toTensors(small, { oneHot: 1 }), argument: 'oneHot' },
  'toTfDataset({ seed: 2 ** 32 })': {
    call: () => toTfDataset(small, { seed: 2 ** 32 }),
    argument: 'seed',
  },
  'toTfDataset({ shuffle: 1 })': {
    call: () => toTfDataset(small, loose({ shuffle: 1 })),
    argument: 'shuffle',
  },
  'new StandardScaler({ withStd: "no" })': {
    call: () => new StandardScaler(loose({ withStd: 'no' })),
    argument: 'withStd',
  },
  'scaler.transform before fit': {
    call: () => new StandardScaler().transform(Float64Array.of(1, 2), 2),
    argument: 'this',
  },
  'new RandomState(1.5)': { call: () => new RandomState(1.5), argument: 'seed' },
  'rng.standardNormal(-1)': { call: () => new RandomState(0).standardNormal(-1), argument: 'size' },
  'rng.choice(3, 2, { p: 0.5 })': {
    call: () => new RandomState(0).choice(3, 2, loose({ p: 0.5 })),
    argument: 'p',
  },
  // Sizes too large to allocate: named, instead of a bare RangeError (issue 12).
  'makeClassification with nSamples × nFeatures too large': {
    call: () => makeClassification({ nSamples: 1e6, nFeatures: 1e5, nInformative: 2 }),
    argument: 'nSamples × nFeatures',
  },
  'makeRegression with nSamples × nFeatures too large': {
    call: () => makeRegression({ nSamples: 1e7, nFeatures: 1e6 }),
    argument: 'nSamples × nFeatures',
  },
  'makeMoons with nSamples too large': {
    call: () => makeMoons({ nSamples: 2 ** 40 }),
    argument: 'nSamples × 2',
  },
  'rng.standardNormal with a huge size': {
    call: () => new RandomState(0).standardNormal([1e6, 1e6]),
    argument: 'size',
  },
  // csrToDense({}) threw a bare TypeError (issue 12).
  'csrToDense({})': { call: () => csrToDense({} as CsrMatrix), argument: 'matrix' },
  'csrToDense(null)': { call: () => csrToDense(null as never), argument: 'matrix' },
  'csrToDense with number[] arrays': {
    call: () =>
      csrToDense({
        format: 'csr',
        shape: [1, 1],
        data: [1],
        indices: [0],
        indptr: [0, 1],
      } as unknown as CsrMatrix),
    argument: 'matrix',
  },
  'csrToDense with a huge shape': {
    call: () =>
      csrToDense({
        format: 'csr',
        shape: [1e6, 1e6],
        data: new Float64Array(0),
        indices: new Int32Array(0),
        indptr: new Int32Array(1e6 + 1),
      }),
    argument: 'matrix.shape[0] × matrix.shape[1]',
  },
};

describe('bad inputs', () => {
  it('has at least 30 cases', () => {
    expect(Object.keys(corpus).length).toBeGreaterThanOrEqual(30);
  });

  it.each(Object.entries(corpus))('%s', async (_, { call, argument, didYouMean }) => {
    expectArgumentError(await thrownBy(call), {
      classes: [DatasetsParameterError, BnkitArgumentError],
      argument,
      says: didYouMean === undefined ? undefined : `Did you mean "${didYouMean}"?`,
    });
  });
});
