import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkOptions, checkValue, custom, string } from '@bnkit/core';
import { readModelJson, readWeightFiles } from '@bnkit/core/node';
import { EXPORT_RULES } from '../export-onnx.js';
import { isPlainObject } from '../is-plain-object.js';
import type { ExportOptions, ExportReport } from '../export-types.js';
import { argumentErrorsIn } from '../session/session-argument-error.js';
import { saveOnnx } from './save-onnx.js';
import { writeTritonRepository } from './triton-repository.js';
import type { TritonOptions, TritonResult } from './triton-repository.js';

/**
 * Loads a tfjs layers model saved as `model.json` plus weight files (what `model.save('file://…')`
 * or tensorflowjs_converter writes) without tfjs-node. Custom layers (bnkit's included) must be
 * registered with tfjs before the call. Weight paths read from the file must stay in its folder
 * (`../secret.bin` is refused with `PathEscapeError`).
 *
 * @example
 * const model = await loadLayersModelFile('out/model.json');
 */
export async function loadLayersModelFile(file: string): Promise<tfl.LayersModel> {
  const errors = argumentErrorsIn('loadLayersModelFile');
  const json = readModelJson(file, errors);
  if (!json.modelTopology) {
    throw new errors(
      'model.json path',
      file,
      'a tfjs layers-model model.json (it has no modelTopology)',
    );
  }
  const { weightSpecs, weightData } = readWeightFiles(file, json.weightsManifest ?? [], errors);
  return tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
      weightSpecs,
      weightData,
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
