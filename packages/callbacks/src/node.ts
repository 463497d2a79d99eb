/**
 * @bnkit/callbacks/node: the Node-only parts of @bnkit/callbacks, everything that touches files:
 * checkpoints, backups, CSV logs, PNG rendering, and writing plots and reports. Every file is
 * written atomically (`@bnkit/core/node`'s `writeFileAtomic`); paths read from files stay in
 * their folder (`containedPath`).
 *
 * @packageDocumentation
 */
export { OptionalPeerMissingError } from '@bnkit/core';
export { ModelFileError, PathEscapeError } from '@bnkit/core/node';
export { CsvLogger, csvLogger } from './node/csv-logger.js';
export type { CsvLoggerOptions } from './node/csv-logger.js';
export { ModelCheckpoint, modelCheckpoint } from './node/model-checkpoint.js';
export type { ModelCheckpointArgs } from './node/model-checkpoint.js';
export { BackupAndRestore, backupAndRestore } from './node/backup-and-restore.js';
export type { BackupAndRestoreOptions } from './node/backup-and-restore.js';
export { fileIO, loadWeights, saveModelFiles, CheckpointError } from './node/checkpoint-files.js';
export type { SaveModelFilesOptions } from './node/checkpoint-files.js';
export { renderPng } from './node/render-png.js';
export type { RenderPngOptions } from './node/render-png.js';
export { writePlot } from './node/write-plot.js';
export { writeTrainingReport } from './node/write-training-report.js';
