import { boolean, custom } from '@bnkit/core';
import { DatasetsParameterError } from './errors.js';
import { glibcLog } from './glibc-log.js';
import {
  checkBoolean,
  checkInteger,
  checkNumber,
  checkOptionsFor,
  sizeToCount,
} from './validate.js';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const TWO_32 = 4294967296;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** numpy's POISSON_LAM_MAX: INT64_MAX − 10·√INT64_MAX. */
const POISSON_LAM_MAX = 9.223372006484771e18;

/** An element count (`10`) or a shape (`[3, 4]`, filled in row-major order), as numpy's `size`. */
export type Size = number | readonly number[];

/** A seed as numpy's `RandomState` accepts it: an integer in [0, 2^32), or an array of them. */
export type Seed = number | readonly number[] | Uint32Array;

/** The complete generator state, as numpy's `get_state()` returns it. */
export interface RandomStateState {
  algorithm: 'MT19937';
  /** The 624 words of the Mersenne Twister state. */
  key: Uint32Array;
  /** Position in `key`, 0..624 (624: the next draw regenerates the state). */
  pos: number;
  /** Whether a second Gaussian value is cached from the last pair. */
  hasGauss: boolean;
  /** The cached Gaussian value (0 when none). */
  cachedGaussian: number;
}

/** Options of {@link RandomState.choice}. */
export interface ChoiceOptions {
  /** Draw with replacement (default `true`). */
  replace?: boolean;
  /** Probabilities of each entry of the pool; default uniform. */
  p?: ArrayLike<number>;
}

/** Every option of {@link RandomState.choice} and what it accepts. */
const CHOICE_OPTIONS = {
  replace: boolean(),
  p: custom(
    'an array of probabilities, one per entry of the pool',
    (v): v is ArrayLike<number> =>
      v !== null && typeof v === 'object' && typeof (v as { length?: unknown }).length === 'number',
  ),
};

function validateSeed(seed: Seed): number[] {
  if (typeof seed === 'number') {
    return [checkInteger('seed', seed, 0, TWO_32 - 1)];
  }
  const items = Array.from(seed as ArrayLike<unknown>);
  if (items.length === 0) {
    throw new DatasetsParameterError('seed', seed, 'a non-empty array of integers in [0, 2^32)');
  }
  for (const item of items) {
    if (typeof item !== 'number' || !Number.isInteger(item) || item < 0 || item >= TWO_32) {
      throw new DatasetsParameterError(
        'seed',
        seed,
        'an integer in [0, 2^32) or a non-empty array of such integers',
      );
    }
  }
  return items as number[];
}

/**
 * numpy's legacy `RandomState` (MT19937), reproduced bit for bit: the same seed gives the same
 * uniforms, normals, integers, permutations and Poisson draws as numpy 1.17+ (normals exactly as
 * on Linux x86-64, whose glibc `log` is reproduced). Arrays are returned as typed arrays filled in
 * row-major (C) order.
 *
 * @example
 * ```ts
 * import { RandomState } from '@bnkit/datasets';
 * const rng = new RandomState(42);
 * rng.randomSample(3); // Float64Array [0.3745401188473625, 0.9507143064099162, 0.7319939418114051]
 * rng.standardNormal(); // same as np.random.RandomState(42) after three random_sample() draws
 * ```
 */
export class RandomState {
  private readonly mt = new Uint32Array(N);
  /** The tempered outputs of the current block of `mt` (valid while `pos < N`). */
  private readonly tempered = new Int32Array(N);
  private pos = N;
  private hasGauss = false;
  private gauss = 0;

  /**
   * @param seed An integer in [0, 2^32), an array of such integers, or nothing for an
   *   unpredictable seed from the platform's cryptographic source.
   */
  constructor(seed?: Seed) {
    this.seed(seed);
  }

