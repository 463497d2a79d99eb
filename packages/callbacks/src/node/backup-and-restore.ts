import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { boolean } from '@bnkit/core';
import { containedPath, sweepTemporaryFiles, writeFileAtomic } from '@bnkit/core/node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkCallbackOptions } from '../check-callback-options.js';
import { CallbackArgumentError } from '../errors.js';
import { CheckpointError } from './checkpoint-files.js';
import { checkWritableTarget } from './writable-target.js';

/** Options of {@link backupAndRestore}. */
export interface BackupAndRestoreOptions {
  /** Delete the backup when `fit` completes. Default true (Keras's). */
  deleteCheckpoint?: boolean;
}

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
const WEIGHTS = /^backup-\d+\.weights\.bin$/;

/**
 * Backs up the model weights, the optimizer state and the epoch number at the end of every
 * epoch, so an interrupted `fit` can resume (Keras 3's `BackupAndRestore`). tfjs cannot move
 * `fit`'s start epoch from inside a callback, so pass `initialEpoch: backup.initialEpoch()`;
 * the callback checks it and restores weights and optimizer state in `onTrainBegin`. The backup
 * is deleted when `fit` completes (unless `deleteCheckpoint: false`).
 *
 * Every file is written atomically (core's `writeFileAtomic`): the weights first, then
 * `backup.json` naming them, so a kill at any moment leaves the previous complete backup. When
 * training starts, what a killed run left behind is removed: hidden temporaries and weight
 * files that `backup.json` does not name.
 */
export class BackupAndRestore extends tfl.Callback {
  readonly backupDir: string;
  readonly deleteCheckpoint: boolean;
  /** The epoch (0-based) training resumed from in the last `fit`, or `null` when it started fresh. */
  resumedFrom: number | null = null;

  constructor(backupDir: string, options: BackupAndRestoreOptions = {}) {
    super();
    this.backupDir = checkWritableTarget('backupAndRestore: backupDir', backupDir, {
      kind: 'directory',
    });
    const checked = checkCallbackOptions('backupAndRestore', options, {
      deleteCheckpoint: boolean(),
    });
    this.deleteCheckpoint = checked.deleteCheckpoint ?? true;
  }

  /** Removes a killed run's leftovers: temporaries, and weight files the metadata does not name. */
  private sweep(meta: BackupMeta | null): void {
    sweepTemporaryFiles(this.backupDir);
    if (!existsSync(this.backupDir)) return;
    for (const name of readdirSync(this.backupDir)) {
      if (WEIGHTS.test(name) && name !== meta?.weightsFile) {
        rmSync(join(this.backupDir, name), { force: true });
      }
    }
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
    if (
      meta === null ||
      typeof meta !== 'object' ||
      meta.format !== 'bnkit-backup' ||
      !Number.isInteger(meta.epoch) ||
      typeof meta.weightsFile !== 'string'
    ) {
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
    this.sweep(meta);
    if (meta === null) return;
    const initial = (this.params as { initialEpoch?: number }).initialEpoch ?? 0;
    if (initial !== meta.epoch + 1) {
      throw new CallbackArgumentError(
        'fit({ initialEpoch })',
        initial,
        `${meta.epoch + 1}, the epoch after the backup in ${this.backupDir}: pass initialEpoch: backup.initialEpoch()`,
      );
    }
    // a name read from a file stays in the backup folder
    const file = containedPath(this.backupDir, meta.weightsFile, `${META}: weightsFile`);
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
    if (
      previous !== null &&
      previous.weightsFile !== weightsFile &&
      WEIGHTS.test(previous.weightsFile)
    ) {
      rmSync(join(this.backupDir, previous.weightsFile), { force: true });
    }
  }

  override async onTrainEnd(): Promise<void> {
    if (!this.deleteCheckpoint || !existsSync(this.backupDir)) return;
    for (const name of readdirSync(this.backupDir)) {
      if (name === META || WEIGHTS.test(name)) rmSync(join(this.backupDir, name));
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
  options: BackupAndRestoreOptions = {},
): BackupAndRestore {
  return new BackupAndRestore(backupDir, options);
}
