import { fma, twoProductError } from './fma.js';
import { RandomState } from './random-state.js';

/** Exact `a·b + c` rounded to nearest-even, with BigInt rationals: the reference for `fma`. */
function exactFma(a: number, b: number, c: number): number {
  const parts = (x: number): [bigint, number] => {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    const hi = view.getUint32(0);
    const lo = view.getUint32(4);
    const exponent = (hi >>> 20) & 0x7ff;
    let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    if (exponent !== 0) mantissa |= 1n << 52n;
    const e = exponent === 0 ? -1074 : exponent - 1075;
    return [hi >>> 31 ? -mantissa : mantissa, e];
  };
  const [ma, ea] = parts(a);
  const [mb, eb] = parts(b);
  const [mc, ec] = parts(c);
  const ep = ea + eb;
  const e = Math.min(ep, ec);
  let num = ma * mb * (1n << BigInt(ep - e)) + mc * (1n << BigInt(ec - e));
  if (num === 0n) return 0;
  const negative = num < 0n;
  if (negative) num = -num;
  const shift = num.toString(2).length - 53;
  let m = num;
  if (shift > 0) {
    m = num >> BigInt(shift);
    const rest = num - (m << BigInt(shift));
    const half = 1n << BigInt(shift - 1);
    if (rest > half || (rest === half && (m & 1n) === 1n)) m += 1n;
  }
  const value = Number(m) * 2 ** (e + Math.max(shift, 0));
  return negative ? -value : value;
}

describe('fma', () => {
  it('equals the exactly rounded a·b + c on 20,000 triples, cancellations and ties included', () => {
    const rng = new RandomState(11);
    const scaled = () => (rng.randomSample() - 0.5) * 2 ** rng.randint(-20, 20);
    let checked = 0;
    for (let i = 0; i < 20000; i++) {
      let a = scaled();
      let b = scaled();
      let c: number;
      switch (i % 4) {
        case 0:
          c = scaled();
          break;
        case 1:
          c = -a * b * (1 + (rng.randomSample() - 0.5) * 1e-10); // cancellation
          break;
        case 2:
          c = a * b * 2 ** rng.randint(-55, 55); // far apart magnitudes, near ties
          break;
        default:
          a = rng.randint(0, 2 ** 26) + 0.5; // products with exact halves: rounding ties
          b = rng.randint(0, 2 ** 26) + 0.5;
          c = rng.randint(0, 2 ** 52) * 2 ** rng.randint(0, 10);
      }
      expect(fma(a, b, c)).toBe(exactFma(a, b, c));
      checked++;
    }
    expect(checked).toBe(20000);
  });

  it('gives the exact product error', () => {
    const a = 1 + 2 ** -30;
    const p = a * a;
    expect(twoProductError(a, a, p)).toBe(2 ** -60);
  });
});
