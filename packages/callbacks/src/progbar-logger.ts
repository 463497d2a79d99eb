import * as tfl from '@tensorflow/tfjs-layers';
import type { Logs } from '@tensorflow/tfjs-layers';
import { boolean, func, integer, number } from '@bnkit/core';
import { checkCallbackOptions } from './check-callback-options.js';
import { writeStandardOutput } from './standard-output.js';
import { resolveLogs } from './resolve-logs.js';

/** Options of {@link progbarLogger}. Every field is optional; the defaults suit a terminal. */
export interface ProgbarLoggerOptions {
  /** Where text goes. Default: `process.stdout.write` in Node, `console.log` in a browser. */
  write?: (text: string) => void;
  /**
   * Draw a live bar (`true`) or print one line per epoch (`false`). Default: `true` when
   * stdout is a terminal and the `CI` environment variable is unset. `fit({ verbose: 2 })`
   * always prints one line per epoch, as Keras does.
   */
  isTTY?: boolean;
  /** Colour the bar (green done, grey to do). Default: on a TTY unless `NO_COLOR`; `FORCE_COLOR` forces it. */
  color?: boolean;
  /** Minimum milliseconds between two redraws of the live bar. Default 50. */
  interval?: number;
  /** Clock in milliseconds, for tests. Default: `performance.now`. */
  now?: () => number;
  /** Bar width in characters. Default 20 (Keras's). */
  width?: number;
  /**
   * Terminal width: a live line longer than this drops its last metrics instead of wrapping
   * (a wrapped line breaks the `\r` redraw). Default: `process.stdout.columns`, else no limit.
   */
  columns?: number;
}

interface Resolved {
  columns: number;
  write: (text: string) => void;
  isTTY: boolean;
  color: boolean;
  interval: number;
  now: () => number;
  width: number;
}

interface NodeProcessLike {
  env?: Record<string, string | undefined>;
  stdout?: { isTTY?: boolean; columns?: number };
}

function resolveOptions(options: ProgbarLoggerOptions): Resolved {
  const checked = checkCallbackOptions('progbarLogger', options, {
    write: func<(text: string) => void>(),
    isTTY: boolean(),
    color: boolean(),
    interval: number({ min: 0 }),
    now: func<() => number>(),
    width: integer({ min: 1, max: 200 }),
    columns: number({ min: 20, allowInfinity: true }),
  });
  // In a browser there is no `process`: no TTY, no colour, one line per epoch on the console.
  const host = (globalThis as { process?: NodeProcessLike }).process;
  const env = host?.env ?? {};
  const tty = checked.isTTY ?? (Boolean(host?.stdout?.isTTY) && !env['CI']);
  const color =
    checked.color ??
    (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0'
      ? true
      : tty && env['NO_COLOR'] === undefined);
  return {
    columns: checked.columns ?? host?.stdout?.columns ?? Infinity,
    write: checked.write ?? writeStandardOutput,
    isTTY: tty,
    color,
    interval: checked.interval ?? 50,
    now: checked.now ?? (() => performance.now()),
    width: checked.width ?? 20,
  };
}

const ANSI_COLOR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Keras's number format: 4 decimals, or 4-digit scientific notation below 1e-3. */
export function formatLogValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && Math.abs(value) < 1e-3) {
    const [mantissa, exponent] = value.toExponential(4).split('e');
    const e = Number(exponent);
    return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return value.toFixed(4);
}

/** Keras's ETA: `12s`, `3:05`, `1:02:03`. */
function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) {
    return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  }
  if (s >= 60) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  return `${s}s`;
}

/** Keras's per-step time: `2s/step`, `14ms/step`, `350us/step`. */
function formatPerStep(ms: number): string {
  if (ms >= 1000) return `${Math.round(ms / 1000)}s/step`;
  if (ms >= 1) return `${Math.round(ms)}ms/step`;
  return `${Math.round(ms * 1000)}us/step`;
}

function metricText(values: Record<string, number>): string {
  return Object.keys(values)
    .filter((k) => k !== 'batch' && k !== 'size')
    .sort()
    .map((k) => ` - ${k}: ${formatLogValue(values[k] ?? NaN)}`)
    .join('');
}

/**
 * A Keras-style progress logger for `model.fit`. On a terminal it redraws one line per batch:
 * `12/25 ━━━━━━━━━━━━━━━━━━━━ 1s 14ms/step - acc: 0.8125 - loss: 0.4510` (ETA while running,
 * elapsed time at the end, metrics averaged over the batches seen, `val_*` added at the end of
 * the epoch). When output is not a terminal (CI logs, pipes) or `verbose: 2`, it prints only
 * `Epoch i/N` and one summary line per epoch, with no control characters.
 */
export class ProgbarLogger extends tfl.Callback {
  private readonly options: Resolved;
  private epochs = 0;
  private target: number | null = null;
  private lineMode = false;
  private seen = 0;
  private steps = 0;
  private sums: Record<string, number> = {};
  private epochStart = 0;
  private lastDraw = -Infinity;
  private drawnWidth = 0;

  constructor(options: ProgbarLoggerOptions = {}) {
    super();
    this.options = resolveOptions(options);
  }

  override async onTrainBegin(): Promise<void> {
    const params = this.params as {
      epochs?: number;
      samples?: number | null;
      batchSize?: number;
      steps?: number | null;
      verbose?: number;
    };
    this.epochs = params.epochs ?? 0;
    const { samples, batchSize, steps } = params;
    this.target =
      typeof steps === 'number' && steps > 0
        ? steps
        : typeof samples === 'number' && typeof batchSize === 'number' && batchSize > 0
          ? Math.ceil(samples / batchSize)
          : null;
    this.lineMode = !this.options.isTTY || params.verbose === 2;
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.options.write(`Epoch ${epoch + 1}/${this.epochs}\n`);
    this.seen = 0;
    this.steps = 0;
    this.sums = {};
    this.epochStart = this.options.now();
    this.lastDraw = -Infinity;
    this.drawnWidth = 0;
  }

