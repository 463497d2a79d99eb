import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { integer } from '@bnkit/core';
import {
  checkNetworkOptions,
  NETWORK_OPTION_RULES,
  normalizationLayer,
} from './network-options.js';
import type { Normalization } from './network-options.js';

/**
 * The optimizer of the paper network. The BN paper names none for its MNIST experiment; bnkit
 * uses plain SGD (no momentum), the optimizer of the paper's other experiments without their
 * momentum, so that nothing but BN rescales the steps (Adam's per-weight step sizes absorb part
 * of what BN fixes).
 */
export const PAPER_OPTIMIZER = 'SGD';

/** SGD's learning rate for the paper network (see the cli README for how it was chosen). */
export const PAPER_LEARNING_RATE = 1;

/** Standard deviation of the paper network's Gaussian initial kernels ("small random Gaussian values"). */
export const PAPER_INIT_STD = 0.1;

export interface PaperNetworkOptions {
  /** Input features: 784 for MNIST, 64 for load_digits. */
  nFeatures: number;
  /** Classes of the softmax output; default 10. */
  nClasses?: number;
  /** Normalization after each hidden layer's linear part, before its sigmoid; default `'batch'`. */
  normalization?: Normalization;
  /** Seeds the Gaussian kernels, so one seed gives one network. Default 42. */
  seed?: number;
  /** SGD's learning rate; default {@link PAPER_LEARNING_RATE}. */
  learningRate?: number;
  /** Multiplies the kernels' standard deviation ({@link PAPER_INIT_STD}); default 1. */
  initScale?: number;
  /** Ghost BN splits this batch size into ghost batches; default 60, the paper's. */
  batchSize?: number;
  /** Units of each hidden layer; default 100, the paper's. */
  units?: number;
}

/** The compiled network and a model sharing its layers that outputs the last sigmoid's inputs. */
export interface PaperNetwork {
  model: tfl.LayersModel;
  /** `x → the input of each sigmoid of the last hidden layer` (BN's output when BN is used). */
  lastSigmoidInput: tfl.LayersModel;
}

const PAPER_OPTION_RULES = {
  ...NETWORK_OPTION_RULES,
  nClasses: integer({ min: 2 }),
  units: integer({ min: 1 }),
};

/**
 * The network of the BN paper's MNIST experiment (Ioffe & Szegedy 2015, section 4.1): three
 * fully connected hidden layers of 100 sigmoid units with kernels drawn from N(0, 0.1²), a softmax
 * output, cross-entropy, plain SGD. With a normalization it sits between each hidden layer's
 * linear part and its sigmoid, as the paper places BN (`x = Wu`, `BN(x)`, then the sigmoid; the
 * Dense bias is dropped since BN's beta replaces it). Labels are one-hot.
 *
 * @example
 * const { model, lastSigmoidInput } = buildPaperNetwork({ nFeatures: 784, seed: 1 });
 */
export function buildPaperNetwork(options: PaperNetworkOptions): PaperNetwork {
  checkNetworkOptions('buildPaperNetwork', options, PAPER_OPTION_RULES);
  const {
    nFeatures,
    nClasses = 10,
    normalization = 'batch',
    seed = 42,
    learningRate = PAPER_LEARNING_RATE,
    initScale = 1,
    batchSize = 60,
    units = 100,
  } = options;
  const kernel = (offset: number) =>
    tfl.initializers.randomNormal({
      mean: 0,
      stddev: PAPER_INIT_STD * initScale,
      seed: seed + offset,
    });
  const input = tfl.input({ shape: [nFeatures] });
  let h: tfl.SymbolicTensor = input;
  let preActivation: tfl.SymbolicTensor = input;
  for (let layer = 0; layer < 3; layer++) {
    h = tfl.layers
      .dense({ units, useBias: normalization === 'none', kernelInitializer: kernel(layer) })
      .apply(h) as tfl.SymbolicTensor;
    if (normalization !== 'none') {
      // 10 groups of 10 units for the paper's 100 (the reference model's 8 does not divide 100)
      const groups = units % 10 === 0 ? 10 : 1;
      h = normalizationLayer(normalization, batchSize, groups).apply(h) as tfl.SymbolicTensor;
    }
    preActivation = h;
    h = tfl.layers.activation({ activation: 'sigmoid' }).apply(h) as tfl.SymbolicTensor;
  }
  const output = tfl.layers
    .dense({ units: nClasses, activation: 'softmax', kernelInitializer: kernel(3) })
    .apply(h) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output });
  model.compile({
    optimizer: tf.train.sgd(learningRate),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return { model, lastSigmoidInput: tfl.model({ inputs: input, outputs: preActivation }) };
}
