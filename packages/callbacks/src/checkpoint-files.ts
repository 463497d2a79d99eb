import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { CallbackArgumentError } from './errors.js';
import { writeFileAtomic } from './render-png.js';

/** A checkpoint file could not be read back: missing, corrupt, or for another architecture. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

/**
 * Fails early when files cannot be written under `path`'s directory: the nearest existing
 * ancestor must be a writable directory (missing folders are created at save time).
 */
export function checkWritableTarget(argument: string, path: unknown, suffix?: string): string {
  if (typeof path !== 'string' || path === '') {
    throw new CallbackArgumentError(
      argument,
      path,
      `a file path${suffix ? ` ending in ${suffix}` : ''}`,
    );
  }
  if (suffix !== undefined && !path.endsWith(suffix)) {
    throw new CallbackArgumentError(argument, path, `a file path ending in ${suffix}`);
  }
  const fixed = path.includes('{') ? path.slice(0, path.indexOf('{')) : path;
  let dir = resolve(fixed.endsWith('/') ? fixed : dirname(resolve(fixed)));
  while (!existsSync(dir)) dir = dirname(dir);
  if (!statSync(dir).isDirectory()) {
    throw new CallbackArgumentError(
      argument,
      path,
      `a path under a directory, but ${dir} is a file`,
    );
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new CallbackArgumentError(
      argument,
      path,
      `a writable location, but ${dir} is not writable`,
    );
  }
  return path;
}

function weightsFileName(jsonPath: string): string {
  return `${basename(jsonPath).replace(/\.json$/, '')}.weights.bin`;
}

function toBytes(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  return new Uint8Array(tf.io.concatenateArrayBuffers(Array.isArray(data) ? data : [data]));
}

/** The standard tfjs `model.json` for saved artifacts (what tfjs-core's own, unexported, helper writes). */
function modelJson(
  artifacts: tf.io.ModelArtifacts,
  manifest: tf.io.WeightsManifestConfig,
): tf.io.ModelJSON {
  const json: Record<string, unknown> = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: manifest,
  };
  if (artifacts.trainingConfig !== undefined) json['trainingConfig'] = artifacts.trainingConfig;
  if (artifacts.userDefinedMetadata !== undefined)
    json['userDefinedMetadata'] = artifacts.userDefinedMetadata;
  return json as unknown as tf.io.ModelJSON;
}

/**
 * Saves a tfjs-layers model as `model.json` + `<name>.weights.bin` (the standard tfjs layers
 * format, loadable with `tf.loadLayersModel(fileIO(path))` or tfjs-node's `file://`). The weights
 * file is written first and the JSON last, each to a temporary name then renamed, so a crash
 * never leaves a truncated file in place of the last good one.
 */
export async function saveModelFiles(
  model: tfl.LayersModel,
  jsonPath: string,
  options: { includeOptimizer?: boolean; weightsOnly?: boolean } = {},
): Promise<void> {
  mkdirSync(dirname(resolve(jsonPath)), { recursive: true });
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { includeOptimizer: false },
  );
  if (artifacts === undefined)
    throw new CheckpointError(`model.save produced nothing for ${jsonPath}`);
  const includeOptimizer = !options.weightsOnly && (options.includeOptimizer ?? true);
  if (includeOptimizer && model.optimizer != null) {
    // What LayersModel.save({ includeOptimizer: true }) does, minus its leak: optimizers return
    // their iteration count as a new scalar on every getWeights() call; dispose it here.
    const getTrainingConfig = (model as unknown as { getTrainingConfig(): tf.io.TrainingConfig })
      .getTrainingConfig;
    artifacts.trainingConfig = getTrainingConfig.call(model);
    const weights = await model.optimizer.getWeights();
    const encoded = await tf.io.encodeWeights(weights, 'optimizer');
    tf.dispose(weights.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
    artifacts.weightSpecs = [...(artifacts.weightSpecs ?? []), ...encoded.specs];
    artifacts.weightData = tf.io.concatenateArrayBuffers([
      toBytes(artifacts.weightData).buffer as ArrayBuffer,
      encoded.data as ArrayBuffer,
    ]);
  }
  const binName = weightsFileName(jsonPath);
  writeFileAtomic(join(dirname(jsonPath), binName), toBytes(artifacts.weightData));
  const manifest = [{ paths: [binName], weights: artifacts.weightSpecs ?? [] }];
  const json = options.weightsOnly
    ? { format: 'bnkit-weights', generatedBy: '@bnkit/callbacks', weightsManifest: manifest }
    : modelJson(artifacts, manifest);
  writeFileAtomic(jsonPath, JSON.stringify(json));
}

