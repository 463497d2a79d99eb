/**
 * numpy's `np.percentile(values, q)` with its default `'linear'` method: the sorted values
 * interpolated at position `q / 100 × (n − 1)`. NaN for no values.
 *
 * @example
 * percentile([1, 2, 3, 4], 15); // 1.45, as numpy
 */
export function percentile(values: ArrayLike<number>, q: number): number {
  return percentiles(values, [q])[0] as number;
}

/** {@link percentile} for several `q` at once, sorting the values once. */
export function percentiles(values: ArrayLike<number>, qs: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  return qs.map((q) => {
    if (n === 0) return Number.NaN;
    const position = (q / 100) * (n - 1);
    const lo = Math.floor(position);
    const hi = Math.min(lo + 1, n - 1);
    const lower = sorted[lo] as number;
    return lower + (position - lo) * ((sorted[hi] as number) - lower);
  });
}
