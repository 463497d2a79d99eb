import type * as tfl from '@tensorflow/tfjs-layers';
import {
  anyOf,
  boolean,
  checkOptions,
  custom,
  integer,
  number,
  oneOf,
  string,
  type OptionRules,
} from '@bnkit/core';
import { convertModel } from './convert/convert-model.js';
import type { ExportOptions, ExportResult } from './export-types.js';
import { isPlainObject } from './is-plain-object.js';
import { DEFAULT_OPSET, MAX_OPSET, MIN_OPSET } from './opset.js';
import { argumentErrorsIn } from './session/session-argument-error.js';
import type { VerifyOptions } from './verify-report.js';

/** Metadata keys the exporter writes itself (provenance): a user entry may not replace them. */
const RESERVED_METADATA = /^(bnkit\.|tfjs\.|source\.)/;

/** A relative path that stays beside the model (no '..', not absolute), as ONNX requires. */
export const EXTERNAL_DATA_NAME = custom<string>(
  "a relative file name that stays beside the model (no '..', not absolute), as ONNX requires",
  (value): value is string =>
    typeof value === 'string' &&
    value.length > 0 &&
    !/^([/\\]|[A-Za-z]:)/.test(value) &&
    !value.split(/[/\\]/).includes('..') &&
    !value.split(/[/\\]/).includes(''),
);

/** The rules of exportOnnx's options (also the export part of saveOnnx's and Triton's). */
export const EXPORT_RULES = {
  opset: integer({ min: MIN_OPSET, max: MAX_OPSET }),
  bn: oneOf(['fold', 'op', 'affine'] as const),
  staticBatch: integer({ min: 1 }),
  graphName: string(),
  metadata: custom<Record<string, string>>(
    'an object of string values',
    (value): value is Record<string, string> =>
      isPlainObject(value) && Object.values(value).every((v) => typeof v === 'string'),
  ),
  externalDataThreshold: number({ min: 0, allowInfinity: true }),
  externalDataName: EXTERNAL_DATA_NAME,
  verify: anyOf(
    boolean(),
    custom<VerifyOptions>('verifyOnnx options (an object)', (value): value is VerifyOptions =>
      isPlainObject(value),
    ),
  ),
} satisfies OptionRules;

/**
 * Checks exportOnnx's options with core's `checkOptions` (an unknown key is refused naming the
 * closest known one; each value against its rule) and the metadata keys (the exporter's own
 * provenance keys cannot be replaced); returns the opset and BN mode to use.
 */
export function resolveExportOptions(
  options: ExportOptions,
  where = 'exportOnnx',
  extraKeys: readonly string[] = [],
): { opset: number; bn: 'fold' | 'op' | 'affine' } {
  const errors = argumentErrorsIn(where);
  const checked = checkOptions(options, EXPORT_RULES, {
    where,
    errorClass: errors,
    passThrough: extraKeys,
  });
  const metadata = checked.metadata;
  if (metadata !== undefined) {
    for (const key of Object.keys(metadata)) {
      if (RESERVED_METADATA.test(key) || key === '') {
        throw new errors(
          'metadata key',
          key,
          'a non-empty key outside the exporter\'s own provenance keys (bnkit.*, tfjs.*, source.*, e.g. "source.weights.sha256")',
          { hint: `The exporter writes those itself; use your own prefix, e.g. "app.${key}".` },
        );
      }
    }
  }
  return { opset: checked.opset ?? DEFAULT_OPSET, bn: checked.bn ?? 'fold' };
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
    const errors = argumentErrorsIn('exportOnnx');
    throw new errors('verify', options.verify, 'false or absent in the browser-safe exportOnnx', {
      hint:
        'verify needs an ONNX runtime: import exportOnnx (or saveOnnx, verifyOnnx) from ' +
        "'@bnkit/onnx/node', which runs onnxruntime-node; see README.md#checking-parity.",
    });
  }
  const { layerOutputs: _unused, ...plain } = convertModel(model, { ...options, ...resolved });
  return plain;
}
