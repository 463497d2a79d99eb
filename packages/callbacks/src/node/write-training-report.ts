import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@bnkit/core/node';
import { reportHtml, type TrainingReportOptions } from '../training-report.js';
import { checkWritableTarget } from './writable-target.js';

/**
 * Writes the page of `trainingReportHtml` as `report.html` into `dir` (created if missing), with
 * core's `writeFileAtomic`, and returns the file path.
 *
 * @example
 * const history = await model.fit(x, y, { epochs: 50, validationData, callbacks: [monitor] });
 * const path = writeTrainingReport('reports/run-1', { history, bnMonitor: monitor, summary: { optimizer: 'adam' } });
 */
export function writeTrainingReport(dir: string, options: TrainingReportOptions): string {
  checkWritableTarget('writeTrainingReport: dir', dir, { kind: 'directory' });
  const html = reportHtml('writeTrainingReport', options);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'report.html');
  writeFileAtomic(path, html);
  return path;
}
