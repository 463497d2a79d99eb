import * as fs from 'node:fs';
import * as path from 'node:path';
import { plotHistory } from '@bnkit/callbacks';
import { writePlot } from '@bnkit/callbacks/node';
import type { ExperimentChart, ExperimentResult } from './experiment.js';

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string,
  );
}

function writeAtomic(file: string, text: string): void {
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

export function chartSvg(chart: ExperimentChart): string {
  const labels = Object.keys(chart.series);
  return plotHistory(
    { history: chart.series, epoch: chart.x },
    {
      metrics: labels,
      title: chart.title,
      xLabel: chart.xLabel,
      yLabel: chart.yLabel,
      oneBasedEpochs: false,
      width: 760,
      ...(chart.colors ? { colors: chart.colors } : {}),
    },
  );
}

export function markdownTable(columns: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(columns), line(columns.map(() => '---')), ...rows.map(line)].join('\n');
}

export function experimentMarkdown(result: ExperimentResult): string {
  return [
    `## ${result.title}`,
    '',
    `Claim: ${result.claim}`,
    '',
    `Setup: ${result.setup}`,
    '',
    markdownTable(result.columns, result.rows),
    '',
    ...result.charts.map((chart) => `![${chart.title}](${result.name}/${chart.file}.svg)`),
    '',
    ...result.findings.map((finding) => `- ${finding}`),
    '',
  ].join('\n');
}

function experimentHtml(result: ExperimentResult, svgs: string[]): string {
  const head = result.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = result.rows
    .map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(result.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}
th{background:#f3f3f3}figure{margin:1em 0}</style></head>
<body><h1>${escapeHtml(result.title)}</h1>
<p><strong>Claim:</strong> ${escapeHtml(result.claim)}</p>
<p><strong>Setup:</strong> ${escapeHtml(result.setup)}</p>
<table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>
${svgs.map((svg) => `<figure>${svg}</figure>`).join('\n')}
<h2>Findings</h2><ul>${result.findings.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>
</body></html>
`;
}

/**
 * Writes an experiment's table (`<name>.md`, `<name>.html`) and charts (`<name>/<chart>.svg` and
 * `.png`) into `dir`, and its per-run measurements as `<name>/<name>.json` when it has them;
 * returns the written paths.
 */
export async function writeExperiment(dir: string, result: ExperimentResult): Promise<string[]> {
  const chartDir = path.join(dir, result.name);
  fs.mkdirSync(chartDir, { recursive: true });
  const written: string[] = [];
  const svgs: string[] = [];
  for (const chart of result.charts) {
    const svg = chartSvg(chart);
    for (const ext of ['svg', 'png']) {
      const file = path.join(chartDir, `${chart.file}.${ext}`);
      await writePlot(file, svg);
      written.push(file);
    }
    svgs.push(svg);
  }
  const markdown = path.join(dir, `${result.name}.md`);
  writeAtomic(markdown, `# bnkit experiment ${result.name}\n\n${experimentMarkdown(result)}`);
  const html = path.join(dir, `${result.name}.html`);
  writeAtomic(html, experimentHtml(result, svgs));
  if (result.raw !== undefined) {
    const raw = path.join(chartDir, `${result.name}.json`);
    writeAtomic(raw, `${JSON.stringify(result.raw)}\n`);
    written.push(raw);
  }
  return [markdown, html, ...written];
}
