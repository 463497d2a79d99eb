import fs from 'node:fs';
import path from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describeValue } from '@bnkit/core';
import { containedPath, writeFileAtomic } from '@bnkit/core/node';
import { OnnxOptionError } from '../errors.js';
import type { ExportOptions, ExportReport } from '../export-types.js';
import { exportOnnx } from './export-onnx-verified.js';

/** An argument error of saveOnnx in the house shape (argument, value received, accepted). */
class SaveOnnxPathError extends OnnxOptionError {
  constructor(argument: string, received: unknown, accepted: string) {
    super(`saveOnnx: ${argument} must be ${accepted}; received ${describeValue(received)}.`);
  }
}

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
  if (typeof file !== 'string' || file.length === 0) {
    throw new OnnxOptionError(
      `saveOnnx: path must be a non-empty string, got ${describeValue(file)}`,
    );
  }
  const exportOptions = options ?? {};
  const dir = path.dirname(path.resolve(file));
  let dataFile: string | undefined;
  if (exportOptions.externalDataName !== undefined) {
    dataFile = containedPath(
      dir,
      exportOptions.externalDataName,
      'options.externalDataName',
      SaveOnnxPathError,
    );
  }
  // Exported (and verified) in full before anything is written.
  const result = await exportOnnx(model, exportOptions);
  fs.mkdirSync(dir, { recursive: true });
  if (result.externalData) {
    const target =
      dataFile ??
      containedPath(dir, result.externalData.path, 'externalData.path', SaveOnnxPathError);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    writeFileAtomic(target, result.externalData.data);
  }
  writeFileAtomic(file, result.bytes);
  return result.report;
}
