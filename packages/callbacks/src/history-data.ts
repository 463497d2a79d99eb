import { CallbackArgumentError } from './errors.js';

/** What `plotHistory` and friends accept: a tfjs `History`, or its plain `{ history, epoch }`. */
export type HistoryLike =
  | { history: Record<string, ReadonlyArray<number | unknown>>; epoch?: ReadonlyArray<number> }
  | Record<string, ReadonlyArray<number>>;

/** A history reduced to numbers: one epoch index per row and one array per key. */
export interface HistoryData {
  epoch: number[];
  series: Record<string, number[]>;
}

/** Reads a `History` (or a plain record of arrays) into numbers, checking every value. */
export function readHistory(history: unknown): HistoryData {
  if (history === null || typeof history !== 'object') {
    throw new CallbackArgumentError(
      'history',
      history,
      'a tfjs History (what model.fit resolves to) or a record of number arrays',
    );
  }
  const holder = history as { history?: unknown; epoch?: unknown };
  const record =
    holder.history !== null && typeof holder.history === 'object' && !Array.isArray(holder.history)
      ? (holder.history as Record<string, unknown>)
      : (history as Record<string, unknown>);
  const series: Record<string, number[]> = {};
  let length = 0;
  for (const [key, values] of Object.entries(record)) {
    if (key === 'epoch' && record === history) continue;
    if (!Array.isArray(values)) continue;
    const numbers = values.map((v, i) => {
      if (typeof v !== 'number') {
        throw new CallbackArgumentError(
          `history["${key}"][${i}]`,
          v,
          'a number (call history.syncData() or await fit() before plotting)',
        );
      }
      return v;
    });
    series[key] = numbers;
    length = Math.max(length, numbers.length);
  }
  const epochSource = Array.isArray(holder.epoch) ? (holder.epoch as unknown[]) : null;
  const epoch =
    epochSource !== null && epochSource.length === length && epochSource.every(isFiniteNumber)
      ? (epochSource as number[]).slice()
      : Array.from({ length }, (_, i) => i);
  return { epoch, series };
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Picks the requested keys, failing with the available names when one is missing. */
export function pickSeries(
  data: HistoryData,
  metrics: unknown,
  where: string,
): { key: string; values: number[] }[] {
  if (
    !Array.isArray(metrics) ||
    metrics.length === 0 ||
    !metrics.every((m) => typeof m === 'string')
  ) {
    throw new CallbackArgumentError(
      `${where}: metrics`,
      metrics,
      `a non-empty array of history keys, e.g. ${JSON.stringify(Object.keys(data.series).slice(0, 2))}`,
    );
  }
  return (metrics as string[]).map((key) => {
    const values = data.series[key];
    if (values === undefined) {
      throw new CallbackArgumentError(
        `${where}: metrics entry "${key}"`,
        key,
        `one of the history keys ${JSON.stringify(Object.keys(data.series))}`,
      );
    }
    if (values.length === 0) {
      throw new CallbackArgumentError(`history["${key}"]`, values, 'at least one value');
    }
    return { key, values };
  });
}
