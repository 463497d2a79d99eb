import * as tf from '@tensorflow/tfjs-core';

/** Keras's `backend.epsilon()`, which Keras 3 adds to the mask's count. */
const KERAS_EPSILON = 1e-7;

/** Batch statistics of the positions a mask keeps, per channel of a channels-last input. */
export interface MaskedMoments {
  /** [C] */
  mean: tf.Tensor1D;
  /** [C], biased (divided by the count). */
  variance: tf.Tensor1D;
  /** How many positions the mask keeps. */
  count: tf.Scalar;
}

/**
 * Keras 3's `BatchNormalization._moments` with a mask: `x` is channels-last of rank r, `mask` has
 * x's shape without the channels (r − 1 dimensions, truthy = kept). Masked positions do not enter
 * the statistics; as in Keras the count gets 1e-7 added, so an all-masked batch gives zeros, not
 * NaN. Plain differentiable ops: gradients flow through the statistics by autodiff.
 */
export function maskedMoments(x: tf.Tensor, mask: tf.Tensor): MaskedMoments {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const weights = tf.expandDims(tf.cast(mask, 'float32'), -1);
  const weighted = tf.mul(weights, x);
  const count = tf.sum(weights);
  const denominator = tf.add(count, KERAS_EPSILON);
  const mean = tf.div(tf.sum(weighted, axes), denominator) as tf.Tensor1D;
  const squares = tf.mul(weights, tf.square(tf.sub(weighted, mean)));
  const variance = tf.div(tf.sum(squares, axes), denominator) as tf.Tensor1D;
  return { mean, variance, count: count as tf.Scalar };
}
