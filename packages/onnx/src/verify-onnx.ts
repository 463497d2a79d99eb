import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  arrayOf,
  boolean,
  checkOptions,
  custom,
  integer,
  number,
  oneOf,
  type OptionRules,
} from '@bnkit/core';
import type { OrtModuleLike, OrtSessionLike, OrtTensorLike } from './session/ort-like.js';
import { assertLayersModel, convertModel } from './convert/convert-model.js';
import type { ExportResult } from './export-types.js';
import { decodeModelProto } from './onnx-proto.js';
import { DEFAULT_OPSET } from './opset.js';
import { argumentErrorsIn } from './session/session-argument-error.js';
import { correctedPredict, findTfjsKnownBugs } from './tfjs-known-bugs.js';
import { VerificationError } from './verify-report.js';
import type { OutputError, VerifyOptions, VerifyReport } from './verify-report.js';

/**
 * The onnxruntime module verification runs on (onnxruntime-node or onnxruntime-web): the same
 * structural type the session helpers use.
 */
export type OnnxRuntimeLike = OrtModuleLike;

/** An onnxruntime InferenceSession, as verification uses it. */
export type OnnxInferenceSessionLike = OrtSessionLike;

const VERIFY_RULES = {
  // Checked in detail by checkUserInputs, which names the input and its shape.
  inputs: custom<tf.Tensor | tf.Tensor[]>(
    'a tf.Tensor or an array of tf.Tensors (one per model input)',
    (value): value is tf.Tensor | tf.Tensor[] => value !== null,
  ),
  rtol: number({ min: 0 }),
  atol: number({ min: 0 }),
  batchSizes: arrayOf(integer({ min: 1 }), { minLength: 1 }),
  seed: integer(),
  graphOptimizationLevel: oneOf(['disabled', 'basic', 'extended', 'layout', 'all'] as const),
  throwOnMismatch: boolean(),
} satisfies OptionRules;

/**
 * The user's verification inputs, one tensor per model input: tfjs tensors of the input's
 * dtype and rank, with its fixed dimensions. An int32 tensor for a float32 input is cast (exact
 * below 2^24); anything else (a Float64Array, a plain array, a float64 or bool tensor, a wrong
 * shape) is refused naming the input and what is accepted, before tfjs sees it.
 */
function checkUserInputs(
  m: { inputs: { shape: (number | null)[]; dtype?: string }[] },
  inputs: tf.Tensor | tf.Tensor[] | undefined,
): tf.Tensor[] | undefined {
  if (inputs === undefined) return undefined;
  const errors = argumentErrorsIn('verifyOnnx');
  const list = Array.isArray(inputs) ? inputs : [inputs];
  if (list.length !== m.inputs.length) {
    throw new errors(
      'options.inputs',
      inputs,
      `${m.inputs.length} tensor(s), one per model input`,
      { hint: `Received ${list.length}.` },
    );
  }
  return list.map((t, i) => {
    const spec = m.inputs[i] as { shape: (number | null)[]; dtype?: string };
    const argument =
      m.inputs.length === 1 && !Array.isArray(inputs) ? 'options.inputs' : `options.inputs[${i}]`;
    const wanted = spec.dtype === 'int32' ? 'int32' : 'float32';
    const accepted = `a ${wanted} tf.Tensor of shape [${spec.shape.map((d) => (d === null ? 'any' : d)).join(', ')}]`;
    if (!(t instanceof tf.Tensor)) {
      throw new errors(argument, t, accepted, {
        hint:
          ArrayBuffer.isView(t) || Array.isArray(t)
            ? `Wrap the data in a tensor: tf.tensor(data, shape, '${wanted}') (tfjs and the ONNX graph compute in float32, so a Float64Array is rounded to float32 there).`
            : undefined,
      });
    }
    if (t.isDisposed) throw new errors(argument, t, `${accepted}, not disposed`);
    const sameShape =
      t.shape.length === spec.shape.length &&
      spec.shape.every((d, k) => d === null || d === t.shape[k]);
    if (!sameShape) {
      throw new errors(
        `${argument}.shape`,
        t.shape,
        `[${spec.shape.map((d) => (d === null ? 'any' : d)).join(', ')}]`,
      );
    }
    if (t.dtype === wanted) return t;
    if (t.dtype === 'int32' && wanted === 'float32') return tf.cast(t, 'float32'); // exact below 2^24
    throw new errors(
      `${argument}.dtype`,
      t.dtype,
      `"${wanted}"${wanted === 'float32' ? ' or "int32" (cast to float32)' : ''}`,
    );
  });
}

function compare(
  name: string,
  ours: Float32Array,
  ref: Float32Array,
  rtol: number,
  atol: number,
): OutputError {
  let maxAbsError = 0;
  let maxRelError = 0;
  let ok = ours.length === ref.length;
  for (let i = 0; i < ref.length; i++) {
    const a = ours[i] as number;
    const b = ref[i] as number;
    const diff = Math.abs(a - b);
    if (!(diff <= atol + rtol * Math.abs(b))) ok = false;
    if (Number.isNaN(diff)) maxAbsError = Number.NaN;
    else if (diff > maxAbsError) maxAbsError = diff;
    const rel = diff / Math.max(Math.abs(b), Number.EPSILON);
    if (rel > maxRelError) maxRelError = rel;
  }
  return { name, maxAbsError, maxRelError, ok };
}

