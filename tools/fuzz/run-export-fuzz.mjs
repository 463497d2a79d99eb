#!/usr/bin/env node
// The export fuzz of issue 12: random tfjs-layers models (random-model.mjs) exported with
// @bnkit/onnx in every BN mode, run on onnxruntime-node's CPU session and compared with tfjs's own
// predictions on the cpu backend.
//
//   node tools/fuzz/run-export-fuzz.mjs --models 3000 --seed 1     the long tier, prints counts
//   node tools/fuzz/run-export-fuzz.mjs --only 123456789            one model, described in full
//
// Options: --models N (default 150), --seed S (default 1), --modes fold,op,affine,
// --tolerance T (default 1e-4), --failures K (failures described, default 5), --only SEED,
// --json (counts as JSON). Exit code 1 when any crash or mismatch was seen.
//
// Metric. For each output, err = max|onnx - ref| / max(1, max|ref|): the absolute error while the
// output is of order 1, the error relative to the output's largest magnitude beyond. Float32
// rounding grows with the magnitudes flowing through the graph (BN with a small variance, a few
// chained layers and a Concatenate can reach 1e2..1e3, where one ulp is already ~1e-5..1e-4),
// while a wrong lowering (a transposed kernel, a wrong axis or epsilon, a missed fold) is off by a
// fraction of the output itself, far above 1e-4 in either scale.
//
// Where tfjs is wrong. tfjs-layers' own BatchNormalization over a non-last axis computes wrong
// values on the cpu and wasm backends (shared/specs/batchnorm.md, packages/layers/src/
// tfjs-layers-bugs.spec.ts). For a model holding one, the reference is the same model (same seed,
// layers, weights and inputs) built with bnkit's BatchNormalization in that place, which is
// correct for any axis; the model counts as `tfjsWrong` when tfjs's own output differs from that
// reference, and its exports are checked against the reference, not against tfjs.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-node';
import { exportOnnx } from '@bnkit/onnx';
import { buildRandomModel, mixSeed } from './random-model.mjs';

export const BN_MODES = ['fold', 'op', 'affine'];

/** The seed of model `index` of a run with seed `seed`. */
export function modelSeedOf(seed, index) {
  return mixSeed(seed, index, 0x5eed);
}

/** err = max|a - b| / max(1, max|b|) over one output; Infinity on a size mismatch or NaN. */
export function outputError(actual, reference) {
  if (actual.length !== reference.length) return Infinity;
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < reference.length; i++) {
    const d = Math.abs(actual[i] - reference[i]);
    if (!(d <= diff)) diff = Number.isNaN(d) ? Infinity : d;
    scale = Math.max(scale, Math.abs(reference[i]));
  }
  return diff / scale;
}

function predictTfjs(model, inputs) {
  return tf.tidy(() => {
    const xs = inputs.map((i) => tf.tensor(i.values, i.shape));
    const ys = model.predict(xs.length === 1 ? xs[0] : xs);
    return (Array.isArray(ys) ? ys : [ys]).map((y) => ({
      shape: y.shape,
      values: Float32Array.from(y.dataSync()),
    }));
  });
}

let createSession;

/**
 * Opens ONNX bytes on the CPU with @bnkit/onnx/node's createSession when the built package has
 * it, else with onnxruntime-node directly; one thread, for determinism on a shared machine.
 */
async function openCpuSession(bytes) {
  if (createSession === undefined) {
    try {
      const node = await import('@bnkit/onnx/node');
      createSession = typeof node.createSession === 'function' ? node.createSession : null;
    } catch {
      createSession = null;
    }
  }
  const threads = { intraOpNumThreads: 1, interOpNumThreads: 1 };
  if (createSession) return (await createSession(bytes, { device: 'cpu', ...threads })).session;
  return ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], ...threads });
}

/** Which session opener the fuzz uses (after the first model). */
export function sessionKind() {
  return createSession ? '@bnkit/onnx/node createSession (cpu)' : 'onnxruntime-node (cpu)';
}

async function runOnnx(bytes, report, inputs) {
  const session = await openCpuSession(bytes);
  try {
    const feeds = {};
    report.inputs.forEach((input, i) => {
      feeds[input.name] = new ort.Tensor('float32', inputs[i].values, inputs[i].shape);
    });
    const results = await session.run(feeds);
    return report.outputs.map((o) => ({
      shape: [...results[o.name].dims],
      values: results[o.name].data,
    }));
  } finally {
    await session.release();
  }
}

function worstError(outputs, reference) {
  let worst = 0;
  outputs.forEach((o, i) => {
    const ref = reference[i];
    const e =
      !ref || o.shape.join() !== ref.shape.join() ? Infinity : outputError(o.values, ref.values);
    worst = Math.max(worst, e);
  });
  return worst;
}

const allFinite = (outputs) => outputs.every((o) => o.values.every(Number.isFinite));
const firstLine = (error) => String(error?.message ?? error).split('\n')[0];

