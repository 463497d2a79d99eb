import type * as tf from '@tensorflow/tfjs-core';

/** What a BN `tf.customGrad` differentiates: x, then gamma and beta where the layer has them. */
export function gradInputs(
  x: tf.Tensor,
  gamma: tf.Tensor | null,
  beta: tf.Tensor | null,
): tf.Tensor[] {
  return [x, ...(gamma !== null ? [gamma] : []), ...(beta !== null ? [beta] : [])];
}

/** The arguments `tf.customGrad` passes back, read in {@link gradInputs}' order. */
export function readGradArgs(
  args: (tf.Tensor | tf.GradSaveFunc)[],
  hasGamma: boolean,
  hasBeta: boolean,
): { x: tf.Tensor; gamma: tf.Tensor | null; beta: tf.Tensor | null; save: tf.GradSaveFunc } {
  let next = 1;
  const gamma = hasGamma ? (args[next++] as tf.Tensor) : null;
  const beta = hasBeta ? (args[next++] as tf.Tensor) : null;
  return { x: args[0] as tf.Tensor, gamma, beta, save: args[args.length - 1] as tf.GradSaveFunc };
}
