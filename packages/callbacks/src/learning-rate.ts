import type * as tf from '@tensorflow/tfjs-core';
import { CallbackArgumentError } from './errors.js';

interface WithLearningRate {
  learningRate?: unknown;
  setLearningRate?: (lr: number) => void;
}

/**
 * Reads an optimizer's learning rate. Every tfjs optimizer keeps it in a `learningRate` field.
 *
 * @example
 * getLearningRate(tf.train.adam(0.01)); // 0.01
 */
export function getLearningRate(optimizer: tf.Optimizer): number {
  const lr = (optimizer as unknown as WithLearningRate | null)?.learningRate;
  if (typeof lr !== 'number') {
    throw new CallbackArgumentError(
      'the model optimizer',
      optimizer?.getClassName?.() ?? optimizer,
      'a tfjs optimizer with a numeric learningRate (sgd, momentum, adam, adamax, adagrad, adadelta, rmsprop); compile the model first',
    );
  }
  return lr;
}

/**
 * Sets an optimizer's learning rate so that the next step uses it, on every tfjs optimizer.
 * SGD and Momentum cache `-lr` as a tensor, so writing their field does nothing: this calls
 * their `setLearningRate`; the others read the field on every step, so this writes it.
 *
 * @example
 * setLearningRate(model.optimizer, 1e-4);
 */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
    throw new CallbackArgumentError('learning rate', lr, 'a finite number >= 0');
  }
  getLearningRate(optimizer);
  const target = optimizer as unknown as WithLearningRate;
  if (typeof target.setLearningRate === 'function') target.setLearningRate(lr);
  else target.learningRate = lr;
}
