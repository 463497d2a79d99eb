// Correctly rounded fused multiply-add for binary64, emulated with error-free transformations
// (Veltkamp/Dekker product, Knuth two-sum) and an exact tie analysis. Exact for finite operands
// whose product neither overflows nor underflows (|a·b| well inside 2^-969..2^995), which covers
// every use in this package. Private: not exported from the package.

const SPLITTER = 134217729; // 2^27 + 1

/** The rounding error of `a * b`: `a * b = fl(a * b) + twoProductError(a, b, fl(a * b))` exactly. */
export function twoProductError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/**
 * `fl(a * b + c)` with a single rounding, as the x86-64 FMA instruction computes it.
 *
 * `a·b + c = s + se + pe` exactly (two-product and two-sum); `t = fl(se + pe)` with error `te`;
 * `r = fl(s + t)` with error `e1`. If `te = 0` the sum `s + t` was exact and `r` is the answer.
 * If `e1 = 0`, `r + te` is exact too and one more rounding gives the answer. Otherwise `e1` is a
 * multiple of ulp(t) while `|te| ≤ ulp(t)/2`, so `te` can only matter when `s + t` is exactly a
 * rounding tie (`2·e1` is then an exact step to the other neighbour), and its sign decides it.
 */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  const pe = twoProductError(a, b, p);
  const s = p + c;
  let v = s - p;
  const se = p - (s - v) + (c - v);
  const t = se + pe;
  v = t - se;
  const te = se - (t - v) + (pe - v);
  const r = s + t;
  if (te === 0) return r;
  v = r - s;
  const e1 = s - (r - v) + (t - v);
  if (e1 === 0) return r + te;
  const twice = 2 * e1;
  if (r + twice - r !== twice) return r;
  return te > 0 === e1 > 0 ? r + twice : r;
}
