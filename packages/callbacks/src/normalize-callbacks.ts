import * as tfl from '@tensorflow/tfjs-layers';
import { CallbackArgumentError } from './errors.js';

/** What `model.fit({ callbacks })` accepts: callback objects, plain hook objects, or both. */
export type CallbackLike = tfl.CustomCallbackArgs | InstanceType<typeof tfl.Callback> | tfl.History;

/**
 * Makes a `callbacks` array safe to mix. tfjs-layers 4.22 looks only at the first element: a
 * plain hook object after a class-based callback fails inside `fit` ("callback.setParams is
 * not a function"), and a class-based callback after a plain object is silently mis-wrapped.
 * This wraps every plain hook object in `tf.CustomCallback` and keeps the others as they are.
 *
 * @example
 * await model.fit(x, y, {
 *   callbacks: normalizeCallbacks([earlyStopping(), { onEpochEnd: async (e, logs) => console.log(e, logs) }]),
 * });
 */
export function normalizeCallbacks(callbacks: readonly unknown[]): tfl.CustomCallback[] {
  if (!Array.isArray(callbacks)) {
    throw new CallbackArgumentError(
      'normalizeCallbacks: callbacks',
      callbacks,
      'an array of callbacks or hook objects',
    );
  }
  return callbacks.map((callback, i) => {
    if (
      callback !== null &&
      typeof callback === 'object' &&
      typeof (callback as { setParams?: unknown }).setParams === 'function'
    ) {
      return callback as tfl.CustomCallback;
    }
    if (callback === null || typeof callback !== 'object') {
      throw new CallbackArgumentError(
        `normalizeCallbacks: callbacks[${i}]`,
        callback,
        'a tf.Callback or an object of hook functions',
      );
    }
    return new tfl.CustomCallback(callback as tfl.CustomCallbackArgs);
  });
}
