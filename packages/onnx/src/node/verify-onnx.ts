import type * as tfl from '@tensorflow/tfjs-layers';
import type { ExportResult } from '../export-types.js';
import { verifyOnnxWith } from '../verify-onnx.js';
import type { OnnxRuntimeLike } from '../verify-onnx.js';
import type { VerifyOptions, VerifyReport } from '../verify-report.js';
import { loadOnnxruntimeNode } from './load-onnxruntime-node.js';

/**
 * Runs tfjs `predict` and onnxruntime-node (CPU) on random inputs at two batch sizes and on the
 * user's inputs, and reports the max absolute and relative error of every output. On a mismatch
 * it exports the model again with every layer's output exposed and names the first layer whose
 * output diverges.
 *
 * @example
 * import { exportOnnx } from '@bnkit/onnx';
 * import { verifyOnnx } from '@bnkit/onnx/node';
 * const { bytes } = await exportOnnx(model);
 * const report = await verifyOnnx(model, bytes, { rtol: 1e-3, atol: 1e-5 });
 * console.log(report.ok, report.maxAbsError);
 */
export async function verifyOnnx(
  model: tfl.LayersModel,
  onnx: Uint8Array | Pick<ExportResult, 'bytes' | 'externalData'>,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const ort = (await loadOnnxruntimeNode('verifyOnnx')) as unknown as OnnxRuntimeLike;
  return verifyOnnxWith(ort, model, onnx, options);
}
