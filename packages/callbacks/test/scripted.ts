// Callbacks that script the monitored value, so a test knows exactly what Keras would do.
import { lambdaCallback } from '../src/lambda-callback.js';

/** Writes `logs[key] = values[epoch]` at each epoch end (place it before the callback under test). */
export function scriptedMetric(key: string, values: number[]) {
  return lambdaCallback({
    onEpochEnd: (epoch, logs) => {
      logs[key] = values[epoch] ?? NaN;
    },
  });
}
