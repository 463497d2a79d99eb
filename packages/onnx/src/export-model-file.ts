import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe } from './converter-registry.js';
import { OnnxOptionError } from './errors.js';
import { saveOnnx } from './export-onnx.js';
import type { ExportOptions, ExportReport } from './export-onnx.js';
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
  if (typeof file !== 'string' || file.length === 0) {
    throw new OnnxOptionError(
      `loadLayersModelFile: path must be a non-empty string, got ${describe(file)}`,
    );
  }
  if (!fs.existsSync(file)) {
    throw new OnnxOptionError(`loadLayersModelFile: no file at ${JSON.stringify(file)}`);
  }
  let json: ModelJson;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as ModelJson;
  } catch (error) {
    throw new OnnxOptionError(
      `loadLayersModelFile: ${file} is not JSON (${(error as Error).message})`,
    );
  }
  if (!json || typeof json !== 'object' || !json.modelTopology) {
    throw new OnnxOptionError(
      `loadLayersModelFile: ${file} has no modelTopology; a tfjs layers-model model.json is accepted`,
    );
  }
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of json.weightsManifest ?? []) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) {
      const weightFile = path.join(path.dirname(file), p);
      if (!fs.existsSync(weightFile)) {
        throw new OnnxOptionError(
          `loadLayersModelFile: weight file ${JSON.stringify(weightFile)} named in ${file} is missing`,
        );
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
