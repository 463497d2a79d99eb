import { custom, instanceOf, string } from '@bnkit/core';
import { BatchNormMonitor } from './batch-norm-monitor.js';
import { checkCallbackOptions } from './check-callback-options.js';
import { CallbackArgumentError } from './errors.js';
import type { HistoryLike } from './history-data.js';
import { readHistory } from './history-data.js';
import { escapeXml } from './line-chart.js';
import { plotHistory } from './plot-history.js';
import { formatLogValue } from './progbar-logger.js';

/** What {@link trainingReportHtml} (and `writeTrainingReport`) put in the report. Only `history` is required. */
export interface TrainingReportOptions {
  /** What `model.fit` resolved to. */
  history: HistoryLike;
  /** Page title. Default `'Training report'`. */
  title?: string;
  /** A BN monitor that watched the same `fit`: its three charts are added. */
  bnMonitor?: BatchNormMonitor;
  /** Extra rows for the run summary (e.g. optimizer, batch size, data set, duration). */
  summary?: Record<string, string | number>;
}

const TITLES: Record<string, [string, string]> = {
  acc: ['Model accuracy', 'Accuracy'],
  accuracy: ['Model accuracy', 'Accuracy'],
  loss: ['Model loss', 'Loss'],
  learning_rate: ['Learning rate', 'Learning rate'],
};

function figure(svg: string, caption: string): string {
  return `<figure>\n${svg}<figcaption>${escapeXml(caption)}</figcaption>\n</figure>`;
}

const REPORT_RULES = {
  history: custom(
    'a tfjs History (what model.fit resolves to) or a record of number arrays',
    (v) => v !== null && typeof v === 'object',
  ),
  title: string({ allowEmpty: true }),
  bnMonitor: instanceOf(BatchNormMonitor, 'a batchNormMonitor passed to fit'),
  summary: custom(
    'an object of strings and numbers',
    (v) =>
      v !== null &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      Object.values(v as object).every((x) => typeof x === 'string' || typeof x === 'number'),
  ),
};

/**
 * The training report as one self-contained HTML page (a string; works in a browser too): the
 * history charts (one per metric, train and validation together, like the reference pipeline's
 * two plots), the BN monitor charts when given, a per-epoch metrics table and a run summary.
 * Charts are inline SVG; the page loads nothing from the network and runs no script. In Node,
 * `writeTrainingReport` from `@bnkit/callbacks/node` writes it to a file.
 *
 * @example
 * const history = await model.fit(x, y, { epochs: 50, validationData, callbacks: [monitor] });
 * const html = trainingReportHtml({ history, bnMonitor: monitor, summary: { optimizer: 'adam' } });
 * document.querySelector('#report').innerHTML = html; // or save it
 */
export function trainingReportHtml(options: TrainingReportOptions): string {
  return reportHtml('trainingReportHtml', options);
}

/** The page, with errors naming `where` (the public function called). */
export function reportHtml(where: string, options: TrainingReportOptions): string {
  if (options === undefined) {
    throw new CallbackArgumentError(
      `${where}: options`,
      options,
      'an object with at least { history }',
    );
  }
  const checked = checkCallbackOptions(where, options, REPORT_RULES);
  if (checked.history === undefined) {
    throw new CallbackArgumentError(`${where}: history`, undefined, REPORT_RULES.history.accepted);
  }
  const data = readHistory(options.history);
  const keys = Object.keys(data.series);
  if (keys.length === 0) {
    throw new CallbackArgumentError(
      `${where}: history`,
      options.history,
      'a History with at least one metric',
    );
  }
  const title = options.title ?? 'Training report';
  const bases = keys.filter((k) => !k.startsWith('val_'));
  for (const k of keys) if (k.startsWith('val_') && !keys.includes(k.slice(4))) bases.push(k);
  // the reference pipeline's order: accuracy, then loss, then the rest
  const rank = (k: string) => (k === 'acc' || k === 'accuracy' ? 0 : k === 'loss' ? 1 : 2);
  bases.sort((a, b) => rank(a) - rank(b));
  const charts = bases.map((base) => {
    const metrics = keys.includes(`val_${base}`) ? [base, `val_${base}`] : [base];
    const [chartTitle, yLabel] = TITLES[base] ?? [base, base];
    const svg = plotHistory(
      { history: data.series, epoch: data.epoch },
      {
        metrics,
        labels: metrics.length === 2 ? ['train', 'test'] : [base],
        title: chartTitle,
        yLabel,
      },
    );
    return figure(svg, `${chartTitle}: ${metrics.join(' and ')} per epoch`);
  });
  const bnCharts: string[] = [];
  if (options.bnMonitor !== undefined) {
    if (options.bnMonitor.epochs.length === 0) {
      throw new CallbackArgumentError(
        `${where}: bnMonitor`,
        'a monitor with no records',
        'a batchNormMonitor passed to fit',
      );
    }
    const { shift, spread, affine } = options.bnMonitor.plots();
    bnCharts.push(
      figure(
        shift,
        'How far each watched layer\u2019s input distribution moved from one epoch to the next, on the probe batch',
      ),
      figure(spread, 'Mean per-channel standard deviation of each watched layer\u2019s input'),
      figure(
        affine,
        'Channel means of gamma (solid) and beta (dashed) of each normalization layer',
      ),
    );
  }
  const epochs = data.epoch.length;
  const summaryRows: [string, string][] = [['Epochs', String(epochs)]];
  for (const key of keys) {
    const values = data.series[key] ?? [];
    const last = values[values.length - 1];
    if (last !== undefined) summaryRows.push([`Final ${key}`, formatLogValue(last)]);
  }
  for (const key of keys.filter((k) => k.startsWith('val_'))) {
    const values = data.series[key] ?? [];
    const maximize = /acc|precision|recall|auc/.test(key);
    const best = maximize ? Math.max(...values) : Math.min(...values);
    summaryRows.push([
      `Best ${key}`,
      `${formatLogValue(best)} (epoch ${values.indexOf(best) + 1})`,
    ]);
  }
  for (const [k, v] of Object.entries(options.summary ?? {})) summaryRows.push([k, String(v)]);
  const table = [
    '<table class="metrics">',
    `<thead><tr><th>epoch</th>${keys.map((k) => `<th>${escapeXml(k)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...data.epoch.map(
      (e, i) =>
        `<tr><td>${e + 1}</td>${keys.map((k) => `<td>${formatLogValue(data.series[k]?.[i] ?? NaN)}</td>`).join('')}</tr>`,
    ),
    '</tbody>',
    '</table>',
  ].join('\n');
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeXml(title)}</title>
<style>
body { font-family: 'DejaVu Sans', Verdana, Arial, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; }
figure { display: inline-block; margin: 8px 16px 16px 0; vertical-align: top; }
figcaption { font-size: 12px; color: #555; max-width: 640px; }
table { border-collapse: collapse; font-size: 12px; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
th { background: #f4f4f4; } table.summary td:first-child { text-align: left; }
</style>
</head>
<body>
<h1>${escapeXml(title)}</h1>
<h2>Run summary</h2>
<table class="summary">
${summaryRows.map(([k, v]) => `<tr><td>${escapeXml(k)}</td><td>${escapeXml(v)}</td></tr>`).join('\n')}
</table>
<h2>Training history</h2>
${charts.join('\n')}
${bnCharts.length > 0 ? `<h2>Batch normalization monitor</h2>\n${bnCharts.join('\n')}` : ''}
<h2>Metrics per epoch</h2>
${table}
</body>
</html>
`;
  return html;
}
