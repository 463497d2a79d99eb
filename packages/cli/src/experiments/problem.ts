import { loadDigits, trainTestSplit } from '@bnkit/datasets';
import type { Dataset } from '@bnkit/datasets';
import type * as tfl from '@tensorflow/tfjs-layers';
import { buildPaperNetwork, PAPER_INIT_STD, PAPER_LEARNING_RATE } from '../paper-network.js';
import { referenceData } from '../reference-data.js';
import { buildReferenceModel } from '../reference-model.js';
import type { Normalization } from '../network-options.js';

/** The data and network an experiment trains: the reference pipeline's, or the paper's on digits. */
export type ProblemName = 'reference' | 'digits';

export const PROBLEM_NAMES: readonly ProblemName[] = ['reference', 'digits'];

/** What the experiments' setups and findings say about the network and data they train. */
export interface Problem {
  name: ProblemName;
  /** The network, one phrase. */
  model: string;
  /** The data and split, one phrase. */
  data: string;
  /** `'Adam'` or `'SGD'`. */
  optimizer: string;
  /** The optimizer's default learning rate. */
  learningRate: number;
  /** log10 of the learning rates the learning-rate experiment sweeps, and of its quick version. */
  learningRateExponents: number[];
  quickLearningRateExponents: number[];
  /** How the kernels are drawn, one phrase (scaled by the initialization experiment). */
  initializer: string;
  /** Test accuracy that counts as "trained" in bn-vs-plain. */
  target: number;
  /** A run whose final test accuracy is at most this (or whose loss is not finite) diverged. */
  divergedAtOrBelow: number;
  /** Accuracy of a guess. */
  chance: number;
  /** GroupNormalization's groups in the batch-size experiment. */
  groups: string;
}

export const PROBLEMS: Record<ProblemName, Problem> = {
  reference: {
    name: 'reference',
    model:
      'the reference model (Dense 64 ReLU, BN, Dense 64 ReLU, BN, Dense 1 sigmoid; BN after the activation, as the Keras original)',
    data: 'make_classification(1000, 20), random_state 42, 800 train / 200 test rows',
    optimizer: 'Adam',
    learningRate: 0.001,
    learningRateExponents: [-4, -3, -2, -1, 0],
    quickLearningRateExponents: [-3, 0],
    initializer: 'Glorot-uniform',
    target: 0.8,
    divergedAtOrBelow: 0.6,
    chance: 0.5,
    groups: '8 groups of 8 features',
  },
  digits: {
    name: 'digits',
    model:
      "the BN paper's MNIST network (3 hidden layers of 100 sigmoid units, BN between each one's linear part and its sigmoid, softmax over 10 digits, cross-entropy)",
    data: "scikit-learn's load_digits (1797 8×8 digits, pixels / 16), stratified 1408 train / 389 test rows, random_state 42",
    optimizer: 'SGD',
    learningRate: PAPER_LEARNING_RATE,
    learningRateExponents: [-2, -1, 0, 1, 2],
    quickLearningRateExponents: [0, 2],
    initializer: `N(0, ${PAPER_INIT_STD}²)`,
    target: 0.9,
    divergedAtOrBelow: 0.5,
    chance: 0.1,
    groups: '10 groups of 10 units',
  },
};

/** A problem's data: the train and test sets, features and classes (1 for a sigmoid output). */
export interface ProblemData {
  nFeatures: number;
  /** 1: binary labels for a sigmoid; 10: one-hot digits for a softmax. */
  nClasses: number;
  train: Dataset;
  test: Dataset;
}

let digits: ProblemData | undefined;

/**
 * `load_digits()` scaled to [0, 1] (pixels / 16), split as
 * `train_test_split(X, y, train_size=1408, test_size=389, stratify=y, random_state=42)`: 1408 =
 * 22 × 64 train rows, so every batch size of the batch-size experiment (2 … 64) divides the
 * epoch and Ghost BN always gets whole ghost batches.
 *
 * @example
 * const { train, test } = digitsData(); // 1408 and 389 rows
 */
export function digitsData(): ProblemData {
  if (!digits) {
    const all = loadDigits();
    const X = all.X.map((v) => v / 16);
    const { train, test } = trainTestSplit(
      { X, y: all.y, nSamples: all.nSamples, nFeatures: all.nFeatures },
      { trainSize: 1408, testSize: 389, stratify: true, randomState: 42 },
    );
    digits = { nFeatures: all.nFeatures, nClasses: 10, train, test };
  }
  return digits;
}

/** The data of a problem (computed once). */
export function problemData(name: ProblemName): ProblemData {
  if (name === 'digits') return digitsData();
  return { ...referenceData(42), nClasses: 1 };
}

/** The compiled model of a problem: the reference model, or the paper network for the digits. */
export function buildProblemModel(
  name: ProblemName,
  options: {
    nFeatures: number;
    normalization: Normalization;
    seed: number;
    learningRate?: number;
    initScale?: number;
    batchSize: number;
  },
): tfl.LayersModel {
  if (name === 'digits') return buildPaperNetwork({ ...options, nClasses: 10 }).model;
  return buildReferenceModel(options);
}
