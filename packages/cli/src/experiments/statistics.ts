/** Arithmetic mean; NaN for no values. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (n - 1 in the denominator, as numpy's ddof=1); 0 for one value. */
export function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

/**
 * "mean ± std" with `digits` decimals, or "–" when no run produced a value; runs without a value
 * are counted as `missing` ("diverged" unless told).
 */
export function formatMeanStd(values: readonly number[], digits = 3, missing = 'diverged'): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '–';
  const text = `${mean(finite).toFixed(digits)} ± ${sampleStd(finite).toFixed(digits)}`;
  return finite.length < values.length
    ? `${text} (${values.length - finite.length} of ${values.length} ${missing})`
    : text;
}

/** Element-wise mean of equally long series (one per seed). */
export function meanCurve(curves: readonly number[][]): number[] {
  const length = Math.min(...curves.map((c) => c.length));
  return Array.from({ length }, (_, i) => mean(curves.map((c) => c[i] as number)));
}

/** The text with its first letter upper-cased. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
