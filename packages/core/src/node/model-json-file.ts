import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { BnkitArgumentError, type ArgumentErrorClass } from '../argument-error.js';
import { ensureArgument, isName } from '../own-arguments.js';
import { containedPath } from './contained-path.js';

/** A model.json (or its weight files) that cannot be read: missing, not JSON, not a model. */
export class ModelFileError extends BnkitArgumentError {}

/** The parts of a tfjs model.json that bnkit reads. */
export interface ModelJsonContent extends Record<string, unknown> {
  modelTopology?: unknown;
  weightsManifest?: unknown;
  format?: unknown;
}

/**
 * Reads and parses a tfjs `model.json` (or a weights-only checkpoint JSON): the path must name
 * an existing file holding a JSON object. Errors name the file and say what was expected.
 *
 * @example
 * const json = readModelJson('out/tfjs-model/model.json');
 */
export function readModelJson(
  file: unknown,
  errorClass: ArgumentErrorClass = ModelFileError,
): ModelJsonContent {
  if (typeof file !== 'string' || file.length === 0) {
    throw new errorClass('model.json path', file, 'the path of a model.json file');
  }
  if (!fs.existsSync(file)) {
    throw new errorClass('model.json path', file, 'the path of an existing model.json file');
  }
  if (fs.statSync(file).isDirectory()) {
    throw new errorClass('model.json path', file, 'a model.json file, not a folder');
  }
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new errorClass('model.json path', file, 'a JSON file', {
      hint: (error as Error).message,
    });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new errorClass('model.json path', file, 'a JSON object (a tfjs model.json)');
  }
  return json as ModelJsonContent;
}

/**
 * Reads the weight files a model.json's `weightsManifest` names, from the model.json's folder:
 * every path must stay inside that folder (`../SECRET.bin` is refused with `PathEscapeError`)
 * and exist. Returns the
 * weight specs and the files' bytes concatenated, as tfjs's `ModelArtifacts` want them.
 *
 * @example
 * const { weightSpecs, weightData } = readWeightFiles(file, json.weightsManifest);
 */
export function readWeightFiles(
  file: string,
  manifest: unknown,
  errorClass: ArgumentErrorClass = ModelFileError,
): { weightSpecs: tf.io.WeightsManifestEntry[]; weightData: ArrayBuffer } {
  ensureArgument('readWeightFiles', 'file', file, isName(file), 'the path of the model.json');
  if (!Array.isArray(manifest)) {
    throw new errorClass(`weightsManifest of ${file}`, manifest, 'a list of weight groups');
  }
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  manifest.forEach((group: { paths?: unknown; weights?: unknown }, g) => {
    const where = `weightsManifest[${g}] of ${file}`;
    if (!Array.isArray(group?.paths) || !Array.isArray(group.weights)) {
      throw new errorClass(where, group, 'an object with "paths" and "weights" lists');
    }
    weightSpecs.push(...(group.weights as tf.io.WeightsManifestEntry[]));
    group.paths.forEach((relative: unknown, i) => {
      const argument = `weightsManifest[${g}].paths[${i}] of ${file}`;
      const weightFile = containedPath(path.dirname(file), relative, argument);
      if (!fs.existsSync(weightFile)) {
        throw new errorClass(argument, relative, 'a weight file that exists beside model.json');
      }
      const bytes = fs.readFileSync(weightFile);
      buffers.push(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      );
    });
  });
  return { weightSpecs, weightData: tf.io.concatenateArrayBuffers(buffers) };
}
