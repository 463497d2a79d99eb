import type { Logs } from '@tensorflow/tfjs-layers';
import { custom, integer, number } from '@bnkit/core';
import { checkCallbackOptions } from './check-callback-options.js';
import { getLearningRate, setLearningRate } from './learning-rate.js';
import type { MonitorArgs } from './monitor-callback.js';
import { MONITOR_RULES, MonitorCallback, VERBOSE_RULE } from './monitor-callback.js';
import { writeStandardOutput } from './standard-output.js';

/** Arguments of {@link reduceLROnPlateau}; defaults are Keras 3's. */
export interface ReduceLROnPlateauArgs extends MonitorArgs {
  /** Multiplier applied to the learning rate, in (0, 1). Default 0.1. */
  factor?: number;
  /** Epochs without improvement before reducing. Default 10. */
  patience?: number;
  /** Epochs to wait after a reduction before counting again. Default 0. */
  cooldown?: number;
  /** Lower bound of the learning rate. Default 0. */
  minLr?: number;
  /** Print a line at each reduction. Default 0. */
  verbose?: 0 | 1;
}

/**
 * Multiplies the learning rate by `factor` when the monitored value has not improved for
 * `patience` epochs (Keras 3's `ReduceLROnPlateau`; `minDelta` defaults to 1e-4). Works on every
 * tfjs optimizer and writes `logs.learning_rate` (the rate used in the epoch), so `History`
 * records it.
 */
export class ReduceLROnPlateau extends MonitorCallback {
  readonly factor: number;
  readonly patience: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly verbose: number;
  private wait = 0;
  private cooldownCounter = 0;
  private best: number | undefined;

  constructor(args: ReduceLROnPlateauArgs = {}) {
    const checked = checkCallbackOptions('reduceLROnPlateau', args, {
      ...MONITOR_RULES,
      factor: custom(
        'a number in (0, 1); Keras rejects factor >= 1',
        (v): v is number => typeof v === 'number' && v > 0 && v < 1,
      ),
      patience: integer({ min: 0 }),
      cooldown: integer({ min: 0 }),
      minLr: number({ min: 0 }),
      verbose: VERBOSE_RULE,
    });
    super(checked, { minDelta: 1e-4 }, 'reduceLROnPlateau');
    this.factor = checked.factor ?? 0.1;
    this.patience = checked.patience ?? 10;
    this.cooldown = checked.cooldown ?? 0;
    this.minLr = checked.minLr ?? 0;
    this.verbose = checked.verbose ?? 0;
  }

  override async onTrainBegin(): Promise<void> {
    this.wait = 0;
    this.cooldownCounter = 0;
    this.best = undefined;
    getLearningRate(this.model.optimizer); // fail before the first batch
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    const optimizer = this.model.optimizer;
    const current = await this.monitorValue(logs);
    if (logs) (logs as Record<string, number>)['learning_rate'] = getLearningRate(optimizer);
    if (current === undefined) return;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter === 0) {
      this.wait += 1;
      if (this.wait >= this.patience) {
        const old = getLearningRate(optimizer);
        if (Math.fround(old) > Math.fround(this.minLr)) {
          const next = Math.max(old * this.factor, this.minLr);
          setLearningRate(optimizer, next);
          if (this.verbose > 0) {
            writeStandardOutput(
              `Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${next}.\n`,
            );
          }
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}

/**
 * Creates a {@link ReduceLROnPlateau} callback.
 *
 * @example
 * await model.fit(x, y, {
 *   epochs: 50,
 *   validationData: [xVal, yVal],
 *   callbacks: [reduceLROnPlateau({ factor: 0.5, patience: 3, minLr: 1e-5 })],
 * });
 */
export function reduceLROnPlateau(args: ReduceLROnPlateauArgs = {}): ReduceLROnPlateau {
  return new ReduceLROnPlateau(args);
}
