import { percentile, percentiles } from './percentile.js';

describe('percentiles', () => {
  it("interpolates as numpy's np.percentile (linear method)", () => {
    // values printed by numpy 1.24.2
    expect(percentile([1, 2, 3, 4], 15)).toBeCloseTo(1.45, 14);
    expect(percentiles([3.5, -1, 2, 10, 7], [15, 50, 85]).map((v) => +v.toFixed(12))).toEqual([
      0.8, 3.5, 8.2,
    ]);
    expect(percentiles([5], [15, 85])).toEqual([5, 5]);
    const squares = Array.from({ length: 11 }, (_, i) => i * i);
    expect(percentiles(squares, [15, 50, 85]).map((v) => +v.toFixed(12))).toEqual([2.5, 25, 72.5]);
    expect(percentile([], 50)).toBeNaN();
  });
});
