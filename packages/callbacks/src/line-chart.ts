/**
 * The one chart renderer behind every plot in this package: a titled line chart with axis
 * titles, nice ticks, a grid and a legend placed outside the plot area (so it never hides data).
 * The output is plain SVG text with fixed number formatting, so the same input always gives the
 * same bytes.
 */

/** One line of a chart. Points whose `y` is not finite break the line instead of being drawn. */
export interface ChartSeries {
  label: string;
  x: readonly number[];
  y: readonly number[];
  color?: string;
  /** Written as `data-key` on the line, so tests and scripts can find it. */
  key?: string;
  dashed?: boolean;
}

export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly ChartSeries[];
  width: number;
  height: number;
  /** Force integer ticks on the x axis (epochs). */
  integerX?: boolean;
}

/** Matplotlib's default colour cycle (tab10), so the plots look like the reference pipeline's. */
export const DEFAULT_COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
] as const;

const FONT = 'font-family="\'DejaVu Sans\', Verdana, Arial, sans-serif"';
const CHAR_WIDTH = 7.6; // average advance of 12 px DejaVu Sans, for layout estimates

/** Escapes text for SVG/XML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function fmt(n: number): string {
  const s = n.toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

/** Decimals needed to print every multiple of `step` exactly. */
function decimalsOf(step: number): number {
  for (let d = 0; d < 12; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, Math.abs(scaled))) return d;
  }
  return 12;
}

/** A 1-2-2.5-5 step close to `range / count`. */
function niceStep(range: number, count: number, integer: boolean): number {
  const raw = range / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  const nice =
    fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  const step = nice * magnitude;
  return integer ? Math.max(1, Math.round(step)) : step;
}

/** Axis domain widened to whole steps, and the tick values inside it. */
export function niceTicks(
  min: number,
  max: number,
  count: number,
  integer = false,
): { lo: number; hi: number; ticks: number[]; decimals: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    min = 0;
    max = 1;
  }
  if (min === max) {
    const pad = integer ? 1 : min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const step = niceStep(max - min, count, integer);
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  const decimals = decimalsOf(step);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toFixed(decimals)));
  return { lo: first * step, hi: last * step, ticks, decimals };
}

function finite(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v));
}

