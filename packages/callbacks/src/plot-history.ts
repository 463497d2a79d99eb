import { arrayOf, boolean, integer, string } from '@bnkit/core';
import { checkCallbackOptions } from './check-callback-options.js';
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

const PLOT_RULES = {
  metrics: arrayOf(string(), { minLength: 1 }),
  labels: arrayOf(string({ allowEmpty: true })),
  title: string({ allowEmpty: true }),
  xLabel: string({ allowEmpty: true }),
  yLabel: string({ allowEmpty: true }),
  width: integer({ min: 200, max: 10000 }),
  height: integer({ min: 200, max: 10000 }),
  colors: arrayOf(string()),
  oneBasedEpochs: boolean(),
};

function checkCount(argument: string, value: string[] | undefined, count: number): void {
  if (value !== undefined && value.length !== count) {
    throw new CallbackArgumentError(
      argument,
      value,
      `an array of ${count} strings, one per metric`,
    );
  }
}

function resolvePlot(
  where: string,
  history: HistoryLike,
  options: PlotHistoryOptions,
): ResolvedPlot {
  if (options === undefined) {
    throw new CallbackArgumentError(
      `${where}: options`,
      options,
      'an object with at least { metrics }',
    );
  }
  const checked = checkCallbackOptions(where, options, PLOT_RULES);
  const data = readHistory(history);
  const picked = pickSeries(data, checked.metrics, where);
  checkCount(`${where}: labels`, checked.labels, picked.length);
  checkCount(`${where}: colors`, checked.colors, picked.length);
  const oneBased = checked.oneBasedEpochs ?? true;
  const x = data.epoch.map((e) => (oneBased ? e + 1 : e));
  return {
    title: checked.title ?? picked.map((p) => p.key).join(', '),
    xLabel: checked.xLabel ?? 'Epoch',
    yLabel: checked.yLabel ?? picked[0]?.key ?? '',
    width: checked.width ?? 640,
    height: checked.height ?? 400,
    series: picked.map((p, i) => ({
      key: p.key,
      label: checked.labels?.[i] ?? p.key,
      color: checked.colors?.[i] ?? DEFAULT_COLORS[i % DEFAULT_COLORS.length] ?? '#000000',
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
 * // in Node: await writePlot('accuracy.png', svg) from '@bnkit/callbacks/node'
 */
export function plotHistory(history: HistoryLike, options: PlotHistoryOptions): string {
  const plot = resolvePlot('plotHistory', history, options);
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
  const plot = resolvePlot('historyVegaLiteSpec', history, options);
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
