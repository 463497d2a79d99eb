// The reference pipeline's network built from tfjs-layers' own layers (its BatchNormalization),
// the baseline several benchmarks compare bnkit against.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * Dense(64, relu) → BatchNormalization → Dense(64, relu) → BatchNormalization → Dense(1, sigmoid)
 * with tfjs-layers' layers; `seed` seeds the Glorot-uniform kernels, `compile` compiles it as the
 * reference does (Adam 0.001, binary cross-entropy, accuracy).
 */
export function tfjsReferenceModel({ nFeatures = 20, seed, compile = false } = {}) {
  const kernelInitializer = (offset) =>
    seed === undefined ? undefined : tfl.initializers.glorotUniform({ seed: seed + offset });
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({
        units: 64,
        activation: 'relu',
        inputShape: [nFeatures],
        kernelInitializer: kernelInitializer(0),
      }),
      tfl.layers.batchNormalization(),
      tfl.layers.dense({ units: 64, activation: 'relu', kernelInitializer: kernelInitializer(1) }),
      tfl.layers.batchNormalization(),
      tfl.layers.dense({
        units: 1,
        activation: 'sigmoid',
        kernelInitializer: kernelInitializer(2),
      }),
    ],
  });
  if (compile) {
    model.compile({
      optimizer: tf.train.adam(0.001),
      loss: 'binaryCrossentropy',
      metrics: ['accuracy'],
    });
  }
  return model;
}
