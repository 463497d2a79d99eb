import * as tfl from '@tensorflow/tfjs-layers';
import type { Logs } from '@tensorflow/tfjs-layers';
import { checkCallbackOptions } from './check-callback-options.js';
import { CallbackArgumentError } from './errors.js';
import { getLearningRate, setLearningRate } from './learning-rate.js';
import { VERBOSE_RULE } from './monitor-callback.js';
import { writeStandardOutput } from './standard-output.js';

/** A schedule: the learning rate for a 0-based epoch, given the current rate. */
export type LearningRateSchedule = (epoch: number, lr: number) => number;

/**
 * Sets the learning rate at the start of every epoch from `schedule(epoch, lr)` (Keras 3's
 * `LearningRateScheduler`), on every tfjs optimizer, and writes `logs.learning_rate` at the end
 * of the epoch so `History` records it.
 */
export class LearningRateScheduler extends tfl.Callback {
  readonly schedule: LearningRateSchedule;
  readonly verbose: number;

  constructor(schedule: LearningRateSchedule, options: { verbose?: 0 | 1 } = {}) {
    super();
    if (typeof schedule !== 'function') {
      throw new CallbackArgumentError(
        'learningRateScheduler: schedule',
        schedule,
        'a function (epoch, lr) => number, e.g. cosineDecay({ initialLr: 0.01, decaySteps: 50 })',
      );
    }
    const checked = checkCallbackOptions('learningRateScheduler', options, {
      verbose: VERBOSE_RULE,
    });
    this.schedule = schedule;
    this.verbose = checked.verbose ?? 0;
  }

  override async onTrainBegin(): Promise<void> {
    getLearningRate(this.model.optimizer);
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    const optimizer = this.model.optimizer;
    const lr = this.schedule(epoch, getLearningRate(optimizer));
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
      throw new CallbackArgumentError(
        `learningRateScheduler: schedule(${epoch}, ...)`,
        lr,
        'a finite number >= 0',
      );
    }
    setLearningRate(optimizer, lr);
    if (this.verbose > 0) {
      writeStandardOutput(
        `Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.\n`,
      );
    }
  }

  override async onEpochEnd(_epoch: number, logs?: Logs): Promise<void> {
    if (logs)
      (logs as Record<string, number>)['learning_rate'] = getLearningRate(this.model.optimizer);
  }
}

/**
 * Creates a {@link LearningRateScheduler}. Pass your own function or one of the schedules
 * ({@link stepDecay}, {@link exponentialDecay}, {@link cosineDecay}, {@link oneCycle}).
 *
 * @example
 * const callbacks = [learningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * Math.exp(-0.1)))];
 */
export function learningRateScheduler(
  schedule: LearningRateSchedule,
  options: { verbose?: 0 | 1 } = {},
): LearningRateScheduler {
  return new LearningRateScheduler(schedule, options);
}
