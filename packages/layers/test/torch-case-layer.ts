// The PyTorch fixture cases of BatchNormalization, and the layer each one describes. Shared by the
// jest specs and the webgl page (so no Node imports here).
import * as tf from '@tensorflow/tfjs-core';
import { batchNormalization } from '../src/batch-normalization.js';
import type { BatchNormalization } from '../src/batch-normalization.js';

export interface TorchCase {
  name: string;
  shape: number[];
  axis: number;
  epsilon: number;
  momentum: number | null;
  center: boolean;
  scale: boolean;
  virtualBatchSize: number | null;
  gamma: number[];
  beta: number[];
  batches: number[][];
  w: number[];
  xInference: number[];
  yTrain: number[];
  dx: number[];
  dgamma: number[];
  dbeta: number[];
  movingMeanUnbiased: number[];
  movingVarianceUnbiased: number[];
  movingMeanBiased: number[];
  movingVarianceBiased: number[];
  yInferenceUnbiased: number[];
}

/** A BatchNormalization built as the fixture's PyTorch module, with its gamma and beta. */
export function torchCaseLayer(
  c: TorchCase,
  varianceCorrection: 'biased' | 'unbiased',
): BatchNormalization {
  const layer = batchNormalization({
    axis: c.axis,
    epsilon: c.epsilon,
    momentum: c.momentum,
    center: c.center,
    scale: c.scale,
    virtualBatchSize: c.virtualBatchSize,
    varianceCorrection,
  });
  layer.apply(tf.zeros(c.shape));
  layer.gamma?.write(tf.tensor1d(c.gamma));
  layer.beta?.write(tf.tensor1d(c.beta));
  return layer;
}
