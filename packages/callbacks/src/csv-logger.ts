import { existsSync, readFileSync } from 'node:fs';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Logs } from '@tensorflow/tfjs-layers';
import { checkWritableTarget } from './checkpoint-files.js';
import { CallbackArgumentError } from './errors.js';
import { writeFileAtomic } from './render-png.js';
import { resolveLogs } from './resolve-logs.js';

/**
 * Writes one CSV row per epoch: `epoch` (0-based, as Keras) then the log keys, sorted, taken
 * from the first epoch (Keras 3's `CSVLogger`). With `append`, an existing file keeps its rows
 * and its header, which makes it the log of a resumed run (see `backupAndRestore`).
 */
export class CsvLogger extends tfl.Callback {
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  private keys: string[] | null = null;
  private text = '';

  constructor(filename: string, options: { separator?: string; append?: boolean } = {}) {
    super();
    this.filename = checkWritableTarget('csvLogger: filename', filename);
    const separator = options.separator ?? ',';
    if (typeof separator !== 'string' || separator.length === 0 || /["\r\n]/.test(separator)) {
      throw new CallbackArgumentError(
        'csvLogger: separator',
        separator,
        'a non-empty string without quotes or newlines',
      );
    }
    this.separator = separator;
    this.append = options.append ?? false;
  }

  override async onTrainBegin(): Promise<void> {
    this.keys = null;
    const existing =
      this.append && existsSync(this.filename) ? readFileSync(this.filename, 'utf8') : '';
    this.text = existing.length > 0 && !existing.endsWith('\n') ? `${existing}\n` : existing;
    if (this.text.length > 0) {
      const header = this.text.split('\n', 1)[0] ?? '';
      this.keys = header.split(this.separator).slice(1);
    }
    writeFileAtomic(this.filename, this.text);
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    const values = await resolveLogs(logs);
    if (this.keys === null) {
      this.keys = Object.keys(values).sort();
      this.text += ['epoch', ...this.keys].join(this.separator) + '\n';
    }
    const cells = this.keys.map((k) => {
      const v = values[k];
      return typeof v === 'number' ? String(v) : 'NA';
    });
    this.text += [String(epoch), ...cells].join(this.separator) + '\n';
    // the whole log goes to a temporary file renamed into place: a crash never truncates it
    writeFileAtomic(this.filename, this.text);
  }
}

/**
 * Creates a {@link CsvLogger}.
 *
 * @example
 * await model.fit(x, y, { epochs: 10, callbacks: [csvLogger('training.csv')] });
 */
export function csvLogger(
  filename: string,
  options: { separator?: string; append?: boolean } = {},
): CsvLogger {
  return new CsvLogger(filename, options);
}
