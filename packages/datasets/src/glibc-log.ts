import { fma, twoProductError } from './fma.js';
import { LN2_HI, LN2_LO, LOG_POLY, LOG_POLY1, LOG_TABLE } from './glibc-log-table.js';

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

const A0 = LOG_POLY[0]!;
const A1 = LOG_POLY[1]!;
const A2 = LOG_POLY[2]!;
const A3 = LOG_POLY[3]!;
const A4 = LOG_POLY[4]!;
const B = LOG_POLY1;
const B0 = B[0]!;
const B1 = B[1]!;
const B2 = B[2]!;
const B3 = B[3]!;
const B4 = B[4]!;
const B5 = B[5]!;
const B6 = B[6]!;
const B7 = B[7]!;
const B8 = B[8]!;
const B9 = B[9]!;
const B10 = B[10]!;

// 1 - 2^-4 and 1 + 0x1.09p-4 as doubles: the near-1 interval handled by the second polynomial.
const NEAR_LO = 1 - 0.0625;
const NEAR_HI = 1 + 0x109 / 0x1000;

/**
 * The natural logarithm exactly as glibc ≥ 2.28 computes it on x86-64 CPUs with FMA
 * (`__log_fma`): ARM optimized-routines' table-driven algorithm, with the multiply-adds fused the
 * way GCC contracts them. numpy's legacy Gaussian and Poisson samplers call this C `log`, so using
 * it (instead of `Math.log`) makes normal streams bit-identical to numpy on Linux x86-64.
 *
 * @example
 * ```ts
 * import { glibcLog } from '@bnkit/datasets';
 * glibcLog(Math.E); // 1
 * ```
 */
export function glibcLog(x: number): number {
  if (x >= NEAR_LO && x < NEAR_HI) {
    if (x === 1) return 0;
    const r = x - 1;
    const r2 = r * r;
    const r3 = r * r2;
    const w0 = r * 134217728;
    const rhi = r + w0 - w0;
    const rlo = r - rhi;
    const w = rhi * rhi * B0; // exact
    const hi = r + w;
    const base = r - hi + w;
    // Fast path: the unfused evaluation, accepted when the fused one cannot round differently
    // (see the table path below).
    const corr = B0 * rlo * (rhi + r);
    const loU = base + corr;
    const u3U =
      r3 * (r3 * (r3 * B10 + (r2 * B9 + (r * B8 + B7))) + (r2 * B6 + (r * B5 + B4))) +
      (r2 * B3 + (r * B2 + B1));
    const tU = r3 * u3U + loU;
    const y = tU + hi;
    const v = y - tU;
    const e = tU - (y - v) + (hi - v);
    const bound =
      2.5e-15 * (Math.abs(r3 * u3U) + Math.abs(loU) + Math.abs(corr) + Math.abs(tU)) + 1e-300;
    if (y + (e + bound) === y && y + (e - bound) === y) return y;
    const u1 = fma(r3, B10, fma(r2, B9, fma(r, B8, B7)));
    const u2 = fma(r3, u1, fma(r2, B6, fma(r, B5, B4)));
    const u3 = fma(r3, u2, fma(r2, B3, fma(r, B2, B1)));
    const lo = fma(B0 * rlo, rhi + r, base);
    // GCC fuses y = r3 * u3 into the following y += lo.
    return fma(r3, u3, lo) + hi;
  }
  if (!(x > 0) || x === Infinity) {
    if (x === 0) return -Infinity;
    if (x === Infinity) return Infinity;
    return NaN;
  }
  bits[0] = x;
  let hiWord = words[1]!;
  let extraK = 0;
  if (hiWord < 0x00100000) {
    // subnormal: normalise
    bits[0] = x * 4503599627370496; // 2^52
    hiWord = words[1]!;
    extraK = -52;
  }
  // tmp = ix - 0x3fe6000000000000 (the low word is unaffected).
  const tmpHi = (hiWord - 0x3fe60000) | 0;
  const i = (tmpHi >>> (52 - 32 - 7)) & 127;
  const k = (tmpHi >> 20) + extraK;
  // iz = ix - (tmp & 0xfff << 52): the exponent field becomes that of z in [0x1.6p-1, 0x1.6p0).
  words[1] = (words[1]! - (tmpHi & 0xfff00000)) | 0;
  const z = bits[0];
  const invc = LOG_TABLE[2 * i]!;
  const logc = LOG_TABLE[2 * i + 1]!;
  // r = fma(z, invc, -1): z*invc - 1 is exact (Sterbenz), so one rounding of it plus the error.
  const p = z * invc;
  const r = p - 1 + twoProductError(z, invc, p);
  const kd = k;
  // kd is an integer of at most 11 bits and LN2_HI has 42 significant bits: the product is exact,
  // so glibc's fma(kd, LN2_HI, logc) equals this plain expression.
  const w = kd * LN2_HI + logc;
  const hi = w + r;
  const r2 = r * r;
  // Fast path: the same evaluation without fusing. Each fused/unfused pair differs by less than
  // 2^-51 of the magnitudes involved; if moving the last sum by twice that bound cannot change its
  // rounding, the fused (glibc) result is the same double.
  const base = w - hi + r;
  const lnLo = kd * LN2_LO;
  const loU = lnLo + base;
  const t3U = r2 * (r * A4 + A3) + (r * A2 + A1);
  const rr2 = r * r2;
  const t4U = r2 * A0 + loU;
  const t5U = rr2 * t3U + t4U;
  const y = t5U + hi;
  const v = y - t5U;
  const e = t5U - (y - v) + (hi - v);
  const bound =
    2.5e-15 *
      (Math.abs(lnLo) +
        Math.abs(loU) +
        Math.abs(r2 * A0) +
        Math.abs(t4U) +
        Math.abs(rr2 * t3U) +
        Math.abs(t5U)) +
    1e-300;
  if (y + (e + bound) === y && y + (e - bound) === y) return y;
  const lo = fma(kd, LN2_LO, base);
  const t1 = fma(r, A4, A3);
  const t2 = fma(r, A2, A1);
  const t3 = fma(r2, t1, t2);
  const t4 = fma(r2, A0, lo);
  const t5 = fma(rr2, t3, t4);
  return t5 + hi;
}
