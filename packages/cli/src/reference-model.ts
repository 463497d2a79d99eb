import * as tfl from '@tensorflow/tfjs-layers';
import { fusedAdam } from '@bnkit/layers';
import {
  checkNetworkOptions,
  NETWORK_OPTION_RULES,
  normalizationLayer,
} from './network-options.js';
import type { Normalization } from './network-options.js';

export interface ReferenceModelOptions {
  /** Input features; the reference data has 20. */
  nFeatures: number;
  /** Default `'batch'` (bnkit's BatchNormalization). */
  normalization?: Normalization;
  /** Seeds the Glorot-uniform kernels, so one seed gives one model. Default 42. */
  seed?: number;
  /** Adam's learning rate; default Keras's 0.001. */
  learningRate?: number;
  /** Multiplies the initial kernels (initialization experiment); default 1. */
  initScale?: number;
  /** The training batch size; Ghost BN splits it into ghost batches. Default 32. */
  batchSize?: number;
}

/**
 * The reference pipeline's network: Dense(64, relu) → BN → Dense(64, relu) → BN → Dense(1,
 * sigmoid), compiled with Adam, binary cross-entropy and accuracy, as the Keras original.
 *
 * @example
 * const model = buildReferenceModel({ nFeatures: 20, seed: 42 });
 */
export function buildReferenceModel(options: ReferenceModelOptions): tfl.Sequential {
  checkNetworkOptions('buildReferenceModel', options, NETWORK_OPTION_RULES);
  const {
    nFeatures,
    normalization = 'batch',
    seed = 42,
    learningRate = 0.001,
    initScale = 1,
  } = options;
  const kernel = (offset: number) =>
    initScale === 1
      ? tfl.initializers.glorotUniform({ seed: seed + offset })
      : tfl.initializers.varianceScaling({
          scale: initScale * initScale,
          mode: 'fanAvg',
          distribution: 'uniform',
          seed: seed + offset,
        });
  const model = tfl.sequential();
  model.add(
    tfl.layers.dense({
      units: 64,
      activation: 'relu',
      inputShape: [nFeatures],
      kernelInitializer: kernel(0),
    }),
  );
  const batchSize = options.batchSize ?? 32;
  if (normalization !== 'none') model.add(normalizationLayer(normalization, batchSize, 8));
  model.add(tfl.layers.dense({ units: 64, activation: 'relu', kernelInitializer: kernel(1) }));
  if (normalization !== 'none') model.add(normalizationLayer(normalization, batchSize, 8));
  model.add(tfl.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: kernel(2) }));
  model.compile({
    // Bit-identical to tf.train.adam, one kernel per step on the cpu and wasm backends.
    optimizer: fusedAdam(learningRate),
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}
