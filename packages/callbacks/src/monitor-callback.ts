import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Logs } from '@tensorflow/tfjs-layers';
import { func, number, oneOf, string } from '@bnkit/core';
import { CallbackArgumentError } from './errors.js';
import { resolveLogs } from './resolve-logs.js';

/** How a monitored value should move: `'min'` (loss), `'max'` (accuracy), or `'auto'`. */
export type MonitorMode = 'auto' | 'min' | 'max';

/** Arguments shared by every monitor-based callback (Keras 3's `MonitorCallback`). */
export interface MonitorArgs {
  /** Log key to watch, e.g. `'val_loss'`, `'acc'`, `'val_accuracy'`. Default `'val_loss'`. */
  monitor?: string;
  /**
   * `'min'`, `'max'` or `'auto'` (default): losses and error metrics go down, accuracy-like
   * metrics go up; any other name is an error asking for `mode`.
   */
  mode?: MonitorMode;
  /** Smallest change that counts as an improvement. Default 0 (1e-4 for reduceLROnPlateau). */
  minDelta?: number;
  /** Value the monitored quantity must beat. Default: none. */
  baseline?: number;
  /** Where warnings go. Default `console.warn`. */
  warn?: (message: string) => void;
}

const MAXIMIZED = new Set([
  'acc',
  'accuracy',
  'binaryaccuracy',
  'categoricalaccuracy',
  'sparsecategoricalaccuracy',
  'topkcategoricalaccuracy',
  'precision',
  'recall',
  'auc',
  'r2score',
]);
const MINIMIZED = new Set([
  'mse',
  'mae',
  'mape',
  'msle',
  'meansquarederror',
  'meanabsoluteerror',
  'meanabsolutepercentageerror',
  'meansquaredlogarithmicerror',
  'binarycrossentropy',
  'categoricalcrossentropy',
  'sparsecategoricalcrossentropy',
  'kld',
  'kullbackleiblerdivergence',
  'hinge',
  'squaredhinge',
  'categoricalhinge',
  'poisson',
  'logcosh',
  'learning_rate',
]);

/**
 * The direction `mode: 'auto'` picks for a log key, or `null` when it cannot tell.
 *
 * @example
 * autoDirection('val_loss'); // 'min'
 * autoDirection('val_acc'); // 'max'
 * autoDirection('f1'); // null: pass mode 'min' or 'max'
 */
export function autoDirection(monitor: string): 'min' | 'max' | null {
  const name = monitor.replace(/^val_/, '').toLowerCase().replace(/_/g, '');
  if (name.endsWith('loss') || MINIMIZED.has(name)) return 'min';
  if (MAXIMIZED.has(name)) return 'max';
  return null;
}

/**
 * The rules of the options every monitor-based callback takes, for `checkCallbackOptions`.
 * Each subclass adds its own and checks them all in one call.
 */
export const MONITOR_RULES = {
  monitor: string(),
  mode: oneOf(['auto', 'min', 'max'] as const),
  minDelta: number({ min: 0 }),
  baseline: number({ allowInfinity: true }),
  warn: func<(message: string) => void>(),
};

/** `0` or `1`, the `verbose` levels of Keras's callbacks. */
export const VERBOSE_RULE = oneOf([0, 1] as const);

/**
 * The base of the monitor-based callbacks, after Keras 3's `MonitorCallback`: it resolves the
 * direction of `monitor` before training, reads the monitored value from the epoch logs as a
 * number, warns once (with the available keys) when it is missing, and decides improvements
 * with `minDelta`.
 */
export abstract class MonitorCallback extends tfl.Callback {
  readonly monitor: string;
  readonly mode: MonitorMode;
  readonly minDelta: number;
  readonly baseline: number | undefined;
  protected direction: 'min' | 'max' | null;
  private readonly warnFn: (message: string) => void;
  private warned = false;

  /**
   * The bnkit subclasses check all their options (unknown keys included) before calling this;
   * here the shared ones are checked again, for subclasses written elsewhere.
   */
  protected constructor(args: MonitorArgs, defaults: { minDelta: number }, name: string) {
    super();
    if (args === null || typeof args !== 'object') {
      throw new CallbackArgumentError(`${name}: options`, args, 'an options object');
    }
    for (const [key, rule] of Object.entries(MONITOR_RULES)) {
      const value = (args as Record<string, unknown>)[key];
      if (value !== undefined && !rule.test(value)) {
        throw new CallbackArgumentError(`${name}: ${key}`, value, rule.accepted);
      }
    }
    const monitor = args.monitor ?? 'val_loss';
    const mode = args.mode ?? 'auto';
    this.monitor = monitor;
    this.mode = mode;
    this.minDelta = args.minDelta ?? defaults.minDelta;
    this.baseline = args.baseline;
    this.warnFn = args.warn ?? ((message) => console.warn(message));
    this.direction = mode === 'auto' ? autoDirection(monitor) : mode;
    if (this.direction === null) {
      throw new CallbackArgumentError(
        `${name}: mode`,
        mode,
        `"min" or "max" for monitor "${monitor}" (mode "auto" only knows losses, error metrics and accuracy-like metrics)`,
      );
    }
  }

  /** `current` improves on `reference` by more than `minDelta` (anything beats `undefined`). */
  protected isImprovement(current: number, reference: number | undefined): boolean {
    if (reference === undefined) return true;
    return this.direction === 'max'
      ? current - this.minDelta > reference
      : current + this.minDelta < reference;
  }

  /** The monitored value as a number, or `undefined` (warned once) when the logs lack it. */
  protected async monitorValue(logs: Logs | undefined): Promise<number | undefined> {
    const values = await resolveLogs(logs);
    const value = values[this.monitor];
    if (typeof value === 'number') return value;
    if (!this.warned) {
      this.warned = true;
      this.warn(
        `${this.constructor.name}: monitor "${this.monitor}" is not in the logs; available keys: ` +
          `${JSON.stringify(Object.keys(values))}. It is skipped.`,
      );
    }
    return undefined;
  }

  protected warn(message: string): void {
    this.warnFn(message);
  }

  /** Clones every model weight (trainable and not, e.g. BN moving statistics). */
  protected snapshotWeights(): tf.Tensor[] {
    return this.model.getWeights().map((w) => tf.clone(w));
  }
}