/**
 * Runs one model: export in each BN mode, onnxruntime, comparison. Returns its outcomes.
 *
 * @example
 * const r = await fuzzOneModel(123);
 * console.log(r.exports.map((e) => `${e.mode}: ${e.status}`));
 */
export async function fuzzOneModel(seed, { modes = BN_MODES, tolerance = 1e-4 } = {}) {
  let built;
  try {
    built = buildRandomModel(seed);
  } catch (error) {
    return { seed, generatorError: firstLine(error), exports: [] };
  }
  const result = {
    seed,
    summary: built.summary,
    tags: built.tags,
    tfjsNonLastAxisBn: built.tfjsNonLastAxisBn > 0,
    tfjsWrong: false,
    nonFinite: false,
    exports: [],
  };
  try {
    let tfjsOut;
    try {
      tfjsOut = predictTfjs(built.model, built.inputs);
    } catch (error) {
      // The generator made a model tfjs cannot run: a generator bug, not an export one.
      result.generatorError = `tfjs predict failed: ${firstLine(error)}`;
      return result;
    }
    let reference = tfjsOut;
    if (built.tfjsNonLastAxisBn > 0) {
      const twin = buildRandomModel(seed, { referenceBn: true });
      try {
        reference = predictTfjs(twin.model, built.inputs);
      } finally {
        twin.model.dispose();
      }
      result.tfjsError = worstError(tfjsOut, reference);
      result.tfjsWrong = result.tfjsError > tolerance;
    }
    if (!allFinite(reference)) {
      result.nonFinite = true;
      return result;
    }
    for (const mode of modes) {
      const entry = { mode, status: 'ok' };
      result.exports.push(entry);
      let exported;
      try {
        exported = await exportOnnx(built.model, {
          bn: mode,
          opset: built.opset,
          ...(built.staticBatch ? { staticBatch: built.batch } : {}),
        });
      } catch (error) {
        Object.assign(entry, { status: 'crash', stage: 'export', error: firstLine(error) });
        continue;
      }
      let outputs;
      try {
        outputs = await runOnnx(exported.bytes, exported.report, built.inputs);
      } catch (error) {
        Object.assign(entry, { status: 'crash', stage: 'onnxruntime', error: firstLine(error) });
        continue;
      }
      entry.error = worstError(outputs, reference);
      if (!(entry.error <= tolerance)) entry.status = 'mismatch';
    }
  } finally {
    built.model.dispose();
  }
  return result;
}

/**
 * Runs the fuzz over `models` random models and returns the counts and the failing models.
 *
 * @example
 * const r = await runExportFuzz({ models: 150, seed: 1 });
 * console.log(r.counts); // { models: 150, exports: 450, crashes: 0, mismatches: 0, ... }
 */
