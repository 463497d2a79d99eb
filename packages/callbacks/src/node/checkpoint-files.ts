import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { boolean, checkValue, custom } from '@bnkit/core';
import { readModelJson, readWeightFiles, writeFileAtomic } from '@bnkit/core/node';
import type { ModelJsonContent } from '@bnkit/core/node';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { checkCallbackOptions } from '../check-callback-options.js';
import { CallbackArgumentError } from '../errors.js';

/** A checkpoint file could not be read back: missing, corrupt, or for another architecture. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

const LAYERS_MODEL = custom(
  'a tfjs-layers LayersModel',
  (v) =>
    v !== null &&
    typeof v === 'object' &&
    typeof (v as { save?: unknown }).save === 'function' &&
    typeof (v as { setWeights?: unknown }).setWeights === 'function',
);

function checkJsonPath(argument: string, jsonPath: unknown): asserts jsonPath is string {
  if (typeof jsonPath !== 'string' || !jsonPath.endsWith('.json') || jsonPath.includes('\0')) {
    throw new CallbackArgumentError(argument, jsonPath, 'a file path ending in .json');
  }
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

/** Options of {@link saveModelFiles}. */
export interface SaveModelFilesOptions {
  /** Save the optimizer state with a full model (ignored with `weightsOnly`). Default true. */
  includeOptimizer?: boolean;
  /** Save the weights only, loadable with {@link loadWeights}. Default false. */
  weightsOnly?: boolean;
}

/**
 * Saves a tfjs-layers model as `model.json` + `<name>.weights.bin` (the standard tfjs layers
 * format, loadable with `tf.loadLayersModel(fileIO(path))` or tfjs-node's `file://`). Missing
 * folders are created. The weights file is written first and the JSON last, each with
 * `writeFileAtomic` (a temporary name, then renamed), so a crash never leaves a truncated file
 * in place of the last good one.
 *
 * @example
 * await saveModelFiles(model, 'out/tfjs-model/model.json', { includeOptimizer: false });
 */
export async function saveModelFiles(
  model: tfl.LayersModel,
  jsonPath: string,
  options: SaveModelFilesOptions = {},
): Promise<void> {
  checkValue('saveModelFiles: model', model, LAYERS_MODEL, CallbackArgumentError);
  checkJsonPath('saveModelFiles: jsonPath', jsonPath);
  options = checkCallbackOptions('saveModelFiles', options, {
    includeOptimizer: boolean(),
    weightsOnly: boolean(),
  });
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

function readJson(path: string): ModelJsonContent & { weightsManifest?: unknown } {
  return readModelJson(path);
}

function readWeights(path: string, manifest: unknown): [tf.io.WeightsManifestEntry[], ArrayBuffer] {
  const { weightSpecs, weightData } = readWeightFiles(path, manifest);
  return [weightSpecs, weightData];
}

/**
 * An `IOHandler` that reads (and writes) a model saved on the local disk, so that pure-JS tfjs
 * (no tfjs-node) can load a checkpoint written by `modelCheckpoint`. Weight file names read
 * from the JSON must stay in its folder: `["../SECRET.bin"]` is refused with `PathEscapeError`.
 *
 * @example
 * const model = await tf.loadLayersModel(fileIO('checkpoints/model-05.json'));
 */
export function fileIO(jsonPath: string): tf.io.IOHandler {
  checkJsonPath('fileIO: path', jsonPath);
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
 * checkpoint) into a model of the same architecture, in order, checking every shape. Weight
 * file names read from the JSON must stay in its folder (`PathEscapeError` otherwise).
 *
 * @example
 * await loadWeights(model, 'checkpoints/best.json');
 */
export async function loadWeights(model: tfl.LayersModel, jsonPath: string): Promise<void> {
  checkValue('loadWeights: model', model, LAYERS_MODEL, CallbackArgumentError);
  checkJsonPath('loadWeights: path', jsonPath);
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
