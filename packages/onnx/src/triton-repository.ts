import fs from 'node:fs';
import path from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe } from './converter-registry.js';
import { OnnxOptionError } from './errors.js';
import { exportOnnx, writeFileAtomic } from './export-onnx.js';
import type { ExportOptions, ExportReport } from './export-onnx.js';

/** Options of {@link writeTritonRepository}. */
export interface TritonOptions extends Omit<ExportOptions, 'staticBatch'> {
  /** Model name: the folder name and `name:` in config.pbtxt ([A-Za-z0-9_.-]). */
  name: string;
  /**
   * Largest batch Triton sends (> 0 enables batching: dims then exclude the batch dimension).
   * 0 disables batching. Default 64.
   */
  maxBatchSize?: number;
  /** Instance kind: 'gpu' (KIND_GPU, default) or 'cpu' (KIND_CPU). */
  instance?: 'gpu' | 'cpu';
  /** Instances per device. Default 1. */
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

const TRITON_TYPES: Record<number, string> = { 1: 'TYPE_FP32', 6: 'TYPE_INT32', 7: 'TYPE_INT64' };

/** Renders config.pbtxt for the exported model. */
export function tritonConfig(
  name: string,
  io: {
    inputs: { name: string; shape: (number | string)[]; elemType?: number }[];
    outputs: { name: string; shape: (number | string)[]; elemType?: number }[];
  },
  options: {
    maxBatchSize: number;
    instance: 'gpu' | 'cpu';
    instanceCount: number;
    dynamicBatching: false | { maxQueueDelayMicroseconds: number };
  },
): string {
  const dims = (shape: (number | string)[]) =>
    (options.maxBatchSize > 0 ? shape.slice(1) : shape).map((d) =>
      typeof d === 'number' ? d : -1,
    );
  const tensor = (t: { name: string; shape: (number | string)[]; elemType?: number }) =>
    [
      '  {',
      `    name: "${t.name}"`,
      `    data_type: ${TRITON_TYPES[t.elemType ?? 1] ?? 'TYPE_FP32'}`,
      `    dims: [ ${dims(t.shape).join(', ')} ]`,
      '  }',
    ].join('\n');
  const lines = [
    `name: "${name}"`,
    'platform: "onnxruntime_onnx"',
    `max_batch_size: ${options.maxBatchSize}`,
    `input [\n${io.inputs.map(tensor).join(',\n')}\n]`,
    `output [\n${io.outputs.map(tensor).join(',\n')}\n]`,
  ];
  if (options.dynamicBatching) {
    lines.push(
      `dynamic_batching {\n  max_queue_delay_microseconds: ${options.dynamicBatching.maxQueueDelayMicroseconds}\n}`,
    );
  }
  lines.push(
    `instance_group [\n  {\n    count: ${options.instanceCount}\n    kind: ${options.instance === 'gpu' ? 'KIND_GPU' : 'KIND_CPU'}\n  }\n]`,
  );
  return `${lines.join('\n')}\n`;
}

function positiveInteger(value: unknown, min: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

/**
 * Exports a model into a Triton Inference Server model repository: `<dir>/<name>/config.pbtxt`
 * and `<dir>/<name>/<version>/model.onnx` (or the `model.onnx/` folder with `model.onnx.data`
 * when `externalDataThreshold` moves weights out). The batch dimension stays symbolic.
 *
 * @example
 * await writeTritonRepository(model, 'models', { name: 'bnkit_mlp', maxBatchSize: 64, instance: 'cpu' });
 * // tritonserver --model-repository=models
 */
export async function writeTritonRepository(
  model: tfl.LayersModel,
  dir: string,
  options: TritonOptions,
): Promise<TritonResult> {
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new OnnxOptionError(
      `writeTritonRepository: dir must be a non-empty string, got ${describe(dir)}`,
    );
  }
  if (!options || typeof options !== 'object') {
    throw new OnnxOptionError(
      `writeTritonRepository: options must be an object with at least a name, got ${describe(options)}`,
    );
  }
  const { name } = options;
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith('.')) {
    throw new OnnxOptionError(
      `writeTritonRepository: name must be a folder name of letters, digits, '_', '.' or '-', got ${describe(name)}`,
    );
  }
  if ((options as { staticBatch?: unknown }).staticBatch !== undefined) {
    throw new OnnxOptionError(
      `writeTritonRepository: staticBatch is not accepted (got ${describe((options as { staticBatch?: unknown }).staticBatch)}); Triton needs the symbolic batch dimension, set maxBatchSize instead`,
    );
  }
  const maxBatchSize = options.maxBatchSize ?? 64;
  if (!positiveInteger(maxBatchSize, 0)) {
    throw new OnnxOptionError(
      `writeTritonRepository: maxBatchSize must be an integer >= 0, got ${describe(options.maxBatchSize)}`,
    );
  }
  const instance = options.instance ?? 'gpu';
  if (instance !== 'gpu' && instance !== 'cpu') {
    throw new OnnxOptionError(
      `writeTritonRepository: instance must be 'gpu' or 'cpu', got ${describe(options.instance)}`,
    );
  }
  const instanceCount = options.instanceCount ?? 1;
  if (!positiveInteger(instanceCount, 1)) {
    throw new OnnxOptionError(
      `writeTritonRepository: instanceCount must be a positive integer, got ${describe(options.instanceCount)}`,
    );
  }
  const version = options.version ?? 1;
  if (!positiveInteger(version, 1)) {
    throw new OnnxOptionError(
      `writeTritonRepository: version must be a positive integer (Triton ignores 0 and names starting with 0), got ${describe(options.version)}`,
    );
  }
  const rawBatching = options.dynamicBatching ?? maxBatchSize > 0;
  let dynamicBatching: false | { maxQueueDelayMicroseconds: number } = false;
  if (rawBatching !== false) {
    if (maxBatchSize === 0) {
      throw new OnnxOptionError(
        'writeTritonRepository: dynamicBatching needs maxBatchSize > 0, got maxBatchSize 0',
      );
    }
    const delay = rawBatching === true ? 100 : (rawBatching.maxQueueDelayMicroseconds ?? 100);
    if (!positiveInteger(delay, 0)) {
      throw new OnnxOptionError(
        `writeTritonRepository: maxQueueDelayMicroseconds must be an integer >= 0, got ${describe(delay)}`,
      );
    }
    dynamicBatching = { maxQueueDelayMicroseconds: delay };
  }
  const {
    name: _n,
    maxBatchSize: _m,
    instance: _i,
    instanceCount: _c,
    dynamicBatching: _d,
    version: _v,
    ...exportOptions
  } = options;
  const result = await exportOnnx(model, exportOptions);
  const modelDir = path.join(dir, name);
  const versionDir = path.join(modelDir, String(version));
  let modelPath = path.join(versionDir, 'model.onnx');
  if (result.externalData) {
    const folder = modelPath;
    if (fs.existsSync(folder) && !fs.statSync(folder).isDirectory()) fs.rmSync(folder);
    modelPath = path.join(folder, 'model.onnx');
    writeFileAtomic(path.join(folder, result.externalData.path), result.externalData.data);
  } else if (fs.existsSync(modelPath) && fs.statSync(modelPath).isDirectory()) {
    fs.rmSync(modelPath, { recursive: true });
  }
  writeFileAtomic(modelPath, result.bytes);
  const config = tritonConfig(name, result.report, {
    maxBatchSize,
    instance,
    instanceCount,
    dynamicBatching,
  });
  const configPath = path.join(modelDir, 'config.pbtxt');
  writeFileAtomic(configPath, config);
  return { modelDir, configPath, modelPath, config, report: result.report };
}
