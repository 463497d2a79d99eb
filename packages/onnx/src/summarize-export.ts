import { checkValue, custom } from '@bnkit/core';
import type { ExportReport } from './export-types.js';
import { argumentErrorsIn } from './session/session-argument-error.js';

/**
 * One line describing an export, for command-line output and logs.
 *
 * @example
 * const { report } = await exportOnnx(model, { verify: true });
 * console.log(summarizeExport(report));
 * // opset 17 (IR 8), 6 nodes (Gemm 3, Relu 2, Sigmoid 1), BN: 2 folded, 23.4 kB, verified: max abs error 5.96e-8
 */
export function summarizeExport(report: ExportReport): string {
  const errors = argumentErrorsIn('summarizeExport');
  checkValue(
    'report',
    report,
    custom<ExportReport>(
      "exportOnnx's report (with opset, irVersion, opCounts, nodeCount, batchNorm and byteLength)",
      (value): value is ExportReport => {
        const r = value as Partial<ExportReport> | null;
        return (
          r !== null &&
          typeof r === 'object' &&
          typeof r.opset === 'number' &&
          typeof r.nodeCount === 'number' &&
          typeof r.byteLength === 'number' &&
          r.opCounts !== null &&
          typeof r.opCounts === 'object' &&
          Array.isArray(r.batchNorm)
        );
      },
    ),
    errors,
  );
  const ops = Object.entries(report.opCounts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
  const parts = [
    `opset ${report.opset} (IR ${report.irVersion})`,
    `${report.nodeCount} node${report.nodeCount === 1 ? '' : 's'}${ops ? ` (${ops})` : ''}`,
  ];
  if (report.batchNorm.length > 0) {
    const counts = new Map<string, number>();
    for (const d of report.batchNorm) {
      const key = d.mode.startsWith('folded') ? 'folded' : d.mode;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    parts.push(`BN: ${[...counts].map(([mode, n]) => `${n} ${mode}`).join(', ')}`);
  }
  parts.push(`${(report.byteLength / 1000).toFixed(1)} kB`);
  if (report.externalDataByteLength > 0) {
    parts.push(`+ ${(report.externalDataByteLength / 1000).toFixed(1)} kB external data`);
  }
  const v = report.verification;
  if (v) {
    parts.push(
      v.ok
        ? `verified: max abs error ${v.maxAbsError.toPrecision(3)}`
        : `verification FAILED: max abs error ${v.maxAbsError.toPrecision(3)}${v.firstDivergingLayer ? `, first diverging layer ${v.firstDivergingLayer.name}` : ''}`,
    );
  }
  return parts.join(', ');
}