function concreteShape(shape: (number | null)[], batch: number, what: string): number[] {
  return shape.map((d, i) => {
    if (i === 0) return batch;
    if (d === null) {
      const errors = argumentErrorsIn('verifyOnnx');
      throw new errors(
        'options.inputs',
        undefined,
        `tensors for the model's inputs: ${what} has a free dimension ${i} (shape [${shape.map(String)}]), so random inputs cannot be made`,
      );
    }
    return d;
  });
}

async function runOrt(
  ort: OnnxRuntimeLike,
  session: OnnxInferenceSessionLike,
  inputs: tf.Tensor[],
): Promise<Record<string, Float32Array>> {
  const feeds: Record<string, OrtTensorLike> = {};
  session.inputNames.forEach((name, i) => {
    const t = inputs[i] as tf.Tensor;
    feeds[name] =
      t.dtype === 'int32'
        ? new ort.Tensor('int32', t.dataSync() as Int32Array, t.shape)
        : new ort.Tensor('float32', t.dataSync() as Float32Array, t.shape);
  });
  const out = await session.run(feeds);
  const result: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(out)) result[k] = Float32Array.from(v.data as Float32Array);
  return result;
}

/**
 * verifyOnnx on a given onnxruntime package (the `/node` and `/web` entries pass theirs):
 * runs tfjs `predict` and onnxruntime (CPU) on random inputs at two batch sizes and on the
 * user's inputs, and reports the max absolute and relative error of every output. On a mismatch
 * it exports the model again with every layer's output exposed and names the first layer whose
 * output diverges.
 *
 * @example
 * import * as ort from 'onnxruntime-web';
 * const { bytes } = await exportOnnx(model);
 * const report = await verifyOnnxWith(ort, model, bytes, { rtol: 1e-3, atol: 1e-5 });
 * console.log(report.ok, report.maxAbsError);
 */
export async function verifyOnnxWith(
  ort: OnnxRuntimeLike,
  model: tfl.LayersModel,
  onnx: Uint8Array | Pick<ExportResult, 'bytes' | 'externalData'>,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const m = assertLayersModel(model, 'verifyOnnx');
  const errors = argumentErrorsIn('verifyOnnx');
  const bytes = onnx instanceof Uint8Array ? onnx : (onnx as { bytes?: unknown } | null)?.bytes;
  if (!(bytes instanceof Uint8Array)) {
    throw new errors('onnx', onnx, "ONNX bytes (a Uint8Array) or exportOnnx's result");
  }
  const checked = checkOptions(options, VERIFY_RULES, { where: 'verifyOnnx', errorClass: errors });
  const rtol = checked.rtol ?? 1e-3;
  const atol = checked.atol ?? 1e-5;
  const batchSizes = checked.batchSizes ?? [1, 7];
  const userInputs = checkUserInputs(m, checked.inputs);
  const external = onnx instanceof Uint8Array ? undefined : onnx.externalData;
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: checked.graphOptimizationLevel ?? 'all',
    ...(external ? { externalData: [{ path: external.path, data: external.data }] } : {}),
  });
  const batches: { source: 'random' | 'user'; inputs: tf.Tensor[] }[] = [];
  const seed = checked.seed ?? 42;
  const indexRanges = embeddingRanges(model);
  batchSizes.forEach((b, k) => {
    batches.push({
      source: 'random',
      inputs: m.inputs.map((t, i) => {
        const shape = concreteShape(t.shape, b, `input ${i}`);
        const range = indexRanges.get(t.id);
        // Inputs that feed an Embedding get valid indices, not N(0, 1).
        if (range !== undefined) {
          return tf.floor(tf.randomUniform(shape, 0, range, 'float32', seed + 31 * k + i));
        }
        return tf.randomNormal(shape, 0, 1, 'float32', seed + 31 * k + i);
      }),
    });
  });
  if (userInputs) batches.push({ source: 'user', inputs: userInputs });

  const report: VerifyReport = { ok: true, rtol, atol, runs: [], maxAbsError: 0, maxRelError: 0 };
  // Layers tfjs itself computes wrongly: the reference is a correct evaluation, not predict.
  const known = findTfjsKnownBugs(model);
  const fixed = new Set(known.map((k) => k.layer));
  if (known.length > 0) {
    report.tfjsKnownBugs = known.map((k) => k.bug);
    report.tfjsMaxAbsError = 0;
  }
  let failing: tf.Tensor[] | undefined;
  try {
    for (const batch of batches) {
      const predicted = model.predict(
        batch.inputs.length === 1 ? (batch.inputs[0] as tf.Tensor) : batch.inputs,
      );
      let refs = Array.isArray(predicted) ? predicted : [predicted];
      if (fixed.size > 0) {
        const { outputs: corrected, layers } = correctedPredict(model, batch.inputs, fixed);
        tf.dispose(Object.values(layers).filter((t) => !corrected.includes(t)));
        refs.forEach((r, j) => {
          const c = compare(
            '',
            r.dataSync() as Float32Array,
            corrected[j]?.dataSync() as Float32Array,
            0,
            0,
          );
          report.tfjsMaxAbsError = Math.max(report.tfjsMaxAbsError ?? 0, c.maxAbsError);
        });
        tf.dispose(refs);
        refs = corrected;
      }
      const ours = await runOrt(ort, session, batch.inputs);
      const outputs = session.outputNames.map((name, j) =>
        compare(
          name,
          ours[name] as Float32Array,
          (refs[j] as tf.Tensor).dataSync() as Float32Array,
          rtol,
          atol,
        ),
      );
      tf.dispose(refs);
      for (const o of outputs) {
        if (!o.ok) {
          report.ok = false;
          failing ??= batch.inputs;
        }
        report.maxAbsError = Math.max(report.maxAbsError, o.maxAbsError);
        report.maxRelError = Math.max(report.maxRelError, o.maxRelError);
      }
      report.runs.push({
        source: batch.source,
        batchSize: batch.inputs[0]?.shape[0] ?? 0,
        outputs,
      });
    }
    if (failing) {
      try {
        await locateDivergence(ort, model, failing, report, opsetOf(bytes), fixed);
      } catch (error) {
        report.diagnosis = `The per-layer search could not run: ${(error as Error).message}`;
      }
    }
  } finally {
    for (const batch of batches) if (batch.source === 'random') tf.dispose(batch.inputs);
    const given = checked.inputs === undefined ? [] : [checked.inputs].flat();
    tf.dispose((userInputs ?? []).filter((t) => !given.includes(t)));
    await session.release();
  }
  if (!report.ok && checked.throwOnMismatch) throw new VerificationError(report);
  return report;
}