function readJson(
  path: string,
): { weightsManifest?: tf.io.WeightsManifestConfig } & Record<string, unknown> {
  if (!existsSync(path)) throw new CheckpointError(`checkpoint ${path} does not exist`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CheckpointError(`checkpoint ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function readWeights(
  path: string,
  manifest: tf.io.WeightsManifestConfig,
): [tf.io.WeightsManifestEntry[], ArrayBuffer] {
  const specs = manifest.flatMap((group) => group.weights);
  const buffers = manifest.flatMap((group) =>
    group.paths.map((p) => {
      const file = join(dirname(path), p);
      if (!existsSync(file))
        throw new CheckpointError(`weights file ${file} (named by ${path}) does not exist`);
      const bytes = readFileSync(file);
      return bytes.buffer.slice(
        bytes.byteOffset,
        bytes.byteOffset + bytes.byteLength,
      ) as ArrayBuffer;
    }),
  );
  return [specs, tf.io.concatenateArrayBuffers(buffers)];
}

/**
 * An `IOHandler` that reads (and writes) a model saved on the local disk, so that pure-JS tfjs
 * (no tfjs-node) can load a checkpoint written by {@link modelCheckpoint}.
 *
 * @example
 * const model = await tf.loadLayersModel(fileIO('checkpoints/model-05.json'));
 */
export function fileIO(jsonPath: string): tf.io.IOHandler {
  if (typeof jsonPath !== 'string' || !jsonPath.endsWith('.json')) {
    throw new CallbackArgumentError('fileIO: path', jsonPath, 'a path ending in .json');
  }
  return {
    load: async () => {
      const json = readJson(jsonPath);
      if (json['format'] === 'bnkit-weights') {
        throw new CheckpointError(
          `${jsonPath} holds weights only (saveWeightsOnly); load it with loadWeights(model, path)`,
        );
      }
      return tf.io.getModelArtifactsForJSON(json as unknown as tf.io.ModelJSON, async (manifest) =>
        readWeights(jsonPath, manifest),
      );
    },
    save: async (artifacts) => {
      mkdirSync(dirname(resolve(jsonPath)), { recursive: true });
      const binName = weightsFileName(jsonPath);
      writeFileAtomic(join(dirname(jsonPath), binName), toBytes(artifacts.weightData));
      const json = modelJson(artifacts, [
        { paths: [binName], weights: artifacts.weightSpecs ?? [] },
      ]);
      writeFileAtomic(jsonPath, JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    },
  };
}

/**
 * Loads weights saved by `modelCheckpoint(..., { saveWeightsOnly: true })` (or a full model
 * checkpoint) into a model of the same architecture, in order, checking every shape.
 *
 * @example
 * await loadWeights(model, 'checkpoints/best.json');
 */
export async function loadWeights(model: tfl.LayersModel, jsonPath: string): Promise<void> {
  const json = readJson(jsonPath);
  if (!Array.isArray(json.weightsManifest)) {
    throw new CheckpointError(
      `${jsonPath} has no weightsManifest; it is not a tfjs or bnkit checkpoint`,
    );
  }
  const [specs, data] = readWeights(jsonPath, json.weightsManifest);
  const modelSpecs = specs.filter((s) => s.group !== 'optimizer');
  const decoded = tf.io.decodeWeights(data, specs);
  const targets = model.weights;
  if (modelSpecs.length !== targets.length) {
    throw new CheckpointError(
      `${jsonPath} holds ${modelSpecs.length} weights but the model has ${targets.length}; is it the same architecture?`,
    );
  }
  const values = modelSpecs.map((spec, i) => {
    const value = decoded[spec.name];
    const target = targets[i];
    if (
      value === undefined ||
      target === undefined ||
      JSON.stringify(value.shape) !== JSON.stringify(target.shape)
    ) {
      throw new CheckpointError(
        `weight ${i} (${spec.name}) in ${jsonPath} has shape ${JSON.stringify(spec.shape)} but the model's ${target?.name} has ${JSON.stringify(target?.shape)}`,
      );
    }
    return value;
  });
  model.setWeights(values);
  tf.dispose(Object.values(decoded));
}
