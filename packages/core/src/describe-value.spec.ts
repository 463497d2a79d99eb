import { closestMatch } from './closest-match.js';
import { describeValue } from './describe-value.js';

describe('describeValue', () => {
  it.each([
    ['yes', '"yes"'],
    [-0, '-0'],
    [10n, '10n'],
    [null, 'null'],
    [undefined, 'undefined'],
    [[1, 2, 3, 4, 5, 6, 7], '[1, 2, 3, 4, 5, 6, … (7 items)]'],
    [new Float32Array([0.5]), '[0.5]'],
    [{ a: 1 }, '{"a":1}'],
    [new Map(), 'a Map'],
    [function named() {}, 'function named'],
  ])('renders %p as %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });

  it('cuts long objects', () => {
    expect(describeValue({ text: 'x'.repeat(200) })).toHaveLength(80);
  });
});

describe('closestMatch', () => {
  it('finds the key a typo meant', () => {
    expect(closestMatch('patiance', ['patience', 'monitor', 'mode'])).toBe('patience');
    expect(closestMatch('momentun', ['momentum', 'epsilon'])).toBe('momentum');
    expect(closestMatch('opSet', ['opset', 'batchNorm'])).toBe('opset');
    expect(closestMatch('nSplit', ['nSplits', 'shuffle'])).toBe('nSplits');
  });

  it('gives nothing when nothing is close', () => {
    expect(closestMatch('colour', ['momentum', 'epsilon'])).toBeUndefined();
  });
});
