import { capitalize, formatMeanStd, mean, meanCurve, sampleStd } from './statistics.js';

describe('experiment statistics', () => {
  it('computes the mean and the ddof=1 standard deviation (numpy: np.std([1, 2, 4], ddof=1) = 1.5275)', () => {
    expect(mean([1, 2, 4])).toBeCloseTo(7 / 3, 12);
    expect(sampleStd([1, 2, 4])).toBeCloseTo(1.5275252316519468, 12);
    expect(sampleStd([5])).toBe(0);
  });

  it('formats mean ± std and counts diverged runs', () => {
    expect(formatMeanStd([0.8, 0.9])).toBe('0.850 ± 0.071');
    expect(formatMeanStd([0.8, Number.NaN])).toBe('0.800 ± 0.000 (1 of 2 diverged)');
    expect(formatMeanStd([Number.NaN])).toBe('–');
    expect(formatMeanStd([3, Number.NaN], 1, 'never reached it')).toBe(
      '3.0 ± 0.0 (1 of 2 never reached it)',
    );
    expect(capitalize('the model')).toBe('The model');
  });

  it('averages curves element-wise over their common length', () => {
    expect(
      meanCurve([
        [1, 2, 3],
        [3, 4],
      ]),
    ).toEqual([2, 3]);
  });
});
