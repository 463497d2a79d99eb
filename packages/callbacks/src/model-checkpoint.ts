import type { Logs } from '@tensorflow/tfjs-layers';
import { checkWritableTarget, saveModelFiles } from './checkpoint-files.js';
import { CallbackArgumentError } from './errors.js';
import type { MonitorArgs } from './monitor-callback.js';
import { MonitorCallback } from './monitor-callback.js';
import { resolveLogs } from './resolve-logs.js';

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
 * Fills a Keras-style path template: `{epoch}` (1-based, as Keras), `{epoch:02d}`, and any log
 * key, optionally with a precision such as `{val_loss:.4f}`.
 *
 * @example
 * formatCheckpointPath('ckpt/model-{epoch:02d}-{val_loss:.2f}.json', 4, { val_loss: 0.1234 });
 * // 'ckpt/model-05-0.12.json'
 */
export function formatCheckpointPath(
  template: string,
  epoch: number,
  logs: Record<string, number>,
): string {
  return template.replace(
    /\{([A-Za-z_][\w]*)(?::(0?)(\d*)(?:\.(\d+))?([dfe]?))?\}/g,
    (_m, key: string, zero, width, precision, type) => {
      const value = key === 'epoch' ? epoch + 1 : logs[key];
      if (typeof value !== 'number') {
        throw new CallbackArgumentError(
          `modelCheckpoint: the key {${key}} in the file path`,
          key,
          `"epoch" or one of the log keys ${JSON.stringify(Object.keys(logs))}`,
        );
      }
      let text =
        type === 'd'
          ? String(Math.round(value))
          : type === 'e'
            ? value.toExponential(precision ? Number(precision) : 6)
            : precision !== undefined || type === 'f'
              ? value.toFixed(precision ? Number(precision) : 6)
              : String(value);
      if (width) text = text.padStart(Number(width), zero ? '0' : ' ');
      return text;
    },
  );
}

/**
 * Saves the model at the end of every epoch, or only when the monitored value improves
 * (Keras 3's `ModelCheckpoint`), to the local disk in the tfjs layers format. Each save goes to
 * temporary files renamed into place, so a crash mid-write keeps the previous checkpoint intact.
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

  constructor(filepath: string, args: ModelCheckpointArgs = {}) {
    const saveBestOnly = args?.saveBestOnly ?? false;
    super(
      { ...args, mode: args?.mode ?? (saveBestOnly ? 'auto' : 'min') },
      { minDelta: 0 },
      'modelCheckpoint',
    );
    this.filepath = checkWritableTarget('modelCheckpoint: filepath', filepath, '.json');
    this.saveBestOnly = saveBestOnly;
    this.saveWeightsOnly = args.saveWeightsOnly ?? false;
    this.verbose = args.verbose ?? 0;
    if (
      args.initialValueThreshold !== undefined &&
      typeof args.initialValueThreshold !== 'number'
    ) {
      throw new CallbackArgumentError(
        'modelCheckpoint: initialValueThreshold',
        args.initialValueThreshold,
        'a number',
      );
    }
    this.threshold = args.initialValueThreshold;
    const saveFreq = args.saveFreq ?? 'epoch';
    if (
      saveFreq !== 'epoch' &&
      !(typeof saveFreq === 'number' && Number.isInteger(saveFreq) && saveFreq >= 1)
    ) {
      throw new CallbackArgumentError(
        'modelCheckpoint: saveFreq',
        saveFreq,
        '"epoch" or an integer number of batches >= 1',
      );
    }
    this.saveFreq = saveFreq;
  }

  override async onTrainBegin(): Promise<void> {
    this.best = this.threshold;
    this.saved.length = 0;
    this.batchesSeen = 0;
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
        process.stdout.write(
          `Epoch ${epoch + 1}: ${this.monitor} improved from ${this.best} to ${current}, saving model\n`,
        );
      }
      this.best = current;
    }
    const path = formatCheckpointPath(this.filepath, epoch, values);
    await saveModelFiles(this.model, path, { weightsOnly: this.saveWeightsOnly });
    this.saved.push(path);
    if (this.verbose > 0 && !this.saveBestOnly) {
      process.stdout.write(`Epoch ${epoch + 1}: saving model to ${path}\n`);
    }
  }
}

/**
 * Creates a {@link ModelCheckpoint}. The path must end in `.json`; the weights go beside it in
 * `<name>.weights.bin`. Reload with `tf.loadLayersModel(fileIO(path))` (or `loadWeights` for
 * `saveWeightsOnly`). An unwritable location fails here, before training.
 *
 * @example
 * const checkpoint = modelCheckpoint('checkpoints/best.json', { monitor: 'val_acc', saveBestOnly: true });
 * await model.fit(x, y, { epochs: 50, validationData: [xVal, yVal], callbacks: [checkpoint] });
 * const best = await tf.loadLayersModel(fileIO('checkpoints/best.json'));
 */
export function modelCheckpoint(filepath: string, args: ModelCheckpointArgs = {}): ModelCheckpoint {
  return new ModelCheckpoint(filepath, args);
}
