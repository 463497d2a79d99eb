import type * as tfl from '@tensorflow/tfjs-layers';
import { exportOnnx as exportOnnxBytes, resolveExportOptions } from '../export-onnx.js';
import type { ExportOptions, ExportResult } from '../export-types.js';
import { verifyOnnx } from './verify-onnx.js';

/**
 * `exportOnnx` of the main entry plus its Node-only option `verify`: the export is checked on
 * onnxruntime-node (`verifyOnnx`) before it is returned, and a mismatch throws a
 * `VerificationError` naming the first diverging layer. Without `verify` it is the main
 * entry's `exportOnnx`.
 *
 * @example
 * import { exportOnnx } from '@bnkit/onnx/node';
 * const { bytes, report } = await exportOnnx(model, { verify: true });
 * console.log(report.verification?.maxAbsError);
 */
export function exportOnnx(
  model: tfl.LayersModel,
  options: ExportOptions = {},
): Promise<ExportResult> {
  return exportVerified(model, options, 'exportOnnx');
}

/** {@link exportOnnx} with its errors named after `where` (saveOnnx, writeTritonRepository). */
export async function exportVerified(
  model: tfl.LayersModel,
  options: ExportOptions,
  where: string,
): Promise<ExportResult> {
  // Every option (verify's too) is checked before any work.
  resolveExportOptions(options, where);
  const { verify, ...exportOptions } = options;
  const result = await exportOnnxBytes(model, exportOptions);
  if (verify) {
    const verifyOptions = verify === true ? {} : verify;
    result.report.verification = await verifyOnnx(model, result, {
      // A fixed batch can only be checked at that size.
      ...(exportOptions.staticBatch !== undefined
        ? { batchSizes: [exportOptions.staticBatch] }
        : {}),
      ...verifyOptions,
      throwOnMismatch: verifyOptions.throwOnMismatch ?? true,
    });
  }
  return result;
}
