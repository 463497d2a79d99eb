import { dirname } from 'node:path';
import { anyOf, boolean, integer, number, oneOf } from '@bnkit/core';
import { sweepTemporaryFiles } from '@bnkit/core/node';
import type { Logs } from '@tensorflow/tfjs-layers';
import { checkCallbackOptions } from '../check-callback-options.js';
import { checkCheckpointTemplate, formatCheckpointPath } from '../checkpoint-template.js';
import type { MonitorArgs } from '../monitor-callback.js';
import { MONITOR_RULES, MonitorCallback, VERBOSE_RULE } from '../monitor-callback.js';
import { resolveLogs } from '../resolve-logs.js';
import { writeStandardOutput } from '../standard-output.js';
import { saveModelFiles } from './checkpoint-files.js';
import { checkWritableTarget } from './writable-target.js';

/** Arguments of {@link modelCheckpoint}; defaults are Keras 3's. */
export interface ModelCheckpointArgs extends MonitorArgs {
  /** Save only when the monitored value improves. Default false. */
  saveBestOnly?: boolean;
  /**
   * Save the weights only (no topology, no optimizer), loadable with `loadWeights`. Default
   * false: the whole model with its optimizer state, loadable with `tf.loadLayersModel`.
   */
  saveWeightsOnly?: boolean;
  /** Initial "best" value for `saveBestOnly`. Default: none. */
  initialValueThreshold?: number;
  /** Print a line at each save. Default 0. */
  verbose?: 0 | 1;
  /**
   * `'epoch'` (default): save at each epoch end, judged on the epoch logs. A number N: save
   * every N batches (counted across epochs), judged on that batch's logs; the path template
   * can then use `{batch}` (0-based, within the epoch).
   */
  saveFreq?: 'epoch' | number;
}

/**
 * Saves the model at the end of every epoch, or only when the monitored value improves
 * (Keras 3's `ModelCheckpoint`), to the local disk in the tfjs layers format. Each save goes to
 * temporary files renamed into place (core's `writeFileAtomic`), so a crash mid-write keeps the
 * previous checkpoint intact; the first save of a `fit` into a folder removes the temporaries a
 * killed run left there.
 */
export class ModelCheckpoint extends MonitorCallback {
  readonly filepath: string;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly verbose: number;
  /** Every path written during the last `fit`, in order. */
  readonly saved: string[] = [];
  /** Best monitored value so far (with `saveBestOnly`). */
  best: number | undefined;
  readonly saveFreq: 'epoch' | number;
  private readonly threshold: number | undefined;
  private batchesSeen = 0;
  private epoch = 0;
  /** Folders whose dead runs' temporaries were removed in this `fit`. */
  private readonly swept = new Set<string>();

  constructor(filepath: string, args: ModelCheckpointArgs = {}) {
    const checked = checkCallbackOptions('modelCheckpoint', args, {
      ...MONITOR_RULES,
      saveBestOnly: boolean(),
      saveWeightsOnly: boolean(),
      initialValueThreshold: number({ allowInfinity: true }),
      verbose: VERBOSE_RULE,
      saveFreq: anyOf(oneOf(['epoch'] as const), integer({ min: 1 })),
    });
    const saveBestOnly = checked.saveBestOnly ?? false;
    super(
      { ...checked, mode: checked.mode ?? (saveBestOnly ? 'auto' : 'min') },
      { minDelta: 0 },
      'modelCheckpoint',
    );
    this.filepath = checkWritableTarget('modelCheckpoint: filepath', filepath, {
      kind: 'file',
      suffix: '.json',
    });
    checkCheckpointTemplate('modelCheckpoint: filepath', this.filepath);
    this.saveBestOnly = saveBestOnly;
    this.saveWeightsOnly = checked.saveWeightsOnly ?? false;
    this.verbose = checked.verbose ?? 0;
    this.threshold = checked.initialValueThreshold;
    this.saveFreq = checked.saveFreq ?? 'epoch';
  }

  override async onTrainBegin(): Promise<void> {
    this.best = this.threshold;
    this.saved.length = 0;
    this.batchesSeen = 0;
    this.swept.clear();
    const folder = dirname(this.filepath);
    if (!folder.includes('{')) {
      // A run killed mid-save left hidden temporaries (whole weight copies) here: remove them.
      sweepTemporaryFiles(folder);
      this.swept.add(folder);
    }
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
  }

  override async onBatchEnd(_batch: number, logs?: Logs): Promise<void> {
    if (this.saveFreq === 'epoch') return;
    this.batchesSeen += 1;
    if (this.batchesSeen % this.saveFreq === 0) await this.maybeSave(this.epoch, logs);
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    if (this.saveFreq === 'epoch') await this.maybeSave(epoch, logs);
  }

  private async maybeSave(epoch: number, logs: Logs | undefined): Promise<void> {
    const values = await resolveLogs(logs);
    if (this.saveBestOnly) {
      const current = await this.monitorValue(logs);
      if (current === undefined || !this.isImprovement(current, this.best)) return;
      if (this.verbose > 0) {
        writeStandardOutput(
          `Epoch ${epoch + 1}: ${this.monitor} improved from ${this.best} to ${current}, saving model\n`,
        );
      }
      this.best = current;
    }
    const path = formatCheckpointPath(this.filepath, epoch, values);
    const folder = dirname(path);
    if (!this.swept.has(folder)) {
      sweepTemporaryFiles(folder); // a folder named by the template, e.g. ckpt/{epoch}/m.json
      this.swept.add(folder);
    }
    await saveModelFiles(this.model, path, { weightsOnly: this.saveWeightsOnly });
    this.saved.push(path);
    if (this.verbose > 0 && !this.saveBestOnly) {
      writeStandardOutput(`Epoch ${epoch + 1}: saving model to ${path}\n`);
    }
  }
}

/**
 * Creates a {@link ModelCheckpoint}. The path must end in `.json`; the weights go beside it in
 * `<name>.weights.bin`. Reload with `tf.loadLayersModel(fileIO(path))` (or `loadWeights` for
 * `saveWeightsOnly`). An unwritable location, a folder in place of the file, a malformed
 * placeholder (`{epoch:zz}`) or an unknown option fails here, before training.
 *
 * @example
 * const checkpoint = modelCheckpoint('checkpoints/best.json', { monitor: 'val_acc', saveBestOnly: true });
 * await model.fit(x, y, { epochs: 50, validationData: [xVal, yVal], callbacks: [checkpoint] });
 * const best = await tf.loadLayersModel(fileIO('checkpoints/best.json'));
 */
export function modelCheckpoint(filepath: string, args: ModelCheckpointArgs = {}): ModelCheckpoint {
  return new ModelCheckpoint(filepath, args);
}
