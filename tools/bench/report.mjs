// Benchmarks call recordBenchRow for each comparison they measure. Under `npm run bench` the rows
// are appended to the file named by BNKIT_BENCH_ROWS and printed as one table at the end; run on
// its own, a benchmark prints its rows as it goes.
import fs from 'node:fs';

/**
 * @param {{ what: string, ours: number, reference?: number | null, referenceName?: string,
 *           unit: string, target?: string, lowerIsBetter?: boolean }} row
 *   `ours` and `reference` are measured in the same run; the ratio is reference / ours when lower
 *   is better (times), so a ratio above 1 always means bnkit is faster.
 */
export function recordBenchRow(row) {
  const lowerIsBetter = row.lowerIsBetter ?? true;
  const reference = row.reference ?? null;
  const ratio =
    reference === null ? null : lowerIsBetter ? reference / row.ours : row.ours / reference;
  const complete = { ...row, reference, lowerIsBetter, ratio };
  const file = process.env.BNKIT_BENCH_ROWS;
  if (file) fs.appendFileSync(file, JSON.stringify(complete) + '\n');
  else console.log(formatBenchTable([complete]));
  return complete;
}

/** Times `fn` (sync or async): warm-up runs, then the median of `samples` batches of `iterations`. */
export async function timeIt(fn, { iterations = 20, samples = 7, warmup = 5 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const perCall = [];
  for (let s = 0; s < samples; s++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await fn();
    perCall.push(Number(process.hrtime.bigint() - start) / 1e6 / iterations);
  }
  perCall.sort((a, b) => a - b);
  return perCall[Math.floor(perCall.length / 2)];
}

function format(value) {
  if (value === null || value === undefined) return '-';
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

export function formatBenchTable(rows) {
  const header = [
    'what was measured',
    'bnkit',
    'reference',
    'unit',
    'ratio (>1: bnkit faster)',
    'target',
  ];
  const body = rows.map((row) => [
    row.what,
    format(row.ours),
    row.reference === null
      ? '-'
      : `${format(row.reference)}${row.referenceName ? ` (${row.referenceName})` : ''}`,
    row.unit,
    row.ratio === null ? '-' : `${row.ratio.toFixed(2)}x`,
    row.target ?? '',
  ]);
  const widths = header.map((_, i) =>
    Math.max(header[i].length, ...body.map((cells) => cells[i].length)),
  );
  const line = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}
