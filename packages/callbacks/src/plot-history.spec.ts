import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import reference from './__fixtures__/reference-history.json';
import { historyVegaLiteSpec, plotHistory } from './plot-history.js';

const GOLDEN_DIR = join(__dirname, '__fixtures__');

function golden(name: string, actual: string): string {
  const file = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  return readFileSync(file, 'utf8');
}

const accuracyOptions = {
  metrics: ['acc', 'val_acc'],
  labels: ['train', 'test'],
  title: 'Model accuracy',
  yLabel: 'Accuracy',
};

/** Reads back each polyline's data values through the tick lines' pixel positions. */
function readBack(svg: string, key: string): { x: number; y: number }[] {
  const ticks = (axis: 'x' | 'y') =>
    [
      ...svg.matchAll(
        new RegExp(`class="tick-${axis}" data-value="([^"]+)" x1="([^"]+)" y1="([^"]+)"`, 'g'),
      ),
    ].map((m) => ({ value: Number(m[1]), pixel: Number(axis === 'x' ? m[2] : m[3]) }));
  const invert = (axis: 'x' | 'y') => {
    const t = ticks(axis);
    const a = t[0]!;
    const b = t[t.length - 1]!;
    return (p: number) => a.value + ((p - a.pixel) / (b.pixel - a.pixel)) * (b.value - a.value);
  };
  const ix = invert('x');
  const iy = invert('y');
  const points = svg.match(new RegExp(`<polyline data-key="${key}"[^>]* points="([^"]+)"`))?.[1];
  if (points === undefined) throw new Error(`no polyline for ${key}`);
  return points.split(' ').map((pair) => {
    const [px, py] = pair.split(',').map(Number);
    return { x: ix(px!), y: iy(py!) };
  });
}

describe('plotHistory', () => {
  it('renders the reference accuracy chart byte for byte as the golden SVG', () => {
    const svg = plotHistory(reference, accuracyOptions);
    expect(svg).toBe(golden('model-accuracy.golden.svg', svg));
  });

  it('renders the reference loss chart byte for byte as the golden SVG', () => {
    const svg = plotHistory(reference, {
      metrics: ['loss', 'val_loss'],
      labels: ['train', 'test'],
      title: 'Model loss',
      yLabel: 'Loss',
    });
    expect(svg).toBe(golden('model-loss.golden.svg', svg));
  });

  it('draws every value at its place on the axes (read back through the tick positions)', () => {
    const svg = plotHistory(reference, accuracyOptions);
    for (const key of ['acc', 'val_acc'] as const) {
      const points = readBack(svg, key);
      const values = reference.history[key];
      expect(points).toHaveLength(values.length);
      points.forEach((p, i) => {
        expect(p.x).toBeCloseTo(i + 1, 1);
        // coordinates are written with 2 decimals on a ~430 px axis spanning 0.4
        expect(Math.abs(p.y - values[i]!)).toBeLessThan(0.4 / 430);
      });
    }
  });

  it('writes the title, both axis titles and one legend entry per series', () => {
    const svg = plotHistory(reference, accuracyOptions);
    expect(svg).toContain('>Model accuracy</text>');
    expect(svg).toContain('>Epoch</text>');
    expect(svg).toContain('>Accuracy</text>');
    expect(svg.match(/<g class="legend"[\s\S]*?<\/g>/)?.[0].match(/<text/g)).toHaveLength(2);
  });

  it('places the legend to the right of the plot area, never over the data', () => {
    const svg = plotHistory(reference, accuracyOptions);
    const frame = svg.match(
      /<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="[\d.]+" fill="none"/,
    )!;
    const plotRight = Number(frame[1]) + Number(frame[2]);
    const legendX = Number(svg.match(/<g class="legend"[^>]*>\n<rect x="([\d.]+)"/)![1]);
    expect(legendX).toBeGreaterThan(plotRight);
    const legendWidth = Number(
      svg.match(/<g class="legend"[^>]*>\n<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"/)![1],
    );
    expect(legendX + legendWidth).toBeLessThanOrEqual(640);
  });

  it('uses the given epoch values for x, with fractional ticks when they are not whole numbers', () => {
    const svg = plotHistory(
      { history: { loss: [3, 2, 1] }, epoch: [0.001, 0.002, 0.003] },
      { metrics: ['loss'], oneBasedEpochs: false },
    );
    const xTicks = [...svg.matchAll(/class="tick-x" data-value="([^"]+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(Math.min(...xTicks)).toBeLessThanOrEqual(0.001);
    expect(Math.max(...xTicks)).toBeGreaterThanOrEqual(0.003);
    expect(Math.max(...xTicks)).toBeLessThan(0.01);
  });

  it('breaks the line at a NaN instead of drawing it', () => {
    const svg = plotHistory({ loss: [1, 0.5, NaN, 0.25, 0.2] }, { metrics: ['loss'] });
    expect(svg.match(/<polyline data-key="loss"/g)).toHaveLength(2);
    expect(svg).not.toContain('NaN');
  });

  it('escapes markup in titles and labels', () => {
    const svg = plotHistory({ loss: [1, 2] }, { metrics: ['loss'], title: 'a<b & "c"' });
    expect(svg).toContain('a&lt;b &amp; &quot;c&quot;');
  });

  it('rejects an unknown metric with the available keys', () => {
    expect(() => plotHistory(reference, { metrics: ['accuracy'] })).toThrow(
      'plotHistory: metrics entry "accuracy" must be one of the history keys ["val_loss","val_acc","loss","acc"]; received "accuracy"',
    );
  });

  it('rejects tensors left in the history, an empty metrics list and bad sizes', () => {
    expect(() => plotHistory({ history: { loss: [{}] } }, { metrics: ['loss'] })).toThrow(
      /history\["loss"\]\[0\] must be a number/,
    );
    expect(() => plotHistory(reference, { metrics: [] })).toThrow(
      /plotHistory: metrics must be an array of at least 1 items/,
    );
    expect(() => plotHistory(reference, { metrics: ['loss'], width: 10 })).toThrow(
      'plotHistory: width must be an integer in [200, 10000]; received 10.',
    );
    expect(() => plotHistory(null as never, { metrics: ['loss'] })).toThrow(
      /history must be a tfjs History/,
    );
  });
});

describe('historyVegaLiteSpec', () => {
  it('inlines every value with its epoch and series label', () => {
    const spec = historyVegaLiteSpec(reference, accuracyOptions) as {
      data: { values: { epoch: number; series: string; value: number | null }[] };
      title: string;
      encoding: { x: { title: string }; y: { title: string } };
    };
    expect(spec.title).toBe('Model accuracy');
    expect(spec.encoding.x.title).toBe('Epoch');
    expect(spec.encoding.y.title).toBe('Accuracy');
    const train = spec.data.values.filter((v) => v.series === 'train');
    expect(train.map((v) => v.value)).toEqual(reference.history.acc);
    expect(train.map((v) => v.epoch)).toEqual(reference.epoch.map((e) => e + 1));
    expect(spec.data.values.filter((v) => v.series === 'test').map((v) => v.value)).toEqual(
      reference.history.val_acc,
    );
  });

  it('writes NaN as null, which Vega-Lite leaves out', () => {
    const spec = historyVegaLiteSpec({ loss: [1, NaN] }, { metrics: ['loss'] }) as {
      data: { values: { value: number | null }[] };
    };
    expect(spec.data.values.map((v) => v.value)).toEqual([1, null]);
  });
});