/** Model inputs read by an Embedding layer, with the smallest `inputDim` that reads them. */
function embeddingRanges(model: tfl.LayersModel): Map<number, number> {
  const ranges = new Map<number, number>();
  const inputIds = new Set(model.inputs.map((t) => t.id));
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'Embedding') continue;
    const inputDim = Number((layer.getConfig() as { inputDim?: unknown }).inputDim);
    for (const node of layer.inboundNodes) {
      for (const t of node.inputTensors) {
        if (inputIds.has(t.id) && Number.isInteger(inputDim) && inputDim > 0) {
          ranges.set(t.id, Math.min(inputDim, ranges.get(t.id) ?? inputDim));
        }
      }
    }
  }
  return ranges;
}

function opsetOf(bytes: Uint8Array): number | undefined {
  const entry = decodeModelProto(bytes).opset_import.find((o) => !o.domain);
  return entry?.version;
}

async function locateDivergence(
  ort: OnnxRuntimeLike,
  model: tfl.LayersModel,
  inputs: tf.Tensor[],
  report: VerifyReport,
  opset: number | undefined,
  fixed: ReadonlySet<tfl.layers.Layer>,
): Promise<void> {
  const debug = convertModel(model, {
    bn: 'op',
    exposeLayerOutputs: true,
    opset: opset ?? DEFAULT_OPSET,
  });
  const session = await ort.InferenceSession.create(debug.bytes, { executionProviders: ['cpu'] });
  // With layers tfjs computes wrongly, every layer is compared with a correct evaluation.
  const correct = fixed.size > 0 ? correctedPredict(model, inputs, fixed) : undefined;
  try {
    const ours = await runOrt(ort, session, inputs);
    for (const layer of model.layers) {
      const value = debug.layerOutputs.get(layer.name);
      if (value === undefined || !(value in ours)) continue;
      let ref: tf.Tensor;
      if (correct) {
        const held = correct.layers[layer.name];
        if (held === undefined) continue; // a layer called more than once
        ref = held;
      } else {
        let probe: tfl.LayersModel;
        try {
          probe = tfl.model({ inputs: model.inputs, outputs: layer.output as tfl.SymbolicTensor });
        } catch {
          continue; // a layer called more than once has no single output to probe
        }
        ref = probe.predict(inputs.length === 1 ? (inputs[0] as tf.Tensor) : inputs) as tf.Tensor;
      }
      const error = compare(
        layer.name,
        ours[value] as Float32Array,
        ref.dataSync() as Float32Array,
        report.rtol,
        report.atol,
      );
      if (!correct) tf.dispose(ref);
      if (!error.ok) {
        report.firstDivergingLayer = {
          name: layer.name,
          className: layer.getClassName(),
          maxAbsError: error.maxAbsError,
        };
        report.diagnosis = `The first layer whose output diverges is ${layer.name} (${layer.getClassName()}), max abs error ${error.maxAbsError.toExponential(3)}.`;
        return;
      }
    }
    report.diagnosis =
      'Every layer matches when exported with bn: "op"; the difference comes from BatchNormalization folding or the final outputs.';
  } finally {
    if (correct) tf.dispose([...correct.outputs, ...Object.values(correct.layers)]);
    await session.release();
  }
}
