import * as tf from '@tensorflow/tfjs-core';
import type { Logs } from '@tensorflow/tfjs-layers';
import { boolean, integer } from '@bnkit/core';
import { checkCallbackOptions } from './check-callback-options.js';
import type { MonitorArgs } from './monitor-callback.js';
import { MONITOR_RULES, MonitorCallback, VERBOSE_RULE } from './monitor-callback.js';
import { writeStandardOutput } from './standard-output.js';

/** Arguments of {@link earlyStopping}; defaults are Keras 3's. */
export interface EarlyStoppingArgs extends MonitorArgs {
  /** Epochs without improvement after which training stops. Default 0. */
  patience?: number;
  /** Print a line when stopping and restoring. Default 0. */
  verbose?: 0 | 1;
  /**
   * Put back the weights of the best epoch at the end of training, also when training did not
   * stop early (Keras 3). Default false.
   */
  restoreBestWeights?: boolean;
  /** Epochs to wait before monitoring starts (warm-up). Default 0. */
  startFromEpoch?: number;
}

/**
 * Stops training when the monitored value stops improving; Keras 3's `EarlyStopping`, including
 * `restoreBestWeights` (which throws in tfjs-layers 4.22) and `startFromEpoch`.
 */
export class EarlyStopping extends MonitorCallback {
  readonly patience: number;
  readonly verbose: number;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  /** Epoch (0-based) at which training was stopped, or `null`. */
  stoppedEpoch: number | null = null;
  /** Epoch (0-based) of the best value seen, or `null`. */
  bestEpoch: number | null = null;
  /** Best monitored value seen, or `undefined`. */
  best: number | undefined;
  /** Whether best weights were put back at the end of the last `fit`. */
  restored = false;
  private wait = 0;
  private bestWeights: tf.Tensor[] | null = null;
  private readonly print: (text: string) => void;

  constructor(args: EarlyStoppingArgs = {}) {
    const checked = checkCallbackOptions('earlyStopping', args, {
      ...MONITOR_RULES,
      patience: integer({ min: 0 }),
      verbose: VERBOSE_RULE,
      restoreBestWeights: boolean(),
      startFromEpoch: integer({ min: 0 }),
    });
    super(checked, { minDelta: 0 }, 'earlyStopping');
    this.patience = checked.patience ?? 0;
    this.startFromEpoch = checked.startFromEpoch ?? 0;
    this.verbose = checked.verbose ?? 0;
    this.restoreBestWeights = checked.restoreBestWeights ?? false;
    this.print = writeStandardOutput;
  }

  override async onTrainBegin(): Promise<void> {
    this.wait = 0;
    this.stoppedEpoch = null;
    this.bestEpoch = null;
    this.best = undefined;
    this.restored = false;
    this.replaceBestWeights(null);
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    const current = await this.monitorValue(logs);
    if (current === undefined || epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) {
      this.replaceBestWeights(this.snapshotWeights());
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.replaceBestWeights(this.snapshotWeights());
      if (this.baseline === undefined || this.isImprovement(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
    }
  }

  override async onTrainEnd(): Promise<void> {
    if (this.stoppedEpoch !== null && this.verbose > 0) {
      this.print(`Epoch ${this.stoppedEpoch + 1}: early stopping\n`);
    }
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) {
        this.print(
          `Restoring model weights from the end of the best epoch: ${(this.bestEpoch ?? 0) + 1}.\n`,
        );
      }
      this.model.setWeights(this.bestWeights);
      this.restored = true;
      this.replaceBestWeights(null);
    }
  }

  private replaceBestWeights(next: tf.Tensor[] | null): void {
    if (this.bestWeights !== null) tf.dispose(this.bestWeights);
    this.bestWeights = next;
  }
}

/**
 * Creates an {@link EarlyStopping} callback.
 *
 * @example
 * await model.fit(x, y, {
 *   epochs: 100,
 *   validationData: [xVal, yVal],
 *   callbacks: [earlyStopping({ monitor: 'val_loss', patience: 5, restoreBestWeights: true })],
 * });
 */
export function earlyStopping(args: EarlyStoppingArgs = {}): EarlyStopping {
  return new EarlyStopping(args);
}
