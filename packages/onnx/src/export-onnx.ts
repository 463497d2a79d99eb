import type * as tfl from '@tensorflow/tfjs-layers';
import { closestMatch, describeValue } from '@bnkit/core';
import { convertModel } from './convert/convert-model.js';
import { OnnxOptionError } from './errors.js';
import type { ExportOptions, ExportResult } from './export-types.js';
import { DEFAULT_OPSET, MAX_OPSET, MIN_OPSET } from './opset.js';

const OPTION_KEYS = [
  'opset',
  'bn',
  'staticBatch',
  'graphName',
  'metadata',
  'externalDataThreshold',
  'externalDataName',
  'verify',
];

/** Metadata keys the exporter writes itself (provenance): a user entry may not replace them. */
const RESERVED_METADATA = /^(bnkit\.|tfjs\.|source\.)/;

/** Checks exportOnnx's options; returns the opset and BN mode to use. */
export function resolveExportOptions(
  options: ExportOptions,
  where = 'exportOnnx',
): { opset: number; bn: 'fold' | 'op' | 'affine' } {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new OnnxOptionError(`${where}: options must be an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key)) {
      const near = closestMatch(key, OPTION_KEYS);
      throw new OnnxOptionError(
        `${where}: option name must be one of ${OPTION_KEYS.map((k) => `"${k}"`).join(', ')}; received "${key}".` +
          (near ? ` Did you mean "${near}"?` : ''),
      );
    }
  }
  const opset = options.opset ?? DEFAULT_OPSET;
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new OnnxOptionError(
      `${where}: opset must be an integer from ${MIN_OPSET} to ${MAX_OPSET}, got ${describeValue(options.opset)}`,
    );
  }
  const bn = options.bn ?? 'fold';
  if (bn !== 'fold' && bn !== 'op' && bn !== 'affine') {
    throw new OnnxOptionError(
      `${where}: bn must be 'fold', 'op' or 'affine', got ${describeValue(options.bn)}`,
    );
  }
  if (
    options.staticBatch !== undefined &&
    (!Number.isInteger(options.staticBatch) || options.staticBatch < 1)
  ) {
    throw new OnnxOptionError(
      `${where}: staticBatch must be a positive integer, got ${describeValue(options.staticBatch)}`,
    );
  }
  if (
    options.externalDataThreshold !== undefined &&
    !(typeof options.externalDataThreshold === 'number' && options.externalDataThreshold >= 0)
  ) {
    throw new OnnxOptionError(
      `${where}: externalDataThreshold must be a number of bytes >= 0, got ${describeValue(options.externalDataThreshold)}`,
    );
  }
  if (
    options.externalDataName !== undefined &&
    (typeof options.externalDataName !== 'string' || options.externalDataName.length === 0)
  ) {
    throw new OnnxOptionError(
      `${where}: externalDataName must be a non-empty file name, got ${describeValue(options.externalDataName)}`,
    );
  }
  const dataName = options.externalDataName;
  if (
    dataName !== undefined &&
    (/^([/\\]|[A-Za-z]:)/.test(dataName) || dataName.split(/[/\\]/).includes('..'))
  ) {
    throw new OnnxOptionError(
      `${where}: externalDataName must be a relative path that stays beside the model (no '..', not absolute), as ONNX requires; got ${describeValue(dataName)}`,
    );
  }
  if (options.metadata !== undefined) {
    if (options.metadata === null || typeof options.metadata !== 'object') {
      throw new OnnxOptionError(
        `${where}: metadata must be an object of strings, got ${describeValue(options.metadata)}`,
      );
    }
    for (const [key, value] of Object.entries(options.metadata)) {
      if (typeof value !== 'string') {
        throw new OnnxOptionError(
          `${where}: metadata values must be strings, got ${describeValue(value)} for "${key}"`,
        );
      }
      if (RESERVED_METADATA.test(key)) {
        throw new OnnxOptionError(
          `${where}: metadata key "${key}" is reserved (keys starting with bnkit., tfjs. or source. are written by the exporter); use your own prefix, e.g. "app.${key}"`,
        );
      }
    }
  }
  return { opset, bn };
}

/**
 * Converts a tfjs LayersModel to ONNX in memory. The batch dimension is symbolic (`batch`)
 * unless `staticBatch` is given; graph inputs and outputs keep tfjs's layout and names. Runs in
 * a browser bundle (no Node built-ins, no file reads). To check parity with onnxruntime, call
 * `verifyOnnx` from `@bnkit/onnx/node` (or `@bnkit/onnx/web`) on the result.
 *
 * @example
 * const { bytes, report } = await exportOnnx(model, { opset: 17, bn: 'fold' });
 * console.log(report.opCounts); // { Gemm: 3, Relu: 2, Sigmoid: 1 }
 */
export async function exportOnnx(
  model: tfl.LayersModel,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const resolved = resolveExportOptions(options);
  if (options.verify) {
    throw new OnnxOptionError(
      'exportOnnx: verify needs an ONNX runtime, which the browser-safe exportOnnx does not load; ' +
        "import exportOnnx (or saveOnnx, verifyOnnx) from '@bnkit/onnx/node', which runs " +
        'onnxruntime-node; see README.md#checking-parity',
    );
  }
  const { layerOutputs: _unused, ...plain } = convertModel(model, { ...options, ...resolved });
  return plain;
}
