import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { CheckpointError, checkWritableTarget } from './checkpoint-files.js';
import { CallbackArgumentError } from './errors.js';
import { writeFileAtomic } from './render-png.js';

interface BackupMeta {
  format: 'bnkit-backup';
  /** Last completed epoch, 0-based. */
  epoch: number;
  weightsFile: string;
  modelSpecs: tf.io.WeightsManifestEntry[];
  optimizerSpecs: tf.io.WeightsManifestEntry[];
  optimizerNames: string[];
}

const META = 'backup.json';

/**
 * Backs up the model weights, the optimizer state and the epoch number at the end of every
 * epoch, so an interrupted `fit` can resume (Keras 3's `BackupAndRestore`). tfjs cannot move
 * `fit`'s start epoch from inside a callback, so pass `initialEpoch: backup.initialEpoch()`;
 * the callback checks it and restores weights and optimizer state in `onTrainBegin`. The backup
 * is deleted when `fit` completes (unless `deleteCheckpoint: false`).
 */
export class BackupAndRestore extends tfl.Callback {
  readonly backupDir: string;
  readonly deleteCheckpoint: boolean;
  /** The epoch (0-based) training resumed from in the last `fit`, or `null` when it started fresh. */
  resumedFrom: number | null = null;

  constructor(backupDir: string, options: { deleteCheckpoint?: boolean } = {}) {
    super();
    this.backupDir = checkWritableTarget('backupAndRestore: backupDir', backupDir);
    this.deleteCheckpoint = options.deleteCheckpoint ?? true;
  }

  private meta(): BackupMeta | null {
    const path = join(this.backupDir, META);
    if (!existsSync(path)) return null;
    let meta: BackupMeta;
    try {
      meta = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new CheckpointError(`backup ${path} is not valid JSON: ${(error as Error).message}`);
    }
    if (meta.format !== 'bnkit-backup' || !Number.isInteger(meta.epoch)) {
      throw new CheckpointError(`${path} is not a backupAndRestore backup`);
    }
    return meta;
  }

  /** The epoch to pass as `fit({ initialEpoch })`: 0 without a backup, else the last backed-up epoch + 1. */
  initialEpoch(): number {
    const meta = this.meta();
    return meta === null ? 0 : meta.epoch + 1;
  }

  override async onTrainBegin(): Promise<void> {
    this.resumedFrom = null;
    const meta = this.meta();
    if (meta === null) return;
    const initial = (this.params as { initialEpoch?: number }).initialEpoch ?? 0;
    if (initial !== meta.epoch + 1) {
      throw new CallbackArgumentError(
        'fit({ initialEpoch })',
        initial,
        `${meta.epoch + 1}, the epoch after the backup in ${this.backupDir}: pass initialEpoch: backup.initialEpoch()`,
      );
    }
    const file = join(this.backupDir, meta.weightsFile);
    if (!existsSync(file)) throw new CheckpointError(`backup weights ${file} do not exist`);
    const bytes = readFileSync(file);
    const data = bytes.buffer.slice(
      bytes.byteOffset,
      bytes.byteOffset + bytes.byteLength,
    ) as ArrayBuffer;
    const decoded = tf.io.decodeWeights(data, [...meta.modelSpecs, ...meta.optimizerSpecs]);
    const modelValues = meta.modelSpecs.map((s) => decoded[s.name]);
    const targets = this.model.weights;
    if (
      modelValues.length !== targets.length ||
      modelValues.some(
        (v, i) => v === undefined || JSON.stringify(v.shape) !== JSON.stringify(targets[i]?.shape),
      )
    ) {
      throw new CheckpointError(
        `backup in ${this.backupDir} does not match this model's weights (another architecture?)`,
      );
    }
    this.model.setWeights(modelValues as tf.Tensor[]);
    const optimizerValues = meta.optimizerSpecs.map((s, i) => ({
      name: meta.optimizerNames[i] ?? s.name,
      tensor: decoded[s.name] as tf.Tensor,
    }));
    if (optimizerValues.length > 0) await this.model.optimizer.setWeights(optimizerValues);
    tf.dispose(Object.values(decoded));
    this.resumedFrom = meta.epoch + 1;
  }

  override async onEpochEnd(epoch: number): Promise<void> {
    mkdirSync(this.backupDir, { recursive: true });
    const model = this.model.getWeights().map((tensor, i) => ({ name: `model/${i}`, tensor }));
    const optimizerWeights = await this.model.optimizer.getWeights();
    const optimizer = optimizerWeights.map((w, i) => ({
      name: `optimizer/${i}`,
      tensor: w.tensor,
    }));
    const encoded = await tf.io.encodeWeights([...model, ...optimizer]);
    // the optimizer's iteration count comes back as a new scalar on every call: free it
    tf.dispose(optimizerWeights.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
    const previous = this.meta();
    const weightsFile = `backup-${epoch}.weights.bin`;
    writeFileAtomic(join(this.backupDir, weightsFile), new Uint8Array(encoded.data as ArrayBuffer));
    const meta: BackupMeta = {
      format: 'bnkit-backup',
      epoch,
      weightsFile,
      modelSpecs: encoded.specs.slice(0, model.length),
      optimizerSpecs: encoded.specs.slice(model.length),
      optimizerNames: optimizerWeights.map((w) => w.name),
    };
    writeFileAtomic(join(this.backupDir, META), JSON.stringify(meta));
    if (previous !== null && previous.weightsFile !== weightsFile) {
      try {
        unlinkSync(join(this.backupDir, previous.weightsFile));
      } catch {
        // already gone
      }
    }
  }

  override async onTrainEnd(): Promise<void> {
    if (!this.deleteCheckpoint || !existsSync(this.backupDir)) return;
    for (const name of readdirSync(this.backupDir)) {
      if (name === META || /^backup-\d+\.weights\.bin$/.test(name))
        rmSync(join(this.backupDir, name));
    }
  }
}

/**
 * Creates a {@link BackupAndRestore}.
 *
 * @example
 * const backup = backupAndRestore('/tmp/run-42-backup');
 * // after a crash, the same two lines resume from the last finished epoch:
 * await model.fit(x, y, { epochs: 50, initialEpoch: backup.initialEpoch(), callbacks: [backup] });
 */
export function backupAndRestore(
  backupDir: string,
  options: { deleteCheckpoint?: boolean } = {},
): BackupAndRestore {
  return new BackupAndRestore(backupDir, options);
}