  /**
   * Re-seeds the generator exactly as numpy's `RandomState.seed` does, clearing the cached
   * Gaussian value.
   *
   * @example
   * ```ts
   * const rng = new RandomState(1);
   * rng.seed(42); // same stream as new RandomState(42)
   * ```
   */
  seed(seed?: Seed): void {
    if (seed === undefined) {
      const words = new Uint32Array(4);
      globalThis.crypto.getRandomValues(words);
      this.initByArray(Array.from(words));
    } else {
      const key = validateSeed(seed);
      if (typeof seed === 'number') this.initGenrand(key[0]!);
      else this.initByArray(key);
    }
    this.hasGauss = false;
    this.gauss = 0;
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]!;
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.pos = N;
  }

  private initByArray(key: readonly number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    const length = key.length;
    for (let k = Math.max(N, length); k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j]! + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
      if (j >= length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.pos = N;
  }

  private refill(): void {
    // Constants as int32 (|0) keep every value in V8's 32-bit integer representation.
    const mt = this.mt;
    const upper = UPPER_MASK | 0;
    const matrix = MATRIX_A | 0;
    let kk = 0;
    let y: number;
    for (; kk < N - M; kk++) {
      y = (mt[kk]! & upper) | (mt[kk + 1]! & LOWER_MASK);
      mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (-(y & 1) & matrix);
    }
    for (; kk < N - 1; kk++) {
      y = (mt[kk]! & upper) | (mt[kk + 1]! & LOWER_MASK);
      mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (-(y & 1) & matrix);
    }
    y = (mt[N - 1]! & upper) | (mt[0]! & LOWER_MASK);
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (-(y & 1) & matrix);
    this.temperAll();
    this.pos = 0;
  }

  /** Tempers the whole block once, so that each draw is a single array read. */
  private temperAll(): void {
    const mt = this.mt;
    const out = this.tempered;
    for (let i = 0; i < N; i++) {
      let y = mt[i]! | 0;
      y ^= y >>> 11;
      y ^= (y << 7) & 0x9d2c5680;
      y ^= (y << 15) & 0xefc60000;
      y ^= y >>> 18;
      out[i] = y;
    }
  }

  /**
   * One raw 32-bit output of MT19937 (numpy's `next_uint32`), as an unsigned integer.
   *
   * @example
   * ```ts
   * new RandomState(42).nextUint32(); // 1608637542
   * ```
   */
  nextUint32(): number {
    if (this.pos >= N) this.refill();
    return this.tempered[this.pos++]! >>> 0;
  }

  /**
   * One double in [0, 1) with 53 random bits (numpy's `next_double`, MT's `genrand_res53`).
   *
   * @example
   * ```ts
   * new RandomState(42).nextDouble(); // 0.3745401188473625
   * ```
   */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** One legacy Gaussian value (numpy's `legacy_gauss`, polar Box–Muller with a cache). */
  private nextGauss(): number {
    if (this.hasGauss) {
      const cached = this.gauss;
      this.hasGauss = false;
      this.gauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.nextDouble() - 1;
      x2 = 2 * this.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * glibcLog(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** Fills `out` with `next_double` values: the hot loop of the uniform samplers, inlined. */
  private fillDoubles(out: Float64Array): void {
    const tb = this.tempered;
    const n = out.length;
    for (let i = 0; i < n; i++) {
      const pos = this.pos;
      if (pos + 2 <= N) {
        out[i] = ((tb[pos]! >>> 5) * 67108864 + (tb[pos + 1]! >>> 6)) / 9007199254740992;
        this.pos = pos + 2;
      } else {
        out[i] = this.nextDouble();
      }
    }
  }

  /** Fills `out` with legacy Gaussian values, pairs at a time, honouring the cache. */
  private fillGauss(out: Float64Array): void {
    const n = out.length;
    let i = 0;
    if (n > 0 && this.hasGauss) out[i++] = this.nextGauss();
    const tb = this.tempered;
    for (; i + 1 < n; i += 2) {
      let x1: number;
      let x2: number;
      let r2: number;
      do {
        const pos = this.pos;
        if (pos + 4 <= N) {
          // two next_double values from four tempered words, x1's first
          x1 = 2 * (((tb[pos]! >>> 5) * 67108864 + (tb[pos + 1]! >>> 6)) / 9007199254740992) - 1;
          x2 =
            2 * (((tb[pos + 2]! >>> 5) * 67108864 + (tb[pos + 3]! >>> 6)) / 9007199254740992) - 1;
          this.pos = pos + 4;
        } else {
          x1 = 2 * this.nextDouble() - 1;
          x2 = 2 * this.nextDouble() - 1;
        }
        r2 = x1 * x1 + x2 * x2;
      } while (r2 >= 1 || r2 === 0);
      const f = Math.sqrt((-2 * glibcLog(r2)) / r2);
      out[i] = f * x2;
      out[i + 1] = f * x1;
    }
    if (i < n) out[i] = this.nextGauss();
  }

  /** A masked-rejection integer in [0, rng] (numpy's `random_interval` / bounded uint64). */
  private boundedInterval(rng: number): number {
    if (rng === 0) return 0;
    if (rng === 0xffffffff) return this.nextUint32();
    if (rng < 0xffffffff) {
      const mask = 0xffffffff >>> Math.clz32(rng);
      let value: number;
      do {
        value = (this.nextUint32() & mask) >>> 0;
      } while (value > rng);
      return value;
    }
    const big = BigInt(rng);
    let mask = big;
    for (let shift = 1n; shift <= 32n; shift *= 2n) mask |= mask >> shift;
    let value: bigint;
    do {
      const hi = BigInt(this.nextUint32());
      const lo = BigInt(this.nextUint32());
      value = ((hi << 32n) | lo) & mask;
    } while (value > big);
    return Number(value);
  }

  /**
   * A random integer in [0, max], as numpy's `random_interval` (the draw `shuffle` uses).
   *
   * @example
   * ```ts
   * new RandomState(0).randomInterval(9); // an index in 0..9
   * ```
   */
  randomInterval(max: number): number {
    return this.boundedInterval(checkInteger('max', max, 0));
  }

  /**
   * Uniform doubles in [0, 1), as numpy's `random_sample` / `random` / `rand`.
   *
   * @example
   * ```ts
   * new RandomState(0).randomSample([2, 2]); // 4 values, row-major
   * ```
   */
  randomSample(): number;
  randomSample(size: Size): Float64Array;
  randomSample(size?: Size): number | Float64Array {
    if (size === undefined) return this.nextDouble();
    const out = new Float64Array(sizeToCount('size', size));
    this.fillDoubles(out);
    return out;
  }

  /**
   * Uniform doubles in [low, high): `low + (high − low)·u`, as numpy's `uniform`.
   *
   * @example
   * ```ts
   * new RandomState(42).uniform(-10, 10, [3, 2]);
   * ```
   */
  uniform(low?: number, high?: number): number;
  uniform(low: number | undefined, high: number | undefined, size: Size): Float64Array;
  uniform(low = 0, high = 1, size?: Size): number | Float64Array {
    checkNumber('low', low);
    checkNumber('high', high);
    const range = high - low;
    if (!Number.isFinite(range)) {
      throw new DatasetsParameterError(
        'high',
        high,
        'a finite high − low',
        'The range exceeds valid bounds.',
      );
    }
    if (size === undefined) return low + range * this.nextDouble();
    const out = new Float64Array(sizeToCount('size', size));
    this.fillDoubles(out);
    for (let i = 0; i < out.length; i++) out[i] = low + range * out[i]!;
    return out;
  }

  /**
   * Standard normal values (numpy's legacy `standard_normal` / `randn`). An odd count leaves one
   * value cached for the next normal call, as in numpy.
   *
   * @example
   * ```ts
   * new RandomState(42).standardNormal(4);
   * ```
   */
  standardNormal(): number;
  standardNormal(size: Size): Float64Array;
  standardNormal(size?: Size): number | Float64Array {
    if (size === undefined) return this.nextGauss();
    const out = new Float64Array(sizeToCount('size', size));
    this.fillGauss(out);
    return out;
  }

  /**
   * Normal values `loc + scale·g` (numpy's legacy `normal`). `loc` and `scale` may be arrays
   * broadcast over the trailing axis: element `i` uses `loc[i % loc.length]`.
   *
   * @example
   * ```ts
   * new RandomState(0).normal([0, 10], 1, [5, 2]); // two columns centred at 0 and 10
   * ```
   */
  normal(loc?: number, scale?: number): number;
  normal(
    loc: number | ArrayLike<number> | undefined,
    scale: number | ArrayLike<number> | undefined,
    size: Size,
  ): Float64Array;
  normal(
    loc: number | ArrayLike<number> = 0,
    scale: number | ArrayLike<number> = 1,
    size?: Size,
  ): number | Float64Array {
    const locs = typeof loc === 'number' ? [checkNumber('loc', loc)] : Array.from(loc);
    const scales = typeof scale === 'number' ? [scale] : Array.from(scale);
    for (const value of locs) checkNumber('loc', value);
    for (const value of scales) checkNumber('scale', value, { min: 0 });
    if (size === undefined) {
      if (locs.length !== 1 || scales.length !== 1) {
        throw new DatasetsParameterError('size', size, 'a size when loc or scale is an array');
      }
      return locs[0]! + scales[0]! * this.nextGauss();
    }
    const count = sizeToCount('size', size);
    for (const [name, values] of [
      ['loc', locs],
      ['scale', scales],
    ] as const) {
      if (values.length === 0 || count % values.length !== 0) {
        throw new DatasetsParameterError(
          name,
          values,
          `a number or an array whose length divides the size (${count})`,
        );
      }
    }
    const out = new Float64Array(count);
    this.fillGauss(out);
    const nl = locs.length;
    const ns = scales.length;
    for (let i = 0; i < count; i++) out[i] = locs[i % nl]! + scales[i % ns]! * out[i]!;
    return out;
  }

  /**
   * Integers in [low, high) by numpy's masked rejection (`randint` with the default int64 dtype).
   * With one bound, draws from [0, low). A range of one value consumes no draws.
   *
   * @example
   * ```ts
   * new RandomState(42).randint(0, 10, 5); // Float64Array [6, 3, 7, 4, 6]
   * ```
   */
  randint(low: number, high?: number): number;
  randint(low: number, high: number | undefined, size: Size): Float64Array;
  randint(low: number, high?: number, size?: Size): number | Float64Array {
    let lo = low;
    let hi = high;
    if (hi === undefined) {
      hi = low;
      lo = 0;
    }
    const name = high === undefined ? 'low' : 'high';
    checkInteger('low', lo, -MAX_SAFE, MAX_SAFE);
    checkInteger(name, hi, -MAX_SAFE, MAX_SAFE);
    if (hi <= lo) {
      throw new DatasetsParameterError(
        name,
        hi,
        `an integer greater than low (${lo})`,
        'low >= high.',
      );
    }
    const rng = hi - 1 - lo;
    if (size === undefined) return lo + this.boundedInterval(rng);
    const out = new Float64Array(sizeToCount('size', size));
    for (let i = 0; i < out.length; i++) out[i] = lo + this.boundedInterval(rng);
    return out;
  }

  /**
   * Shuffles in place along the first axis, as numpy's `shuffle`: for i from n−1 down to 1,
   * swap element i with a random element of [0, i]. With `rowLength`, a flat row-major array is
   * shuffled by whole rows of that length.
   *
   * @example
   * ```ts
   * const rows = Float64Array.of(1, 2, 3, 4, 5, 6);
   * new RandomState(0).shuffle(rows, 2); // shuffles the three rows [1,2], [3,4], [5,6]
   * ```
   */
  shuffle<T extends { length: number; [index: number]: unknown }>(array: T, rowLength = 1): T {
    if (array === null || typeof array !== 'object' || typeof array.length !== 'number') {
      throw new DatasetsParameterError('array', array, 'an array or a typed array');
    }
    checkInteger('rowLength', rowLength, 1);
    if (array.length % rowLength !== 0) {
      throw new DatasetsParameterError(
        'rowLength',
        rowLength,
        `a divisor of the array length (${array.length})`,
      );
    }
    const n = array.length / rowLength;
    const a = array as { [index: number]: unknown };
    for (let i = n - 1; i > 0; i--) {
      const j = this.boundedInterval(i);
      if (rowLength === 1) {
        const tmp = a[i];
        a[i] = a[j];
        a[j] = tmp;
      } else {
        for (let c = 0; c < rowLength; c++) {
          const tmp = a[i * rowLength + c];
          a[i * rowLength + c] = a[j * rowLength + c];
          a[j * rowLength + c] = tmp;
        }
      }
    }
    return array;
  }

  /**
   * A random permutation: of `0..n−1` for an integer (as an `Int32Array`), or a shuffled copy of
   * an array (same type as the input), as numpy's `permutation`.
   *
   * @example
   * ```ts
   * new RandomState(42).permutation(5); // Int32Array [1, 4, 2, 0, 3]
   * ```
   */
  permutation(n: number): Int32Array;
  permutation<T extends ArrayLike<unknown>>(array: T): T extends number[] ? number[] : T;
  permutation(nOrArray: number | ArrayLike<unknown>): unknown {
    if (typeof nOrArray === 'number') {
      const n = checkInteger('n', nOrArray, 0, 2 ** 31 - 1);
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = i;
      return this.shuffle(out);
    }
    if (Array.isArray(nOrArray)) return this.shuffle(nOrArray.slice());
    if (ArrayBuffer.isView(nOrArray) && !(nOrArray instanceof DataView)) {
      return this.shuffle((nOrArray as unknown as Float64Array).slice());
    }
    throw new DatasetsParameterError('n', nOrArray, 'a non-negative integer or an array');
  }

  /**
   * Random draws from a pool, as numpy's legacy `choice`: `a` is a pool size (giving indices) or
   * an array of values. With replacement and no `p` this is `randint(0, n)`; with `p`, a
   * cumulative-probability search; without replacement, the head of a full permutation.
   *
   * @example
   * ```ts
   * new RandomState(1).choice(10, 3, { replace: false });
   * ```
   */
  choice(a: number | ArrayLike<number>, size: Size = 1, options: ChoiceOptions = {}): Float64Array {
    const o = checkOptionsFor('RandomState.choice', options, CHOICE_OPTIONS);
    const replace = o.replace ?? true;
    let pool: ArrayLike<number> | null = null;
    let n: number;
    if (typeof a === 'number') {
      n = checkInteger('a', a, 0);
    } else if (a !== null && typeof a === 'object' && typeof a.length === 'number') {
      pool = a;
      n = a.length;
    } else {
      throw new DatasetsParameterError('a', a, 'a non-negative integer or an array of numbers');
    }
    const count = sizeToCount('size', size);
    if (n === 0 && count > 0) {
      throw new DatasetsParameterError('a', a, 'a non-empty pool when size > 0');
    }
    let p: Float64Array | null = null;
    if (options.p !== undefined) {
      p = Float64Array.from(options.p as ArrayLike<number>);
      if (p.length !== n) {
        throw new DatasetsParameterError('p', options.p, `an array of ${n} probabilities`);
      }
      let total = 0;
      for (const value of p) {
        if (!(value >= 0) || !Number.isFinite(value)) {
          throw new DatasetsParameterError('p', options.p, 'non-negative finite probabilities');
        }
        total += value;
      }
      if (Math.abs(total - 1) > Math.sqrt(Number.EPSILON)) {
        throw new DatasetsParameterError('p', options.p, 'probabilities that sum to 1');
      }
    }
    const idx = new Float64Array(count);
    if (replace) {
      if (p) {
        const cdf = cumsumNormalised(p);
        for (let i = 0; i < count; i++) idx[i] = searchsortedRight(cdf, this.nextDouble());
      } else {
        for (let i = 0; i < count; i++) idx[i] = this.boundedInterval(n - 1);
      }
    } else {
      if (count > n) {
        throw new DatasetsParameterError(
          'size',
          size,
          `at most the pool size (${n}) when replace is false`,
        );
      }
      if (p) {
        let nonZero = 0;
        for (const value of p) if (value > 0) nonZero++;
        if (nonZero < count) {
          throw new DatasetsParameterError('p', options.p, `at least ${count} non-zero entries`);
        }
        const weights = p.slice();
        let found = 0;
        while (found < count) {
          const draws = this.randomSample(count - found);
          for (let i = 0; i < found; i++) weights[idx[i]!] = 0;
          const cdf = cumsumNormalised(weights);
          const seen = new Set<number>();
          const fresh: number[] = [];
          for (const u of draws) {
            const k = searchsortedRight(cdf, u);
            if (!seen.has(k)) {
              seen.add(k);
              fresh.push(k);
            }
          }
          for (const k of fresh) idx[found++] = k;
        }
      } else {
        const perm = this.permutation(n);
        for (let i = 0; i < count; i++) idx[i] = perm[i]!;
      }
    }
    if (pool) {
      for (let i = 0; i < count; i++) idx[i] = pool[idx[i]!]!;
    }
    return idx;
  }

  /**
   * Poisson counts (numpy's legacy `poisson`): products of uniforms below λ = 10, Hörmann's PTRS
   * with numpy's log-gamma series at and above.
   *
   * @example
   * ```ts
   * new RandomState(0).poisson(50, 4);
   * ```
   */
  poisson(lam?: number): number;
  poisson(lam: number | undefined, size: Size): Float64Array;
  poisson(lam = 1, size?: Size): number | Float64Array {
    checkNumber('lam', lam, { min: 0, max: POISSON_LAM_MAX });
    if (size === undefined) return this.nextPoisson(lam);
    const out = new Float64Array(sizeToCount('size', size));
    for (let i = 0; i < out.length; i++) out[i] = this.nextPoisson(lam);
    return out;
  }

  private nextPoisson(lam: number): number {
    if (lam >= 10) return this.poissonPtrs(lam);
    if (lam === 0) return 0;
    const enlam = Math.exp(-lam);
    let x = 0;
    let prod = 1;
    for (;;) {
      prod *= this.nextDouble();
      if (prod > enlam) x += 1;
      else return x;
    }
  }

  private poissonPtrs(lam: number): number {
    const slam = Math.sqrt(lam);
    const loglam = glibcLog(lam);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const U = this.nextDouble() - 0.5;
      const V = this.nextDouble();
      const us = 0.5 - Math.abs(U);
      const k = Math.floor(((2 * a) / us + b) * U + lam + 0.43);
      if (us >= 0.07 && V <= vr) return k;
      if (k < 0 || (us < 0.013 && V > us)) continue;
      if (
        glibcLog(V) + glibcLog(invalpha) - glibcLog(a / (us * us) + b) <=
        -lam + k * loglam - loggam(k + 1)
      ) {
        return k;
      }
    }
  }

  /**
   * A copy of the complete state (numpy's `get_state()`), to resume the stream later with
   * {@link RandomState.setState}.
   *
   * @example
   * ```ts
   * const rng = new RandomState(3);
   * const saved = rng.getState();
   * const a = rng.standardNormal(3);
   * rng.setState(saved);
   * rng.standardNormal(3); // equal to a
   * ```
   */
  getState(): RandomStateState {
    return {
      algorithm: 'MT19937',
      key: this.mt.slice(),
      pos: this.pos,
      hasGauss: this.hasGauss,
      cachedGaussian: this.gauss,
    };
  }

  /**
   * Restores a state from {@link RandomState.getState} (or numpy's `get_state()` converted to
   * this shape).
   *
   * @example
   * ```ts
   * const other = new RandomState(0);
   * other.setState(new RandomState(42).getState()); // now continues like RandomState(42)
   * ```
   */
  setState(state: RandomStateState): void {
    if (state === null || typeof state !== 'object' || state.algorithm !== 'MT19937') {
      throw new DatasetsParameterError(
        'state',
        state,
        "an object from getState() with algorithm 'MT19937'",
      );
    }
    const key = Array.from(state.key ?? []);
    if (key.length !== N || key.some((w) => !Number.isInteger(w) || w < 0 || w >= TWO_32)) {
      throw new DatasetsParameterError('state.key', state.key, '624 integers in [0, 2^32)');
    }
    checkInteger('state.pos', state.pos, 0, N);
    checkBoolean('state.hasGauss', state.hasGauss);
    checkNumber('state.cachedGaussian', state.cachedGaussian);
    this.mt.set(key);
    this.temperAll();
    this.pos = state.pos;
    this.hasGauss = state.hasGauss;
    this.gauss = state.hasGauss ? state.cachedGaussian : 0;
  }
}

/** numpy's `random_loggam`: log Γ(x) by the Zhang–Jin series after shifting x to at least 7. */
function loggam(x: number): number {
  const a = [
    8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4,
    8.417508417508418e-4, -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2,
    1.796443723688307e-1, -1.3924322169059,
  ];
  if (x === 1 || x === 2) return 0;
  const n = x < 7 ? Math.trunc(7 - x) : 0;
  let x0 = x + n;
  const x2 = (1 / x0) * (1 / x0);
  const lg2pi = 1.8378770664093453;
  let gl0 = a[9]!;
  for (let k = 8; k >= 0; k--) {
    gl0 *= x2;
    gl0 += a[k]!;
  }
  let gl = gl0 / x0 + 0.5 * lg2pi + (x0 - 0.5) * glibcLog(x0) - x0;
  if (x < 7) {
    for (let k = 1; k <= n; k++) {
      gl -= glibcLog(x0 - 1);
      x0 -= 1;
    }
  }
  return gl;
}

/** Sequential cumulative sum divided by its last value (numpy `cumsum` then `/= cdf[-1]`). */
export function cumsumNormalised(p: ArrayLike<number>): Float64Array {
  const cdf = new Float64Array(p.length);
  let acc = 0;
  for (let i = 0; i < p.length; i++) {
    acc += p[i]!;
    cdf[i] = acc;
  }
  const last = cdf[cdf.length - 1]!;
  for (let i = 0; i < cdf.length; i++) cdf[i] = cdf[i]! / last;
  return cdf;
}

/** First index i with `sorted[i] > value` (numpy `searchsorted(side='right')`). */
export function searchsortedRight(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i with `sorted[i] >= value` (numpy `searchsorted(side='left')`). */
export function searchsortedLeft(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
