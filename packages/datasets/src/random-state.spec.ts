import { createHash } from 'node:crypto';
import fixture from './__fixtures__/random-state.json';
import { DatasetsParameterError } from './errors.js';
import { glibcLog } from './glibc-log.js';
import { RandomState } from './random-state.js';

// Exact-stream checks draw millions of values; the machine running CI may be busy.
jest.setTimeout(60_000);

function sha256(values: ArrayLike<number>): string {
  const bytes = Float64Array.from(values);
  return createHash('sha256').update(new Uint8Array(bytes.buffer)).digest('hex');
}

const list = (values: ArrayLike<number>): number[] => Array.from(values);

describe('RandomState', () => {
  describe.each(fixture.cases.map((c) => [JSON.stringify(c.seed), c] as const))(
    'seed %s against numpy 1.24.2',
    (_name, c) => {
      const rs = new RandomState(c.seed as number | number[]);
      // Each `it` continues the same stream, in the order numpy drew it.
      it('reproduces raw 32-bit draws, random_sample and uniform exactly', () => {
        expect(Array.from({ length: 8 }, () => rs.nextUint32())).toEqual(c.raw);
        expect(list(rs.randomSample(9))).toEqual(c.randomSample);
        expect(list(rs.uniform(-3.5, 7.25, 7))).toEqual(c.uniform);
      });
      it('reproduces standard_normal and normal exactly, carrying the Gaussian cache', () => {
        expect(list(rs.standardNormal(11))).toEqual(c.standardNormal);
        expect(list(rs.normal(1.5, 2.0, 6))).toEqual(c.normal);
        expect(list(rs.normal([0, 10, -5], 0.5, [3, 3]))).toEqual(c.normalLoc);
      });
      it('reproduces randint for small, wide, 64-bit and full 32-bit ranges', () => {
        expect(list(rs.randint(0, 10, 12))).toEqual(c.randint10);
        expect(list(rs.randint(-5, 1000, 8))).toEqual(c.randintWide);
        expect(list(rs.randint(0, 2 ** 33 + 12345, 4))).toEqual(c.randintHuge);
        expect(rs.randint(7)).toBe(c.randintScalar);
        expect(list(rs.randint(0, 2 ** 32, 3))).toEqual(c.randintFull);
      });
      it('reproduces permutation and shuffle of lists, rows and arrays', () => {
        expect(list(rs.permutation(10))).toEqual(c.permutation);
        expect(rs.shuffle([0, 1, 2, 3, 4, 5, 6])).toEqual(c.shuffleList);
        const rows = Float64Array.from({ length: 12 }, (_, i) => i);
        expect(list(rs.shuffle(rows, 3))).toEqual(c.shuffleRows);
        expect(list(rs.permutation(Float64Array.of(3.5, -1, 2, 8, 0)))).toEqual(c.permutationArray);
      });
      it('reproduces choice with and without replacement and probabilities', () => {
        expect(list(rs.choice(6, 8))).toEqual(c.choiceReplace);
        expect(list(rs.choice(9, 4, { replace: false }))).toEqual(c.choiceNoReplace);
        expect(list(rs.choice(4, 10, { p: [0.1, 0.2, 0.3, 0.4] }))).toEqual(c.choiceP);
        expect(list(rs.choice(5, 3, { replace: false, p: [0.05, 0.5, 0.2, 0.05, 0.2] }))).toEqual(
          c.choicePNoReplace,
        );
        expect(list(rs.choice([10, 20, 30], 5))).toEqual(c.choiceArray);
      });
      it('reproduces poisson below and above lambda 10', () => {
        expect(list(rs.poisson(2, 15))).toEqual(c.poisson2);
        expect(list(rs.poisson(50, 15))).toEqual(c.poisson50);
        expect(list(rs.poisson(12.5, 10))).toEqual(c.poisson12);
        expect(list(rs.poisson(0, 3))).toEqual(c.poisson0);
        expect(rs.standardNormal()).toBe(c.afterNormal);
      });
      it('ends in the same state as numpy get_state()', () => {
        const state = rs.getState();
        expect(list(state.key)).toEqual(c.state.key);
        expect(state.pos).toBe(c.state.pos);
        expect(state.hasGauss).toBe(c.state.hasGauss);
        expect(state.cachedGaussian).toBe(c.state.cachedGaussian);
      });
    },
  );

  it('matches 1,000,000 numpy uniforms and normals bit for bit', () => {
    expect(sha256(new RandomState(7).randomSample(1_000_000))).toBe(fixture.hashes.uniform1M);
    expect(sha256(new RandomState(8).standardNormal(1_000_000))).toBe(fixture.hashes.normal1M);
  });

  it('matches 100,000 numpy poisson(30) and randint draws', () => {
    expect(sha256(new RandomState(9).poisson(30, 100_000))).toBe(fixture.hashes.poisson);
    expect(sha256(new RandomState(10).randint(0, 1000003, 100_000))).toBe(fixture.hashes.randint);
  });

  it('resumes a stream, Gaussian cache included, with getState/setState', () => {
    const rs = new RandomState(3);
    rs.standardNormal(3);
    const saved = rs.getState();
    const first = list(rs.standardNormal(5));
    const other = new RandomState(99);
    other.setState(saved);
    expect(list(other.standardNormal(5))).toEqual(first);
    saved.key[0] = 1; // a copy: mutating it does not touch the generator
    expect(rs.getState().key[0]).not.toBe(1);
  });

  it('re-seeds with seed() and draws unpredictable streams without a seed', () => {
    const rs = new RandomState(1);
    rs.standardNormal(1);
    rs.seed(42);
    expect(list(rs.randomSample(3))).toEqual(list(new RandomState(42).randomSample(3)));
    expect(list(new RandomState().randomSample(2))).not.toEqual(
      list(new RandomState().randomSample(2)),
    );
  });

  it('rejects bad seeds, sizes and parameters with the value and what is accepted', () => {
    expect(() => new RandomState(-1)).toThrow(DatasetsParameterError);
    expect(() => new RandomState(2 ** 32)).toThrow(
      /seed must be an integer in \[0, 4294967295\]; received 4294967296/,
    );
    expect(() => new RandomState(1.5)).toThrow(/seed/);
    expect(() => new RandomState([])).toThrow(/non-empty/);
    expect(() => new RandomState([1, -2])).toThrow(/seed/);
    const rs = new RandomState(0);
    expect(() => rs.randomSample(-1)).toThrow(/size must be .*; received -1/);
    expect(() => rs.randomSample(2.5)).toThrow(/size/);
    expect(() => rs.randint(5, 5)).toThrow(/high must be .*; received 5\. low >= high/);
    expect(() => rs.randint(0.5, 3)).toThrow(/low/);
    expect(() => rs.normal(0, -1, 2)).toThrow(/scale must be a finite number >= 0; received -1/);
    expect(() => rs.normal(NaN, 1, 2)).toThrow(/loc must be .*; received NaN/);
    expect(() => rs.uniform(0, Infinity, 2)).toThrow(/high/);
    expect(() => rs.uniform(-Number.MAX_VALUE, Number.MAX_VALUE, 2)).toThrow(/range exceeds/);
    expect(() => rs.poisson(-1, 2)).toThrow(/lam must be .*; received -1/);
    expect(() => rs.choice(3, 4, { replace: false })).toThrow(/at most the pool size \(3\)/);
    expect(() => rs.choice(3, 2, { p: [0.5, 0.5] })).toThrow(/p must be an array of 3 /);
    expect(() => rs.choice(2, 2, { p: [0.5, 0.6] })).toThrow(/sum to 1/);
    expect(() => rs.choice(0, 1)).toThrow(/non-empty pool/);
    expect(() => rs.shuffle(Float64Array.of(1, 2, 3), 2)).toThrow(/rowLength/);
    expect(() => rs.setState({ ...rs.getState(), pos: 625 })).toThrow(
      /state.pos must be .*; received 625/,
    );
  });
});

describe('glibcLog', () => {
  it('equals glibc log bit for bit on 50,004 inputs (unit, near 1, 2^-1020..2^1020, subnormal)', () => {
    const rng = new RandomState(fixture.glibcLog.seed);
    const u0 = rng.uniform(0, 1, 20000);
    const u1 = rng.uniform(0.93, 1.07, 20000);
    const u2 = rng.uniform(0.5, 1, 10000);
    const k = rng.randint(-1020, 1020, 10000);
    const x = [...u0, ...u1, ...Array.from(u2, (u, i) => u * 2 ** k[i]!), 5e-324, 1e-310, 1, 2];
    expect(sha256(x)).toBe(fixture.glibcLog.xHash);
    expect(sha256(x.map(glibcLog))).toBe(fixture.glibcLog.yHash);
  });

  it('handles the special values as C log does', () => {
    expect(glibcLog(0)).toBe(-Infinity);
    expect(glibcLog(-1)).toBeNaN();
    expect(glibcLog(Infinity)).toBe(Infinity);
    expect(glibcLog(NaN)).toBeNaN();
    expect(glibcLog(1)).toBe(0);
  });
});
