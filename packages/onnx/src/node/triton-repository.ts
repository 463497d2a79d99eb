import fs from 'node:fs';
import path from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  anyOf,
  boolean,
  checkOptions,
  checkValue,
  custom,
  integer,
  oneOf,
  string,
  type Rule,
} from '@bnkit/core';
import { containedPath, writeFileAtomic, writeFolderAtomic } from '@bnkit/core/node';
import { EXPORT_RULES } from '../export-onnx.js';
import { isPlainObject } from '../is-plain-object.js';
import type { ExportOptions, ExportReport } from '../export-types.js';
import { argumentErrorsIn } from '../session/session-argument-error.js';
import { exportVerified } from './export-onnx-verified.js';

/** Triton instance kinds: `'auto'` lets Triton choose (GPU when there is one, else CPU). */
export const TRITON_INSTANCE_KINDS = ['auto', 'cpu', 'gpu'] as const;

/** An instance kind of {@link writeTritonRepository}. */
export type TritonInstanceKind = (typeof TRITON_INSTANCE_KINDS)[number];

/** Options of {@link writeTritonRepository}: export options (but `staticBatch`) plus Triton's. */
export interface TritonOptions extends Omit<ExportOptions, 'staticBatch'> {
  /** Model name: the folder name and `name:` in config.pbtxt ([A-Za-z0-9_.-], not starting with '.'). */
  name: string;
  /**
   * Largest batch Triton sends (> 0 enables batching: dims then exclude the batch dimension).
   * 0 disables batching. Default 64.
   */
  maxBatchSize?: number;
  /**
   * Where Triton places the instances: `'auto'` (default) writes `KIND_AUTO` (GPUs when
   * available, otherwise the CPU: the same repository serves on both), `'gpu'` writes `KIND_GPU`
   * (a CPU-only Triton refuses it), `'cpu'` writes `KIND_CPU`.
   */
  instance?: TritonInstanceKind;
  /** Instances per device (per GPU, or on the CPU). Default 1. */
  instanceCount?: number;
  /**
   * Dynamic batching: true (default when maxBatchSize > 0) with max_queue_delay_microseconds 100,
   * an object to set the delay, or false.
   */
  dynamicBatching?: boolean | { maxQueueDelayMicroseconds?: number };
  /** Version folder. Default 1. */
  version?: number;
}

/** What {@link writeTritonRepository} wrote. */
export interface TritonResult {
  modelDir: string;
  configPath: string;
  /** The model file (inside the `model.onnx/` folder when weights went to external data). */
  modelPath: string;
  config: string;
  report: ExportReport;
}

const TRITON_TYPES: Record<number, string> = {
  1: 'TYPE_FP32',
  6: 'TYPE_INT32',
  7: 'TYPE_INT64',
  10: 'TYPE_FP16',
  11: 'TYPE_FP64',
};

const KINDS: Record<TritonInstanceKind, string> = {
  auto: 'KIND_AUTO',
  cpu: 'KIND_CPU',
  gpu: 'KIND_GPU',
};

interface TritonTensor {
  name: string;
  shape: (number | string)[];
  elemType?: number;
}

/** The config.pbtxt settings {@link tritonConfig} renders. */
export interface TritonConfigSettings {
  maxBatchSize: number;
  instance: TritonInstanceKind;
  instanceCount: number;
  dynamicBatching: false | { maxQueueDelayMicroseconds: number };
}

/**
 * Renders config.pbtxt (protobuf text format of Triton's `ModelConfig`) for an exported model.
 *
 * @example
 * tritonConfig('mlp', report, { maxBatchSize: 64, instance: 'auto', instanceCount: 1, dynamicBatching: false });
 */
export function tritonConfig(
  name: string,
  io: { inputs: TritonTensor[]; outputs: TritonTensor[] },
  settings: TritonConfigSettings,
): string {
  const dims = (shape: (number | string)[]) =>
    (settings.maxBatchSize > 0 ? shape.slice(1) : shape).map((d) =>
      typeof d === 'number' ? d : -1,
    );
  const tensor = (t: TritonTensor) =>
    [
      '  {',
      `    name: ${JSON.stringify(t.name)}`,
      `    data_type: ${TRITON_TYPES[t.elemType ?? 1] ?? 'TYPE_FP32'}`,
      `    dims: [ ${dims(t.shape).join(', ')} ]`,
      '  }',
    ].join('\n');
  const lines = [
    `name: ${JSON.stringify(name)}`,
    'platform: "onnxruntime_onnx"',
    `max_batch_size: ${settings.maxBatchSize}`,
    `input [\n${io.inputs.map(tensor).join(',\n')}\n]`,
    `output [\n${io.outputs.map(tensor).join(',\n')}\n]`,
  ];
  if (settings.dynamicBatching) {
    lines.push(
      `dynamic_batching {\n  max_queue_delay_microseconds: ${settings.dynamicBatching.maxQueueDelayMicroseconds}\n}`,
    );
  }
  lines.push(
    `instance_group [\n  {\n    count: ${settings.instanceCount}\n    kind: ${KINDS[settings.instance]}\n  }\n]`,
  );
  return `${lines.join('\n')}\n`;
}

const MODEL_NAME = custom<string>(
  "a folder name of letters, digits, '_', '.' or '-' that does not start with '.'",
  (value): value is string =>
    typeof value === 'string' && /^[A-Za-z0-9_.-]+$/.test(value) && !value.startsWith('.'),
);

