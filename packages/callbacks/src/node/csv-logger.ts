import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { boolean, custom } from '@bnkit/core';
import { sweepTemporaryFiles, writeFileAtomic } from '@bnkit/core/node';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Logs } from '@tensorflow/tfjs-layers';
import { checkCallbackOptions } from '../check-callback-options.js';
import { resolveLogs } from '../resolve-logs.js';
import { checkWritableTarget } from './writable-target.js';

/** Options of {@link csvLogger}; defaults are Keras 3's. */
export interface CsvLoggerOptions {
  /** Cell separator: a non-empty string without quotes or newlines. Default `','`. */
  separator?: string;
  /** Keep an existing file's rows and header (a resumed run). Default false: overwrite. */
  append?: boolean;
}

/**
 * Writes one CSV row per epoch: `epoch` (0-based, as Keras) then the log keys, sorted, taken
 * from the first epoch (Keras 3's `CSVLogger`). With `append`, an existing file keeps its rows
 * and its header, which makes it the log of a resumed run (see `backupAndRestore`).
 *
 * Unlike Keras (whose `CSVLogger` fails at the start of training when the folder is missing), a
 * missing parent folder is created, as `modelCheckpoint` does. A path that is a directory, lies
 * under a file, or is not writable is refused when the logger is created. Each epoch rewrites
 * the whole file atomically (core's `writeFileAtomic`): a crash never leaves a truncated log.
 */
export class CsvLogger extends tfl.Callback {
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  private keys: string[] | null = null;
  private text = '';

  constructor(filename: string, options: CsvLoggerOptions = {}) {
    super();
    this.filename = checkWritableTarget('csvLogger: filename', filename, { kind: 'file' });
    const checked = checkCallbackOptions('csvLogger', options, {
      separator: custom(
        'a non-empty string without quotes or newlines',
        (v) => typeof v === 'string' && v.length > 0 && !/["\r\n]/.test(v),
      ),
      append: boolean(),
    });
    this.separator = (checked.separator as string | undefined) ?? ',';
    this.append = checked.append ?? false;
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
    const folder = dirname(resolve(this.filename));
    mkdirSync(folder, { recursive: true });
    sweepTemporaryFiles(folder); // a killed run's half-written log
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
 * Creates a {@link CsvLogger}. Bad options, and a path that cannot be a writable file, fail
 * here rather than after the first epoch.
 *
 * @example
 * await model.fit(x, y, { epochs: 10, callbacks: [csvLogger('training.csv')] });
 */
export function csvLogger(filename: string, options: CsvLoggerOptions = {}): CsvLogger {
  return new CsvLogger(filename, options);
}
