// Correctly rounded fused multiply-add for binary64, emulated with error-free transformations
// (Dekker/Veltkamp product, Knuth two-sum) and Boldo–Melquiond rounding to odd. Exact for
// operands whose product neither overflows nor underflows (|a·b| well inside 2^-969..2^995),
// which covers every use in this package. Private: not exported from the package.

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
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

/** Rounds `s + e` (with `s = fl(x + y)` and `e` its exact error) to odd. */
function roundToOdd(s: number, e: number): number {
  if (e === 0) return s;
  bits[0] = s;
  if ((words[0]! & 1) === 1) return s;
  // s has an even last bit: the odd neighbour lies on the side of e.
  const up = e > 0 === s > 0;
  if (up) {
    words[0] = words[0]! + 1; // even low word: no carry
  } else if (words[0] === 0) {
    words[0] = 0xffffffff;
    words[1] = words[1]! - 1;
  } else {
    words[0] = words[0]! - 1;
  }
  return bits[0];
}

/** `fl(a * b + c)` with a single rounding, as the x86-64 FMA instruction computes it. */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || p === 0 || c === 0 || !Number.isFinite(c)) {
    if (c === 0 && Number.isFinite(p)) return p + c;
    return p + c;
  }
  const pe = twoProductError(a, b, p);
  const s = p + c;
  const bv = s - p;
  const se = p - (s - bv) + (c - bv);
  // a*b + c = s + se + pe exactly.
  const t = se + pe;
  const tv = t - se;
  const te = se - (t - tv) + (pe - tv);
  return s + roundToOdd(t, te);
}
