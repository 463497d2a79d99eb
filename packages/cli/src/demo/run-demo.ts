import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { makeClassification, toTensors, toTfDataset, trainTestSplit } from '@bnkit/datasets';
import { registerLayers } from '@bnkit/layers';
import { batchNormMonitor, plotHistory, progbarLogger } from '@bnkit/callbacks';
import { csvLogger, saveModelFiles, writePlot, writeTrainingReport } from '@bnkit/callbacks/node';
import { exportOnnx } from '@bnkit/onnx';
import {
  createSession,
  DeviceUnavailableError,
  predict,
  verifyOnnx,
  writeTritonRepository,
} from '@bnkit/onnx/node';
import type { NodeDevice } from '@bnkit/onnx/node';
import { sweepTemporaryFiles, writeFolderAtomic } from '@bnkit/core/node';
import { CliUsageError } from '../cli-error.js';
import { PACKAGE_VERSION } from '../package-version.js';
import { buildReferenceModel } from '../reference-model.js';
import { backendLabel, selectBackend } from '../select-backend.js';
import type { DemoOptions } from './demo-options.js';
import { medianLatencyMs } from './measure-latency.js';
import { checkOutputFolder, RUN_MARKER, writeRunMarker } from './output-folder.js';

/** What the demo measured and where it wrote each file. */
export interface DemoSummary {
  backend: string;
  /** Whether training ran with `@bnkit/wasm-kernels` registered (wasm backend only). */
  wasmKernels: boolean;
  onnxDevice: NodeDevice;
  epochs: number;
  final: { loss: number; acc: number; valLoss: number; valAcc: number };
  history: Record<string, number[]>;
  onnxMaxAbsError: number;
  latencyMs: { tfjs: number; onnxruntime: number };
  wallSeconds: number;
  files: Record<string, string>;
}

/** Triton's instance kind for the device the demo's session got (WebGPU: Triton decides). */
const TRITON_INSTANCE = { cuda: 'gpu', cpu: 'cpu', webgpu: 'auto' } as const;

/**
 * Opens the onnxruntime device before training, on the untrained model, so that an explicit
 * `--device` that cannot be had (or a missing onnxruntime-node) stops the demo at once, and
 * `auto` reports its fallbacks up front. Returns the device it got.
 */
async function openDevice(
  model: tfl.LayersModel,
  device: DemoOptions['device'],
  write: (text: string) => void,
): Promise<NodeDevice> {
  const { bytes } = await exportOnnx(model, { bn: 'fold' });
  try {
    const session = await createSession(bytes, { device, warn: (m) => write(`${m}\n`) });
    await session.release();
    return session.device;
  } catch (error) {
    const name = (error as { name?: unknown }).name;
    if (error instanceof DeviceUnavailableError || name === 'OptionalPeerMissingError') {
      throw new CliUsageError(`--device ${device}: ${(error as Error).message}`);
    }
    throw error;
  }
}

function last(values: number[] | undefined): number {
  return values && values.length > 0 ? (values[values.length - 1] as number) : Number.NaN;
}

/**
 * Runs the reference pipeline end to end and writes every artifact into `options.out`. The run
 * is staged in a hidden folder beside it and swapped in only when complete, so a failed or
 * killed run leaves the previous run's folder whole (its leftovers are swept by the next run).
 * `--out` and the device are checked before training.
 *
 * @example
 * const summary = await runDemo({ ...defaults, epochs: 5, out: 'bnkit-out' }, (line) => console.log(line));
 */
