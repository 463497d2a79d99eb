import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import fs from 'node:fs';
import path from 'node:path';
import {
  expectClose,
  predictTfjs,
  randomizeBatchNorms,
  referenceModel,
} from '../../test/helpers.js';
import { bundleEntries, runScript, scratchDir } from '../../test/run-bundled.js';
import { exportOnnx } from '../export-onnx.js';
import { createSession as createNodeSession, predict as predictNode } from '../node.js';
import { createSession, predict } from '../web.js';
import type { TypedTensor } from '../web.js';

// onnxruntime-web runs in Node on its WebAssembly backend (its Node build has no WebGPU, and
// Node has no navigator.gpu): the same session API, checked against onnxruntime-node. The
// browser run (WebGPU included) is the browser test's.

function smallCnn(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ filters: 8, kernelSize: 3, inputShape: [16, 16, 3], padding: 'same' }),
      tfl.layers.batchNormalization(),
      tfl.layers.activation({ activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface WebRun {
  models: Record<
    string,
    { device: string; inputNames: string[]; outputs: { data: number[]; shape: number[] }[] }
  >;
  tfTensorOut: { isTensor: boolean; shape: number[]; data: number[] };
  auto: { device: string; fallbacks: { device: string; reason: string }[]; warnings: string[] };
  webgpu: { name: string; message: string };
}

// Runs in a fresh Node process: onnxruntime-web's Node build loads its wasm glue with import(),
// which jest's module sandbox does not allow.
const WEB_CHILD = `
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
const web = await import(pathToFileURL(process.argv[2]).href);
const tf = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-backend-cpu');
await tf.setBackend('cpu');
const job = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const result = { models: {} };
for (const m of job.models) {
  const bytes = new Uint8Array(fs.readFileSync(m.file));
  const session = await web.createSession(bytes, { device: 'wasm' });
  const entry = { device: session.device, inputNames: session.inputNames, outputs: [] };
  for (const x of m.inputs) {
    const y = await web.predict(session, { data: Float32Array.from(x.data), shape: x.shape });
    entry.outputs.push({ data: Array.from(y.data), shape: y.shape });
  }
  if (m === job.models[0]) {
    const x = m.inputs[0];
    const y = await web.predict(session, tf.tensor(x.data, x.shape, 'float32'));
    result.tfTensorOut = { isTensor: y instanceof tf.Tensor, shape: y.shape, data: Array.from(y.dataSync()) };
  }
  await session.release();
  result.models[m.name] = entry;
}
const bytes = new Uint8Array(fs.readFileSync(job.models[0].file));
const warnings = [];
const auto = await web.createSession(bytes, { warn: (m) => warnings.push(m) });
result.auto = { device: auto.device, fallbacks: auto.fallbacks, warnings };
try {
  await web.createSession(bytes, { device: 'webgpu' });
  result.webgpu = 'opened';
} catch (error) {
  result.webgpu = { name: error.name, message: error.message };
}
process.stdout.write(JSON.stringify(result));
`;

describe('createSession (onnxruntime-web, wasm, in Node)', () => {
  const models = [
    { name: 'the reference model', build: referenceModel, inputShape: [20] },
    { name: 'a small CNN', build: smallCnn, inputShape: [16, 16, 3] },
  ];
  let dir: string;
  let run: WebRun;
  const built: { model: tfl.LayersModel; bytes: Uint8Array; inputs: tf.Tensor[] }[] = [];

  beforeAll(async () => {
    dir = scratchDir('web-session');
    const job: {
      models: { name: string; file: string; inputs: { data: number[]; shape: number[] }[] }[];
    } = {
      models: [],
    };
    for (const [i, m] of models.entries()) {
      const model = m.build();
      randomizeBatchNorms(model);
      const { bytes } = await exportOnnx(model);
      const inputs = [1, 7].map((batch) =>
        tf.randomNormal([batch, ...m.inputShape], 0, 1, 'float32', 60 + batch),
      );
      built.push({ model, bytes, inputs });
      const file = path.join(dir, `model-${i}.onnx`);
      fs.writeFileSync(file, bytes);
      job.models.push({
        name: m.name,
        file,
        inputs: inputs.map((x) => ({ data: Array.from(x.dataSync()), shape: x.shape })),
      });
    }
    const jobFile = path.join(dir, 'job.json');
    fs.writeFileSync(jobFile, JSON.stringify(job));
    const { web } = bundleEntries(dir, ['web']);
    run = runScript<WebRun>(dir, WEB_CHILD, [web!, jobFile]);
  }, 120_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const [i, m] of models.entries()) {
    it(`runs ${m.name} on wasm within 1e-5 of onnxruntime-node's CPU and of tfjs`, async () => {
      const { model, bytes, inputs } = built[i]!;
      const ours = run.models[m.name]!;
      expect(ours.device).toBe('wasm');
      const node = await createNodeSession(bytes, { device: 'cpu' });
      expect(ours.inputNames).toEqual(node.inputNames);
      let worst = 0;
      for (const [k, x] of inputs.entries()) {
        const ref = (await predictNode(node, {
          data: x.dataSync() as Float32Array,
          shape: x.shape,
        })) as TypedTensor;
        const got = ours.outputs[k]!;
        expect(got.shape).toEqual(ref.shape);
        worst = Math.max(worst, maxAbsDiff(got.data, ref.data as Float32Array));
        expectClose(
          { data: Float32Array.from(got.data), dims: got.shape },
          predictTfjs(model, [x])[0]!,
        );
      }
      expect(worst).toBeLessThanOrEqual(1e-5);
      await node.release();
    });
  }

  it('takes tfjs tensors and returns tfjs tensors', () => {
    const first = built[0]!;
    expect(run.tfTensorOut.isTensor).toBe(true);
    expectClose(
      { data: Float32Array.from(run.tfTensorOut.data), dims: run.tfTensorOut.shape },
      predictTfjs(first.model, [first.inputs[0]!])[0]!,
    );
  });

  it("device 'auto' without navigator.gpu lands on wasm with one warning", () => {
    expect(run.auto.device).toBe('wasm');
    expect(run.auto.fallbacks).toEqual([
      {
        device: 'webgpu',
        reason: 'navigator.gpu is missing: this browser or runtime has no WebGPU',
      },
    ]);
    expect(run.auto.warnings).toEqual([
      '@bnkit/onnx: WebGPU is not available (navigator.gpu is missing: this browser or runtime has no WebGPU); running on WebAssembly.',
    ]);
  });

  it("device 'webgpu' fails fast without navigator.gpu, saying what it needs", () => {
    expect(run.webgpu.name).toBe('WebGpuUnavailableError');
    expect(run.webgpu.message).toMatch(
      /^the WebGPU execution provider of onnxruntime-web is not available \(navigator\.gpu is missing.*\)\. onnxruntime-web needs navigator\.gpu/,
    );
  });
});

describe('createSession (onnxruntime-web) arguments', () => {
  it('rejects bad arguments in the house shape before loading the runtime', async () => {
    await expect(createSession(42 as never)).rejects.toThrow(
      'createSession: model must be a Uint8Array of ONNX bytes or a URL; received 42.',
    );
    await expect(createSession(new Uint8Array(0), { device: 'cuda' as 'wasm' })).rejects.toThrow(
      'createSession: device must be one of "auto", "webgpu", "wasm"; received "cuda".',
    );
    await expect(predict({} as never, tf.zeros([1, 20]))).rejects.toThrow(
      'predict: session must be a session from createSession or an onnxruntime-web InferenceSession; received {}.',
    );
  });
});