export async function runExportFuzz({
  models = 150,
  seed = 1,
  modes = BN_MODES,
  tolerance = 1e-4,
  onModel = () => {},
} = {}) {
  await tf.setBackend('cpu');
  await tf.ready();
  const counts = {
    models: 0,
    exports: 0,
    crashes: 0,
    mismatches: 0,
    tfjsNonLastAxisBnModels: 0,
    skippedAsTfjsWrong: 0,
    nonFinite: 0,
    generatorErrors: 0,
    /** Crashes of issue 12 item 4 (a layer applied to its own output, or again downstream). */
    knownIssueCrashes: 0,
  };
  /** The largest error of an export that passed, and its model. */
  const worst = { error: 0, seed: undefined, mode: undefined };
  const failures = [];
  const tagCounts = {};
  const started = performance.now();
  for (let i = 0; i < models; i++) {
    const r = await fuzzOneModel(modelSeedOf(seed, i), { modes, tolerance });
    counts.models++;
    if (r.generatorError !== undefined) counts.generatorErrors++;
    if (r.tfjsNonLastAxisBn) counts.tfjsNonLastAxisBnModels++;
    if (r.tfjsWrong) counts.skippedAsTfjsWrong++;
    if (r.nonFinite) counts.nonFinite++;
    for (const tag of r.tags ?? []) tagCounts[tag] = (tagCounts[tag] ?? 0) + 1;
    for (const e of r.exports) {
      counts.exports++;
      if (e.status === 'crash') counts.crashes++;
      if (e.status === 'crash' && isKnownIssueCrash(r, e)) counts.knownIssueCrashes++;
      if (e.status === 'mismatch') counts.mismatches++;
      if (e.status === 'ok' && e.error > worst.error) Object.assign(worst, { ...e, seed: r.seed });
    }
    if (r.generatorError !== undefined || r.exports.some((e) => e.status !== 'ok')) {
      failures.push(r);
    }
    onModel(r, i);
  }
  return {
    counts,
    worst: { error: worst.error, seed: worst.seed, mode: worst.mode },
    failures,
    tagCounts,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Whether a crash is issue 12 item 4: a model with a layer applied to its own output (or again
 * downstream of itself) fails with "internal error: ... is unknown".
 */
export function isKnownIssueCrash(r, e) {
  return (
    e.status === 'crash' &&
    /internal error: .* is unknown/.test(e.error) &&
    (r.tags ?? []).some((t) => t === 'self-applied layer' || t === 'layer reapplied downstream')
  );
}

/** A failing model in a few lines: seed, what failed, the model. */
export function describeFailure(r) {
  const lines = [
    `model seed ${r.seed} (rerun: node tools/fuzz/run-export-fuzz.mjs --only ${r.seed})`,
  ];
  if (r.generatorError !== undefined) lines.push(`  generator error: ${r.generatorError}`);
  for (const e of r.exports.filter((x) => x.status !== 'ok')) {
    lines.push(
      e.status === 'crash'
        ? `  bn=${e.mode}: crash in ${e.stage}: ${e.error}`
        : `  bn=${e.mode}: mismatch, error ${e.error.toExponential(3)}`,
    );
  }
  if (r.tfjsWrong) lines.push(`  (tfjs itself is wrong here by ${r.tfjsError.toExponential(3)})`);
  if (r.summary) lines.push(r.summary);
  return lines.join('\n');
}

function parseArgs(argv) {
  const options = { models: 150, seed: 1, modes: BN_MODES, tolerance: 1e-4, failures: 5 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const number = (name) => {
      const v = Number(value());
      if (!Number.isFinite(v)) throw new Error(`${name} must be a number, got ${argv[i]}`);
      return v;
    };
    if (arg === '--models') options.models = number('--models');
    else if (arg === '--seed') options.seed = number('--seed');
    else if (arg === '--tolerance') options.tolerance = number('--tolerance');
    else if (arg === '--failures') options.failures = number('--failures');
    else if (arg === '--only') options.only = number('--only');
    else if (arg === '--json') options.json = true;
    else if (arg === '--modes') {
      options.modes = value().split(',');
      const bad = options.modes.filter((m) => !BN_MODES.includes(m));
      if (bad.length > 0) throw new Error(`--modes accepts ${BN_MODES.join(', ')}; got ${bad}`);
    } else throw new Error(`unknown option ${arg}; see the header of run-export-fuzz.mjs`);
  }
  return options;
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`run-export-fuzz: ${error.message}`);
    process.exitCode = 2;
    return;
  }
  if (options.only !== undefined) {
    await tf.setBackend('cpu');
    const r = await fuzzOneModel(options.only, options);
    console.log(r.summary ?? '');
    console.log(`tags: ${(r.tags ?? []).join(', ')}`);
    if (r.generatorError) console.log(`generator error: ${r.generatorError}`);
    if (r.tfjsNonLastAxisBn) console.log(`tfjs vs reference: ${r.tfjsError?.toExponential(3)}`);
    for (const e of r.exports) {
      const what = e.status === 'crash' ? `${e.stage}: ${e.error}` : e.error.toExponential(3);
      console.log(`bn=${e.mode}: ${e.status} ${what}`);
    }
    process.exitCode = r.exports.every((e) => e.status === 'ok') && !r.generatorError ? 0 : 1;
    return;
  }
  const progressEvery = Math.max(1, Math.round(options.models / 20));
  const result = await runExportFuzz({
    ...options,
    onModel: (_r, i) => {
      if (!options.json && (i + 1) % progressEvery === 0) {
        process.stderr.write(`  ${i + 1}/${options.models} models\n`);
      }
    },
  });
  if (options.json) {
    const failures = result.failures.map((f) => ({ ...f, summary: f.summary }));
    console.log(JSON.stringify({ ...result, failures }, null, 2));
  } else {
    const c = result.counts;
    console.log(
      `export fuzz, seed ${options.seed}, ${result.seconds.toFixed(1)} s, ${sessionKind()}\n` +
        `  models                 ${c.models}\n` +
        `  exports                ${c.exports} (bn: ${options.modes.join(', ')})\n` +
        `  crashes                ${c.crashes} (${c.knownIssueCrashes} of them issue 12 item 4: a layer applied to its own output)\n` +
        `  mismatches > ${options.tolerance}     ${c.mismatches}\n` +
        `  skipped as tfjs wrong  ${c.skippedAsTfjsWrong} (of ${c.tfjsNonLastAxisBnModels} models with tfjs BN on a non-last axis; checked against bnkit's BN instead)\n` +
        `  non-finite reference   ${c.nonFinite}\n` +
        `  generator errors       ${c.generatorErrors}\n` +
        `  largest passing error  ${result.worst.error.toExponential(2)} (model ${result.worst.seed}, bn=${result.worst.mode})`,
    );
    const tags = Object.entries(result.tagCounts).sort((a, b) => b[1] - a[1]);
    console.log(`coverage (models with): ${tags.map(([t, n]) => `${t} ${n}`).join(', ')}`);
    for (const f of result.failures.slice(0, options.failures)) console.log(describeFailure(f));
    if (result.failures.length > options.failures) {
      console.log(`... and ${result.failures.length - options.failures} more failing models`);
    }
  }
  const c = result.counts;
  // exitCode, not exit(): a large --json output to a pipe must drain first.
  process.exitCode = c.crashes + c.mismatches + c.generatorErrors > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