const DYNAMIC_BATCHING = anyOf(
  boolean(),
  custom<{ maxQueueDelayMicroseconds?: number }>(
    '{ maxQueueDelayMicroseconds?: an integer >= 0 }',
    (value): value is { maxQueueDelayMicroseconds?: number } =>
      value !== null &&
      typeof value === 'object' &&
      Object.keys(value).every((k) => k === 'maxQueueDelayMicroseconds') &&
      ((value as { maxQueueDelayMicroseconds?: unknown }).maxQueueDelayMicroseconds === undefined ||
        integer({ min: 0 }).test(
          (value as { maxQueueDelayMicroseconds?: unknown }).maxQueueDelayMicroseconds,
        )),
  ),
);

const TRITON_RULES = {
  maxBatchSize: integer({ min: 0 }),
  instance: oneOf(TRITON_INSTANCE_KINDS),
  instanceCount: integer({ min: 1 }),
  dynamicBatching: DYNAMIC_BATCHING,
  version: integer({ min: 1 }),
} satisfies Record<string, Rule<unknown>>;

/**
 * Exports a model into a Triton Inference Server model repository: `<dir>/<name>/config.pbtxt`
 * and `<dir>/<name>/<version>/model.onnx` (or the `model.onnx/` folder with the external data
 * file when `externalDataThreshold` moves weights out). The batch dimension stays symbolic.
 * The model folder is written atomically: it is built under a temporary name and swapped in
 * whole (other version folders already in it are kept), so Triton's repository polling never
 * sees half a model. The instance kind defaults to `KIND_AUTO`.
 *
 * @example
 * await writeTritonRepository(model, 'models', { name: 'bnkit_mlp', maxBatchSize: 64 });
 * // tritonserver --model-repository=models  (KIND_AUTO: GPU instances when there are GPUs)
 */
export async function writeTritonRepository(
  model: tfl.LayersModel,
  dir: string,
  options: TritonOptions,
): Promise<TritonResult> {
  const errors = argumentErrorsIn('writeTritonRepository');
  checkValue('dir', dir, string(), errors);
  if (!isPlainObject(options)) {
    throw new errors('options', options, 'an options object with at least a name');
  }
  // Every key at once: Triton's own and the export options (a typo names the closest of all).
  const { staticBatch: _noStaticBatch, ...exportRules } = EXPORT_RULES;
  checkOptions(
    options,
    { ...exportRules, ...TRITON_RULES, name: MODEL_NAME },
    { where: 'writeTritonRepository', errorClass: errors, passThrough: ['staticBatch'] },
  );
  const {
    name,
    maxBatchSize: rawMaxBatch,
    instance: rawInstance,
    instanceCount: rawCount,
    dynamicBatching: rawBatching,
    version: rawVersion,
    ...exportOptions
  } = options;
  checkValue('name', name, MODEL_NAME, errors);
  if ((exportOptions as { staticBatch?: unknown }).staticBatch !== undefined) {
    throw new errors(
      'staticBatch',
      (exportOptions as { staticBatch?: unknown }).staticBatch,
      'undefined',
      { hint: 'Triton batches along the symbolic batch dimension; set maxBatchSize instead.' },
    );
  }
  if (exportOptions.externalDataName !== undefined) {
    // The model file is <version>/model.onnx/model.onnx: the data must stay in that folder
    // and must not be the model file itself.
    containedPath('model.onnx', exportOptions.externalDataName, 'externalDataName', errors);
    if (path.normalize(exportOptions.externalDataName) === 'model.onnx') {
      throw new errors(
        'externalDataName',
        exportOptions.externalDataName,
        'a file name other than model.onnx (the model file beside it)',
      );
    }
  }
  const maxBatchSize = rawMaxBatch ?? 64;
  const version = rawVersion ?? 1;
  let dynamicBatching: TritonConfigSettings['dynamicBatching'] = false;
  const batching = rawBatching ?? maxBatchSize > 0;
  if (batching !== false) {
    if (maxBatchSize === 0) {
      throw new errors('dynamicBatching', batching, 'false when maxBatchSize is 0', {
        hint: 'Dynamic batching needs maxBatchSize > 0.',
      });
    }
    dynamicBatching = {
      maxQueueDelayMicroseconds:
        batching === true ? 100 : (batching.maxQueueDelayMicroseconds ?? 100),
    };
  }
  const settings: TritonConfigSettings = {
    maxBatchSize,
    instance: rawInstance ?? 'auto',
    instanceCount: rawCount ?? 1,
    dynamicBatching,
  };

  const result = await exportVerified(model, exportOptions, 'writeTritonRepository');
  const config = tritonConfig(name, result.report, settings);
  fs.mkdirSync(dir, { recursive: true });
  const modelDir = containedPath(dir, name, 'name', errors);
  const versionName = String(version);
  // Inside the model folder: the model file, or the model.onnx/ folder for external data.
  const modelRelative = result.externalData
    ? path.join(versionName, 'model.onnx', 'model.onnx')
    : path.join(versionName, 'model.onnx');
  writeFolderAtomic(modelDir, (temporary) => {
    if (fs.existsSync(modelDir)) {
      // Keep the other versions (and anything else the user keeps there).
      for (const entry of fs.readdirSync(modelDir)) {
        if (entry === versionName || entry === 'config.pbtxt') continue;
        fs.cpSync(path.join(modelDir, entry), path.join(temporary, entry), { recursive: true });
      }
    }
    const file = path.join(temporary, modelRelative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (result.externalData) {
      const dataFile = containedPath(
        path.dirname(file),
        result.externalData.path,
        'externalDataName',
        errors,
      );
      fs.mkdirSync(path.dirname(dataFile), { recursive: true });
      writeFileAtomic(dataFile, result.externalData.data);
    }
    writeFileAtomic(file, result.bytes);
    writeFileAtomic(path.join(temporary, 'config.pbtxt'), config);
  });
  return {
    modelDir,
    configPath: path.join(modelDir, 'config.pbtxt'),
    modelPath: path.join(modelDir, modelRelative),
    config,
    report: result.report,
  };
}
