// numpy/OpenBLAS numerics that decide bit-exactness: FMA-ordered dot products, pairwise sums,
// linspace. Private to the package.
import { fma } from './fma.js';

/** How matrix products are summed: OpenBLAS x86-64 FMA kernel order, or plain left-to-right. */
export type DotMode = 'openblas' | 'naive';

/**
 * `out[r, j] = Σ_k x[r, k]·a[k, j]` for `rows` rows of `x` (row stride `xStride`, starting at
 * `xOffset`, `k` columns), `a` a k×n row-major matrix; written into `out` with its own stride and
 * offset. `openblas` order: one FMA chain per output in k order (dgemm); when n = 1, the dgemv_t
 * lane order.
 */
export function matmulRows(
  x: Float64Array,
  xOffset: number,
  xStride: number,
  rows: number,
  k: number,
  a: Float64Array,
  n: number,
  out: Float64Array,
  outOffset: number,
  outStride: number,
  mode: DotMode,
): void {
  const row = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    const base = xOffset + r * xStride;
    for (let t = 0; t < k; t++) row[t] = x[base + t]!;
    const o = outOffset + r * outStride;
    if (mode === 'naive') {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let t = 0; t < k; t++) acc += row[t]! * a[t * n + j]!;
        out[o + j] = acc;
      }
    } else if (n === 1 && k > 1) {
      out[o] = gemvTDot(row, a, k);
    } else if (r === rows - 1 && rows % 2 === 1 && rows > 1 && k % 8 === 0) {
      // OpenBLAS (SkylakeX) handles the last row of an odd row count in another kernel: for
      // the first 4·⌊n/4⌋ columns, four FMA lanes combined as (s0 + s1) + (s2 + s3); the other
      // columns keep the plain chain. Verified for k = 8, 16, 24 and n = 2..12.
      const wide = n & ~3;
      for (let j = 0; j < n; j++) {
        if (j < wide) {
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          for (let t = 0; t < k; t += 4) {
            s0 = fma(row[t]!, a[t * n + j]!, s0);
            s1 = fma(row[t + 1]!, a[(t + 1) * n + j]!, s1);
            s2 = fma(row[t + 2]!, a[(t + 2) * n + j]!, s2);
            s3 = fma(row[t + 3]!, a[(t + 3) * n + j]!, s3);
          }
          out[o + j] = s0 + s1 + (s2 + s3);
        } else {
          let acc = row[0]! * a[j]!;
          for (let t = 1; t < k; t++) acc = fma(row[t]!, a[t * n + j]!, acc);
          out[o + j] = acc;
        }
      }
    } else {
      for (let j = 0; j < n; j++) {
        let acc = row[0]! * a[j]!;
        for (let t = 1; t < k; t++) acc = fma(row[t]!, a[t * n + j]!, acc);
        out[o + j] = acc;
      }
    }
  }
}

/** A dot product in OpenBLAS `dgemv_t` (x86-64, FMA) order: four lanes, then the 1–3 tail terms. */
export function gemvTDot(x: ArrayLike<number>, b: ArrayLike<number>, k: number): number {
  const q = k >> 2;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let t = 0; t < 4 * q; t += 4) {
    s0 = fma(x[t]!, b[t]!, s0);
    s1 = fma(x[t + 1]!, b[t + 1]!, s1);
    s2 = fma(x[t + 2]!, b[t + 2]!, s2);
    s3 = fma(x[t + 3]!, b[t + 3]!, s3);
  }
  let total = s0 + s2 + (s1 + s3);
  const j = 4 * q;
  switch (k & 3) {
    case 1:
      total = fma(x[j]!, b[j]!, total);
      break;
    case 2:
      total = total + fma(x[j]!, b[j]!, x[j + 1]! * b[j + 1]!);
      break;
    case 3:
      total = total + fma(x[j + 2]!, b[j + 2]!, fma(x[j]!, b[j]!, x[j + 1]! * b[j + 1]!));
      break;
    default:
      break;
  }
  return total;
}

/** numpy's pairwise summation of `n` values read as `get(i)` (sums along a contiguous axis). */
export function pairwiseSum(values: ArrayLike<number>, offset: number, n: number): number {
  if (n < 8) {
    let res = -0;
    for (let i = 0; i < n; i++) res += values[offset + i]!;
    return res;
  }
  if (n <= 128) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let j = 0; j < 8; j++) r[j] = values[offset + j]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] = r[j]! + values[offset + i + j]!;
    }
    let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += values[offset + i]!;
    return res;
  }
  let n2 = n / 2;
  n2 -= n2 % 8;
  n2 = Math.floor(n2);
  return pairwiseSum(values, offset, n2) + pairwiseSum(values, offset + n2, n - n2);
}

/** numpy's `linspace(start, stop, num, endpoint)`: `i·step + start`, last set to `stop`. */
export function linspace(start: number, stop: number, num: number, endpoint = true): Float64Array {
  const out = new Float64Array(num);
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  const step = delta / div;
  if (div <= 0) {
    for (let i = 0; i < num; i++) out[i] = i * delta + start;
  } else if (step !== 0) {
    for (let i = 0; i < num; i++) out[i] = i * step + start;
  } else {
    for (let i = 0; i < num; i++) out[i] = (i / div) * delta + start;
  }
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}
