import type { RandomState } from './random-state.js';

/** scikit-learn's `utils.shuffle` index order: `idx = arange(n); rng.shuffle(idx)`. */
export function shuffledIndices(n: number, rng: RandomState): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return rng.shuffle(idx);
}

/** Rows `order` of a row-major matrix with `width` columns (numpy `a[order]`). */
export function reorderRows(
  a: Float64Array,
  width: number,
  order: ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(order.length * width);
  for (let i = 0; i < order.length; i++) {
    const src = order[i]! * width;
    for (let c = 0; c < width; c++) out[i * width + c] = a[src + c]!;
  }
  return out;
}
