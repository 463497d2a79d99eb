import fs from 'node:fs';
import path from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import { checkValue, string } from '@bnkit/core';
import { containedPath, writeFileAtomic } from '@bnkit/core/node';
import { resolveExportOptions } from '../export-onnx.js';
import type { ExportOptions, ExportReport } from '../export-types.js';
import { argumentErrorsIn } from '../session/session-argument-error.js';
import { exportVerified } from './export-onnx-verified.js';

/**
 * Exports a model with `exportOnnx` and writes it to `file` atomically (a temporary name, then
 * a rename: readers see the old or the whole new file). External data, if any, is written
 * beside it under `externalDataName`, which must stay inside the model's folder. With
 * `verify`, the export is checked on onnxruntime-node before anything is written.
 *
 * @example
 * import { saveOnnx } from '@bnkit/onnx/node';
 * const report = await saveOnnx(model, 'out/model.onnx', { opset: 17, verify: true });
 */
export async function saveOnnx(
  model: tfl.LayersModel,
  file: string,
  options: ExportOptions = {},
): Promise<ExportReport> {
  const errors = argumentErrorsIn('saveOnnx');
  checkValue('path', file, string(), errors);
  const dir = path.dirname(path.resolve(file));
  const dataName = options?.externalDataName ?? 'model.onnx.data';
  // Containment first: its message names the folder the data must stay in.
  const dataFile =
    typeof dataName === 'string'
      ? containedPath(dir, dataName, 'options.externalDataName', errors)
      : dataName;
  resolveExportOptions(options, 'saveOnnx');
  if (path.resolve(dataFile) === path.resolve(file)) {
    throw new errors(
      'options.externalDataName',
      dataName,
      'a file name other than the model file itself',
      { hint: `The external data would overwrite ${file}.` },
    );
  }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    throw new errors('path', file, 'a file path (it names a folder)');
  }
  // Exported (and verified) in full before anything is written.
  const result = await exportVerified(model, options, 'saveOnnx');
  fs.mkdirSync(dir, { recursive: true });
  if (result.externalData) {
    fs.mkdirSync(path.dirname(dataFile), { recursive: true });
    writeFileAtomic(dataFile, result.externalData.data);
  }
  writeFileAtomic(file, result.bytes);
  return result.report;
}
