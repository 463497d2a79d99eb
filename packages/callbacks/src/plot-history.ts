import { CallbackArgumentError } from './errors.js';
import type { HistoryLike } from './history-data.js';
import { pickSeries, readHistory } from './history-data.js';
import { DEFAULT_COLORS, renderLineChart } from './line-chart.js';

/** Options of {@link plotHistory} and {@link historyVegaLiteSpec}. */
export interface PlotHistoryOptions {
  /** History keys to draw, one line each, e.g. `['acc', 'val_acc']`. Required. */
  metrics: string[];
  /** Legend labels, one per metric. Default: the metric keys. */
  labels?: string[];
  /** Chart title. Default: the metric keys joined with ", ". */
  title?: string;
  /** x-axis title. Default: `'Epoch'`. */
  xLabel?: string;
  /** y-axis title. Default: the first metric key. */
  yLabel?: string;
  /** Width in CSS pixels. Default 640. */
  width?: number;
  /** Height in CSS pixels. Default 400. */
  height?: number;
  /** Line colours, one per metric. Default: matplotlib's tab10 cycle. */
  colors?: string[];
  /**
   * Number the epochs from 1 as Keras's progress bar does (`Epoch 1/50`). Default `true`;
   * `false` numbers them from 0, as `plt.plot(history.history['loss'])` does.
   */
  oneBasedEpochs?: boolean;
}

interface ResolvedPlot {
  title: string;
  xLabel: string;
  yLabel: string;
  width: number;
  height: number;
  series: { key: string; label: string; color: string; x: number[]; y: number[] }[];
}

function checkSize(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 200 || value > 10000) {
    throw new CallbackArgumentError(name, value, 'an integer number of pixels from 200 to 10000');
  }
  return value;
}

function checkStrings(name: string, value: unknown, count: number): string[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    value.length !== count ||
    !value.every((v) => typeof v === 'string')
  ) {
    throw new CallbackArgumentError(name, value, `an array of ${count} strings, one per metric`);
  }
  return value as string[];
}

function checkString(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new CallbackArgumentError(name, value, 'a string');
  return value;
}

function resolvePlot(history: HistoryLike, options: PlotHistoryOptions): ResolvedPlot {
  if (options === null || typeof options !== 'object') {
    throw new CallbackArgumentError('options', options, 'an object with at least { metrics }');
  }
  const data = readHistory(history);
  const picked = pickSeries(data, options.metrics);
  const labels = checkStrings('options.labels', options.labels, picked.length);
  const colors = checkStrings('options.colors', options.colors, picked.length);
  const oneBased = options.oneBasedEpochs ?? true;
  if (typeof oneBased !== 'boolean') {
    throw new CallbackArgumentError('options.oneBasedEpochs', oneBased, 'true or false');
  }
  const x = data.epoch.map((e) => (oneBased ? e + 1 : e));
  return {
    title: checkString('options.title', options.title, picked.map((p) => p.key).join(', ')),
    xLabel: checkString('options.xLabel', options.xLabel, 'Epoch'),
    yLabel: checkString('options.yLabel', options.yLabel, picked[0]?.key ?? ''),
    width: checkSize('options.width', options.width, 640),
    height: checkSize('options.height', options.height, 400),
    series: picked.map((p, i) => ({
      key: p.key,
      label: labels?.[i] ?? p.key,
      color: colors?.[i] ?? DEFAULT_COLORS[i % DEFAULT_COLORS.length] ?? '#000000',
      x: x.slice(0, p.values.length),
      y: p.values,
    })),
  };
}

/**
 * Draws training curves from a `History` as SVG text: title, axis titles, one line per metric
 * and a legend outside the plot area. The output is deterministic (same history, same bytes);
 * a non-finite value (NaN loss) breaks its line instead of being drawn.
 *
 * @example
 * const history = await model.fit(x, y, { epochs: 50, validationData: [xTest, yTest] });
 * const svg = plotHistory(history, {
 *   metrics: ['acc', 'val_acc'],
 *   labels: ['train', 'test'],
 *   title: 'Model accuracy',
 *   yLabel: 'Accuracy',
 * });
 * await writePlot('accuracy.png', svg);
 */
export function plotHistory(history: HistoryLike, options: PlotHistoryOptions): string {
  const plot = resolvePlot(history, options);
  // whole-number ticks for epochs; free ticks when a caller plots against another x
  const integerX = plot.series.every((s) => s.x.every((v) => Number.isInteger(v)));
  return renderLineChart({ ...plot, integerX });
}

/** A Vega-Lite v5 specification, as plain JSON. */
export type VegaLiteSpec = Record<string, unknown>;

/**
 * The same chart as {@link plotHistory}, as a Vega-Lite v5 specification with the data inlined,
 * for users who render with a Vega toolchain (vega-embed, the Vega CLI, Observable, Jupyter).
 * Non-finite values are written as `null`, which Vega-Lite leaves out.
 *
 * @example
 * const spec = historyVegaLiteSpec(history, { metrics: ['loss', 'val_loss'], title: 'Model loss' });
 * fs.writeFileSync('loss.vl.json', JSON.stringify(spec, null, 2));
 */
export function historyVegaLiteSpec(
  history: HistoryLike,
  options: PlotHistoryOptions,
): VegaLiteSpec {
  const plot = resolvePlot(history, options);
  const values = plot.series.flatMap((s) =>
    s.y.map((v, i) => ({ epoch: s.x[i], series: s.label, value: Number.isFinite(v) ? v : null })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: plot.title,
    width: plot.width - 160,
    height: plot.height - 100,
    data: { values },
    mark: { type: 'line', strokeWidth: 2 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: plot.xLabel, axis: { tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative', title: plot.yLabel, scale: { zero: false } },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        sort: plot.series.map((s) => s.label),
        scale: { domain: plot.series.map((s) => s.label), range: plot.series.map((s) => s.color) },
        legend: { orient: 'right' },
      },
    },
  };
}
