import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkOptions, checkValue, custom, string } from '@bnkit/core';
import { containedPath } from '@bnkit/core/node';
import { EXPORT_RULES } from '../export-onnx.js';
import { isPlainObject } from '../is-plain-object.js';
import type { ExportOptions, ExportReport } from '../export-types.js';
import { argumentErrorsIn } from '../session/session-argument-error.js';
import { saveOnnx } from './save-onnx.js';
import { writeTritonRepository } from './triton-repository.js';
import type { TritonOptions, TritonResult } from './triton-repository.js';

interface ModelJson {
  modelTopology?: unknown;
  weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/**
 * Loads a tfjs layers model saved as `model.json` plus weight files (what `model.save('file://…')`
 * or tensorflowjs_converter writes) without tfjs-node. Custom layers (bnkit's included) must be
 * registered with tfjs before the call.
 *
 * @example
 * const model = await loadLayersModelFile('out/model.json');
 */
export async function loadLayersModelFile(file: string): Promise<tfl.LayersModel> {
  const errors = argumentErrorsIn('loadLayersModelFile');
  if (typeof file !== 'string' || file.length === 0) {
    throw new errors('path', file, 'the path of a model.json file');
  }
  if (!fs.existsSync(file)) throw new errors('path', file, 'the path of an existing model.json');
  let json: ModelJson;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as ModelJson;
  } catch (error) {
    throw new errors('path', file, 'a JSON file', { hint: (error as Error).message });
  }
  if (!json || typeof json !== 'object' || !json.modelTopology) {
    throw new errors('path', file, 'a tfjs layers-model model.json (it has no modelTopology)');
  }
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const [g, group] of (json.weightsManifest ?? []).entries()) {
    weightSpecs.push(...group.weights);
    for (const [i, p] of group.paths.entries()) {
      // A path read from the file must stay in its folder: `../secret.bin` is refused.
      const argument = `weightsManifest[${g}].paths[${i}] of ${file}`;
      const weightFile = containedPath(path.dirname(file), p, argument, errors);
      if (!fs.existsSync(weightFile)) {
        throw new errors(argument, p, 'a weight file that exists beside model.json');
      }
      buffers.push(new Uint8Array(fs.readFileSync(weightFile)));
    }
  }
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    weightData.set(b, offset);
    offset += b.byteLength;
  }
  return tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
      weightSpecs,
      weightData: weightData.buffer,
    }),
  );
}

/** Options of {@link exportModelFile}: export options plus where to write. */
export interface ExportModelFileOptions extends ExportOptions {
  /** The ONNX file to write. Default: `model.onnx` beside model.json. */
  output?: string;
  /** Also write a Triton model repository into `dir`. */
  triton?: TritonOptions & { dir: string };
}

/**
 * What the `bnkit export` command runs: loads model.json, writes the ONNX file (and optionally a
 * Triton repository), and returns the reports.
 *
 * @example
 * const { report } = await exportModelFile('model.json', { output: 'model.onnx', verify: true });
 */
export async function exportModelFile(
  modelJson: string,
  options: ExportModelFileOptions = {},
): Promise<{ output: string; report: ExportReport; triton?: TritonResult }> {
  const errors = argumentErrorsIn('exportModelFile');
  checkValue('modelJson', modelJson, string(), errors);
  checkOptions(
    options,
    {
      ...EXPORT_RULES,
      output: string(),
      triton: custom<TritonOptions & { dir: string }>(
        'Triton options with a dir: { dir, name, ... }',
        (value): value is TritonOptions & { dir: string } =>
          isPlainObject(value) && typeof value.dir === 'string' && value.dir.length > 0,
      ),
    },
    { where: 'exportModelFile', errorClass: errors },
  );
  const model = await loadLayersModelFile(modelJson);
  const { output: rawOutput, triton, ...exportOptions } = options;
  const output = rawOutput ?? path.join(path.dirname(modelJson), 'model.onnx');
  const report = await saveOnnx(model, output, exportOptions);
  if (triton) {
    const { dir, ...tritonOptions } = triton;
    // Triton batches along a symbolic batch dimension: staticBatch applies to the file only.
    const { staticBatch: _static, ...tritonExport } = exportOptions;
    const written = await writeTritonRepository(model, dir, {
      ...tritonExport,
      verify: false,
      ...tritonOptions,
    });
    return { output, report, triton: written };
  }
  return { output, report };
}
