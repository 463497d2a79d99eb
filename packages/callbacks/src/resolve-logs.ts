import type { Logs } from '@tensorflow/tfjs-layers';

/** A value inside tfjs's callback logs: a number, or a scalar tensor not yet read. */
type LogValue = number | { data(): Promise<ArrayLike<number>>; dispose(): void };

/**
 * Turns every scalar tensor in a callback's `logs` into a number, in place, and disposes the
 * tensor, as tfjs's own `CustomCallback` does before calling user hooks (its helper is not
 * exported). Callbacks later in the list, and `History`, then see plain numbers.
 *
 * @example
 * class MyCallback extends tf.Callback {
 *   async onEpochEnd(epoch: number, logs?: tf.Logs) {
 *     const numbers = await resolveLogs(logs);
 *     console.log(numbers.val_loss);
 *   }
 * }
 */
export async function resolveLogs(logs: Logs | undefined | null): Promise<Record<string, number>> {
  if (logs === undefined || logs === null) return {};
  const record = logs as unknown as Record<string, LogValue>;
  const pending: Promise<void>[] = [];
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value !== undefined && typeof value === 'object' && typeof value.data === 'function') {
      pending.push(
        value.data().then((data) => {
          record[key] = data[0] ?? NaN;
          value.dispose();
        }),
      );
    }
  }
  await Promise.all(pending);
  return logs as Record<string, number>;
}
