import * as path from 'node:path';
import type { DemoSummary } from './run-demo.js';

/** The demo's closing summary, as a person reads it at the end of the run. */
export function formatSummary(summary: DemoSummary, cwd = process.cwd()): string {
  const { final, latencyMs } = summary;
  const rows: Array<[string, string]> = [
    ['epochs', String(summary.epochs)],
    ['train accuracy / loss', `${final.acc.toFixed(4)} / ${final.loss.toFixed(4)}`],
    ['test accuracy / loss', `${final.valAcc.toFixed(4)} / ${final.valLoss.toFixed(4)}`],
    ['ONNX vs tfjs max abs error', summary.onnxMaxAbsError.toExponential(2)],
    [
      'one request (batch 1)',
      `onnxruntime ${summary.onnxDevice} ${(latencyMs.onnxruntime * 1000).toFixed(0)} µs, ` +
        `tfjs ${summary.backend} ${(latencyMs.tfjs * 1000).toFixed(0)} µs ` +
        `(${(latencyMs.tfjs / latencyMs.onnxruntime).toFixed(1)}x)`,
    ],
    ['wall time', `${summary.wallSeconds.toFixed(1)} s`],
  ];
  const files = Object.entries(summary.files).map(([name, file]): [string, string] => [
    name,
    path.relative(cwd, file) || '.',
  ]);
  const width = Math.max(...[...rows, ...files].map(([key]) => key.length));
  const line = ([key, value]: [string, string]) => `  ${key.padEnd(width)}  ${value}`;
  return ['', 'Summary', ...rows.map(line), '', 'Files', ...files.map(line), ''].join('\n');
}