export async function runDemo(
  options: DemoOptions,
  write: (text: string) => void,
): Promise<DemoSummary> {
  const started = new Date();
  const out = checkOutputFolder('--out', options.out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  sweepTemporaryFiles(path.dirname(out));
  const summary = await writeFolderAtomic(out, async (staging) => {
    const staged = await runPipeline(options, staging, write);
    writeRunMarker(staging, {
      command: 'bnkit demo',
      version: PACKAGE_VERSION,
      started: started.toISOString(),
      finished: new Date().toISOString(),
      options,
    });
    return staged;
  });
  const { stagedIn, ...rest } = summary;
  const files = Object.fromEntries(
    Object.entries(summary.files).map(([name, file]) => [
      name,
      path.join(out, path.relative(stagedIn, file)),
    ]),
  );
  files.run = path.join(out, RUN_MARKER);
  return { ...rest, files };
}

async function runPipeline(
  options: DemoOptions,
  out: string,
  write: (text: string) => void,
): Promise<DemoSummary & { stagedIn: string }> {
  const started = process.hrtime.bigint();
  const backend = await selectBackend(options.backend, { wasmKernels: options.wasmKernels });
  const wasmKernels = backend === 'wasm' && options.wasmKernels;
  const backendName = backendLabel(backend);
  registerLayers();
  const files: Record<string, string> = {};

  const data = makeClassification({
    nSamples: 1000,
    nFeatures: 20,
    nClasses: 2,
    randomState: options.seed,
  });
  const split = trainTestSplit(data, { testSize: 0.2, randomState: options.seed });
  write(
    `data: make_classification(1000 x 20, random_state=${options.seed}), ` +
      `train ${split.train.nSamples}, test ${split.test.nSamples}; tfjs backend: ${backendName}\n`,
  );
  const test = toTensors(split.test);
  const train = toTfDataset(split.train, {
    batchSize: options.batchSize,
    shuffle: true,
    seed: options.seed,
  });
  const model = buildReferenceModel({
    nFeatures: data.nFeatures,
    normalization: options.batchNorm ? 'batch' : 'none',
    seed: options.seed,
    learningRate: options.learningRate,
  });

  const onnxDevice = await openDevice(model, options.device, write);
  write(`onnxruntime device: ${onnxDevice}\n`);

  // The BN monitor probes the test rows after every epoch (the report's internal-shift charts).
  const monitor = batchNormMonitor({ probe: test.xs });
  files.history = path.join(out, 'history.csv');
  const history = await model.fitDataset(
    train as unknown as Parameters<tfl.LayersModel['fitDataset']>[0],
    {
      epochs: options.epochs,
      validationData: [test.xs, test.ys],
      verbose: 0,
      callbacks: [
        progbarLogger({ write, isTTY: options.quiet ? false : undefined }),
        csvLogger(files.history),
        monitor,
      ],
    },
  );
  // tfjs's History has read every scalar back by the time fitDataset resolves.
  const series = Object.fromEntries(
    Object.entries(history.history).map(([key, values]) => [key, values.map((v) => Number(v))]),
  );

  for (const [name, keys, title, yLabel] of [
    ['accuracy', ['acc', 'val_acc'], 'Model accuracy', 'Accuracy'],
    ['loss', ['loss', 'val_loss'], 'Model loss', 'Loss'],
  ] as const) {
    const svg = plotHistory(
      { history: series },
      { metrics: [...keys], labels: ['Train', 'Test'], title, yLabel },
    );
    for (const ext of ['svg', 'png'] as const) {
      files[`${name}.${ext}`] = path.join(out, `${name}.${ext}`);
      await writePlot(files[`${name}.${ext}`] as string, svg);
    }
  }

  files.model = path.join(out, 'tfjs-model', 'model.json');
  await saveModelFiles(model, files.model, { includeOptimizer: false });

  const exported = await exportOnnx(model, { bn: 'fold' });
  files.onnx = path.join(out, 'model.onnx');
  // The whole run folder is swapped in atomically, so a plain write is enough inside it.
  fs.writeFileSync(files.onnx, exported.bytes);
  const verification = await verifyOnnx(model, exported.bytes, { inputs: [test.xs] });
  const triton = await writeTritonRepository(model, path.join(out, 'triton'), {
    name: 'bnkit_reference',
    instance: TRITON_INSTANCE[onnxDevice],
  });
  files.triton = triton.modelDir;

  const session = await createSession(files.onnx, { device: onnxDevice });
  const one = tf.slice(test.xs, [0, 0], [1, data.nFeatures]);
  const oneData = { data: one.dataSync() as Float32Array, shape: [1, data.nFeatures] };
  const latencyMs = {
    tfjs: await medianLatencyMs(() => tf.tidy(() => (model.predict(one) as tf.Tensor).dataSync())),
    onnxruntime: await medianLatencyMs(() => predict(session, oneData)),
  };
  await session.release();
  tf.dispose([one, test.xs, test.ys]);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  files.report = writeTrainingReport(out, {
    history: { history: series },
    title: `bnkit demo: the reference pipeline${options.batchNorm ? '' : ' without BN'}`,
    bnMonitor: monitor,
    summary: {
      data: `make_classification(1000 x 20, random_state=${options.seed}), train ${split.train.nSamples} / test ${split.test.nSamples}`,
      model: options.batchNorm
        ? 'Dense 64 relu, BN, Dense 64 relu, BN, Dense 1 sigmoid'
        : 'Dense 64 relu, Dense 64 relu, Dense 1 sigmoid',
      optimizer: `Adam, learning rate ${options.learningRate}`,
      'epochs, batch size': `${options.epochs}, ${options.batchSize}`,
      'tfjs backend': backendName,
      'ONNX vs tfjs max abs error': verification.maxAbsError.toExponential(2),
      'latency, batch 1': `onnxruntime ${session.device} ${(latencyMs.onnxruntime * 1000).toFixed(0)} µs, tfjs ${(latencyMs.tfjs * 1000).toFixed(0)} µs`,
      'wall time': `${wallSeconds.toFixed(1)} s`,
    },
  });

  return {
    backend,
    wasmKernels,
    onnxDevice: session.device,
    epochs: options.epochs,
    final: {
      loss: last(series.loss),
      acc: last(series.acc),
      valLoss: last(series.val_loss),
      valAcc: last(series.val_acc),
    },
    history: series,
    onnxMaxAbsError: verification.maxAbsError,
    latencyMs,
    wallSeconds,
    files,
    stagedIn: out,
  };
}