  override async onBatchEnd(_batch: number, logs?: Logs): Promise<void> {
    if (this.lineMode) {
      // one line per epoch needs only the step count: no per-batch read of the logs
      this.steps += 1;
      return;
    }
    const values = await resolveLogs(logs);
    const size = typeof values['size'] === 'number' ? values['size'] : 1;
    this.steps += 1;
    this.seen += size;
    for (const [key, value] of Object.entries(values)) {
      if (key === 'batch' || key === 'size') continue;
      this.sums[key] = (this.sums[key] ?? 0) + value * size;
    }
    if (this.lineMode) return;
    const now = this.options.now();
    if (now - this.lastDraw < this.options.interval) return;
    this.lastDraw = now;
    const averages: Record<string, number> = {};
    for (const [key, sum] of Object.entries(this.sums)) averages[key] = sum / this.seen;
    const elapsed = now - this.epochStart;
    const perStep = elapsed / this.steps;
    const time =
      this.target === null
        ? formatEta(elapsed / 1000)
        : formatEta(((this.target - this.steps) * perStep) / 1000);
    const bar = this.bar();
    this.draw(
      `${this.counter()} ${bar === '' ? '' : `${bar} `}${time} ${formatPerStep(perStep)}${metricText(averages)}`,
    );
  }

  override async onEpochEnd(_epoch: number, logs?: Logs): Promise<void> {
    const values = await resolveLogs(logs);
    const elapsed = this.options.now() - this.epochStart;
    const perStep = formatPerStep(elapsed / Math.max(1, this.steps));
    const seconds = `${Math.round(elapsed / 1000)}s`;
    const counter = this.target === null ? `${this.steps}/${this.steps}` : this.counter();
    if (this.lineMode) {
      this.options.write(`${counter} - ${seconds} - ${perStep}${metricText(values)}\n`);
    } else {
      if (this.target === null) this.target = this.steps;
      this.draw(`${this.counter()} ${this.bar()} ${seconds} ${perStep}${metricText(values)}`);
      this.options.write('\n');
    }
  }

  private counter(): string {
    if (this.target === null) return `${this.steps}/Unknown`;
    const target = String(this.target);
    return `${String(this.steps).padStart(target.length)}/${target}`;
  }

  private bar(): string {
    const width = this.options.width;
    if (this.target === null) return '';
    const done = Math.min(width, Math.floor((width * this.steps) / this.target));
    if (this.options.color) {
      return `\x1b[32m${'━'.repeat(done)}\x1b[0m\x1b[2m${'━'.repeat(width - done)}\x1b[0m`;
    }
    return `[${'='.repeat(Math.max(0, done - 1))}${done > 0 ? (done === width ? '=' : '>') : ''}${'.'.repeat(width - done)}]`;
  }

  private draw(text: string): void {
    // Too long for the terminal: drop whole " - key: value" items from the end.
    let visible = text.replace(ANSI_COLOR, '').length;
    while (visible > this.options.columns - 1 && text.lastIndexOf(' - ') > 0) {
      text = text.slice(0, text.lastIndexOf(' - '));
      visible = text.replace(ANSI_COLOR, '').length;
    }
    // \r returns to the line start; padding wipes a longer previous line without ANSI codes.
    const pad = ' '.repeat(Math.max(0, this.drawnWidth - visible));
    this.options.write(`\r${text}${pad}`);
    this.drawnWidth = visible;
  }
}

/**
 * Creates a {@link ProgbarLogger} to pass in `model.fit({ callbacks })`. Use it when you want a
 * progress display for one `fit` call only, or with options; {@link installProgbarLogger} shows
 * it for every `fit` with `verbose >= 1` instead. Do not do both, or you get two displays.
 *
 * @example
 * await model.fit(x, y, { epochs: 5, verbose: 0, callbacks: [progbarLogger()] });
 * // Epoch 1/5
 * // 25/25 ━━━━━━━━━━━━━━━━━━━━ 0s 4ms/step - acc: 0.7513 - loss: 0.5290 - val_acc: ...
 */
export function progbarLogger(options: ProgbarLoggerOptions = {}): ProgbarLogger {
  return new ProgbarLogger(options);
}

let installedOptions: ProgbarLoggerOptions = {};
let installed = false;

/** The class tfjs instantiates for each `fit` once {@link installProgbarLogger} ran. */
class RegisteredProgbarLogger extends ProgbarLogger {
  constructor() {
    super(installedOptions);
  }
}

/**
 * Registers the progress logger with tfjs-layers at verbosity 1, so that every later
 * `model.fit` / `fitDataset` with `verbose: 1` (tfjs's default) shows the live bar and
 * `verbose: 2` one line per epoch — what tfjs-node does on import, without tfjs-node. Nothing
 * happens on import; call it once. Calling it again is safe: it only replaces the options.
 * Returns `true` the first time, `false` afterwards.
 *
 * @example
 * installProgbarLogger();
 * await model.fit(x, y, { epochs: 5 }); // verbose defaults to 1 in tfjs
 */
export function installProgbarLogger(options: ProgbarLoggerOptions = {}): boolean {
  resolveOptions(options); // validate now, not inside fit
  installedOptions = options;
  if (installed) return false;
  tfl.registerCallbackConstructor(1, RegisteredProgbarLogger);
  installed = true;
  return true;
}