/** Renders a line chart as standalone SVG text. */
export function renderLineChart(spec: LineChartSpec): string {
  const { width, height } = spec;
  const longestLabel = Math.max(...spec.series.map((s) => s.label.length), 4);
  const legendWidth = 40 + Math.ceil(longestLabel * CHAR_WIDTH) + 14;
  const left = 72;
  const top = 44;
  const right = width - legendWidth - 28;
  const bottom = height - 56;
  const xs = spec.series.flatMap((s) => finite(s.x));
  const ys = spec.series.flatMap((s) =>
    finite(s.y.filter((_, i) => Number.isFinite(s.x[i] ?? NaN))),
  );
  const xAxis = niceTicks(Math.min(...xs), Math.max(...xs), 8, spec.integerX ?? false);
  // 3% headroom so that a line at the extreme value does not hide under the frame
  const yMin = Math.min(...ys);
  const yMax = Math.max(...ys);
  const pad = Number.isFinite(yMax - yMin) ? (yMax - yMin) * 0.03 : 0;
  const yAxis = niceTicks(yMin - pad, yMax + pad, 6);
  const sx = (v: number) => left + ((v - xAxis.lo) / (xAxis.hi - xAxis.lo)) * (right - left);
  const sy = (v: number) => bottom - ((v - yAxis.lo) / (yAxis.hi - yAxis.lo)) * (bottom - top);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(spec.title)}">`,
  );
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(
    `<text x="${fmt((left + right) / 2)}" y="26" text-anchor="middle" font-size="16" ` +
      `font-weight="bold" fill="#222222" ${FONT}>${escapeXml(spec.title)}</text>`,
  );
  out.push('<g class="grid" stroke="#e6e6e6" stroke-width="1">');
  for (const t of yAxis.ticks) {
    const y = fmt(sy(t));
    out.push(
      `<line class="tick-y" data-value="${t.toFixed(yAxis.decimals)}" x1="${left}" y1="${y}" x2="${right}" y2="${y}"/>`,
    );
  }
  for (const t of xAxis.ticks) {
    const x = fmt(sx(t));
    out.push(
      `<line class="tick-x" data-value="${t.toFixed(xAxis.decimals)}" x1="${x}" y1="${top}" x2="${x}" y2="${bottom}"/>`,
    );
  }
  out.push('</g>');
  out.push(`<g font-size="11" fill="#333333" ${FONT}>`);
  for (const t of yAxis.ticks) {
    out.push(
      `<text x="${left - 6}" y="${fmt(sy(t) + 4)}" text-anchor="end">${t.toFixed(yAxis.decimals)}</text>`,
    );
  }
  for (const t of xAxis.ticks) {
    out.push(
      `<text x="${fmt(sx(t))}" y="${bottom + 16}" text-anchor="middle">${t.toFixed(xAxis.decimals)}</text>`,
    );
  }
  out.push('</g>');
  out.push(
    `<text x="${fmt((left + right) / 2)}" y="${height - 16}" text-anchor="middle" font-size="13" ` +
      `fill="#222222" ${FONT}>${escapeXml(spec.xLabel)}</text>`,
  );
  out.push(
    `<text x="18" y="${fmt((top + bottom) / 2)}" text-anchor="middle" font-size="13" fill="#222222" ` +
      `transform="rotate(-90 18 ${fmt((top + bottom) / 2)})" ${FONT}>${escapeXml(spec.yLabel)}</text>`,
  );
  out.push('<g class="series" fill="none" stroke-width="2" stroke-linejoin="round">');
  spec.series.forEach((s, index) => {
    const color = s.color ?? DEFAULT_COLORS[index % DEFAULT_COLORS.length] ?? '#000000';
    const key = escapeXml(s.key ?? s.label);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    let run: string[] = [];
    const flush = () => {
      if (run.length === 1) {
        const [x, y] = (run[0] ?? '0,0').split(',');
        out.push(
          `<circle data-key="${key}" cx="${x}" cy="${y}" r="3" fill="${color}" stroke="none"/>`,
        );
      } else if (run.length > 1) {
        out.push(
          `<polyline data-key="${key}" stroke="${color}"${dash} points="${run.join(' ')}"/>`,
        );
      }
      run = [];
    };
    for (let i = 0; i < s.y.length; i++) {
      const x = s.x[i];
      const y = s.y[i];
      if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) {
        flush();
        continue;
      }
      run.push(`${fmt(sx(x))},${fmt(sy(y))}`);
    }
    flush();
  });
  out.push('</g>');
  out.push(
    `<rect x="${left}" y="${top}" width="${fmt(right - left)}" height="${fmt(bottom - top)}" fill="none" stroke="#444444" stroke-width="1"/>`,
  );
  const lx = right + 16;
  const legendHeight = spec.series.length * 20 + 8;
  out.push(`<g class="legend" ${FONT} font-size="12" fill="#222222">`);
  out.push(
    `<rect x="${fmt(lx)}" y="${top}" width="${fmt(legendWidth)}" height="${legendHeight}" fill="#ffffff" stroke="#cccccc" stroke-width="1"/>`,
  );
  spec.series.forEach((s, index) => {
    const color = s.color ?? DEFAULT_COLORS[index % DEFAULT_COLORS.length] ?? '#000000';
    const y = top + 14 + index * 20;
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(
      `<line x1="${fmt(lx + 8)}" y1="${y}" x2="${fmt(lx + 32)}" y2="${y}" stroke="${color}" stroke-width="2"${dash}/>`,
    );
    out.push(`<text x="${fmt(lx + 40)}" y="${y + 4}">${escapeXml(s.label)}</text>`);
  });
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n') + '\n';
}
