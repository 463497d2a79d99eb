import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { batchNormalization } from '@bnkit/layers';

/** Which normalization sits after each hidden Dense of the reference model. */
export type Normalization = 'batch' | 'none';

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
  /** Arguments for the normalization layers (ghost batch size, renorm, ...). */
  normalizationArgs?: Parameters<typeof batchNormalization>[0];
}

/**
 * The reference pipeline's network: Dense(64, relu) → BN → Dense(64, relu) → BN → Dense(1,
 * sigmoid), compiled with Adam, binary cross-entropy and accuracy, as the Keras original.
 *
 * @example
 * const model = buildReferenceModel({ nFeatures: 20, seed: 42 });
 */
export function buildReferenceModel(options: ReferenceModelOptions): tfl.Sequential {
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
  if (normalization === 'batch') model.add(batchNormalization(options.normalizationArgs));
  model.add(tfl.layers.dense({ units: 64, activation: 'relu', kernelInitializer: kernel(1) }));
  if (normalization === 'batch') model.add(batchNormalization(options.normalizationArgs));
  model.add(tfl.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: kernel(2) }));
  model.compile({
    optimizer: tf.train.adam(learningRate),
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}
