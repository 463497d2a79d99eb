import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  expectClose,
  predictTfjs,
  randomizeBatchNorms,
  referenceModel,
} from '../../test/helpers.js';
import { exportOnnx } from '../export-onnx.js';
import { createSession, cudaProviderStatus, predict } from '../node.js';
import type { NodeOnnxSession, TypedTensor } from '../node.js';

// WebGPU through onnxruntime-node's Dawn. Without a GPU (CI) it runs on SwiftShader, which
// jest.config.cjs selects with VK_ICD_FILENAMES when Debian's chromium package is installed.
// CI must run it; elsewhere it runs when a Vulkan driver file is configured.
const icd = process.env.VK_ICD_FILENAMES;
const runs = process.env.CI !== undefined || (icd !== undefined && fs.existsSync(icd));
const describeWebGpu = runs ? describe : describe.skip;

/** Small CNN: Conv2D + BN + ReLU + max pooling, Conv2D + BN, global pooling, Dense softmax. */
function smallCnn(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ filters: 8, kernelSize: 3, inputShape: [16, 16, 3], padding: 'same' }),
      tfl.layers.batchNormalization(),
      tfl.layers.activation({ activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
      tfl.layers.batchNormalization(),
      tfl.layers.averagePooling2d({ poolSize: 2 }),
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

/** Providers that ran each node, from onnxruntime's profile of one session. */
function providersInProfile(file: string): Record<string, string[]> {
  const events = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    cat?: string;
    args?: { op_name?: string; provider?: string };
  }[];
  const byProvider: Record<string, string[]> = {};
  for (const e of events) {
    if (e.cat !== 'Node' || !e.args?.provider || !e.args.op_name) continue;
    const list = (byProvider[e.args.provider] ??= []);
    if (!list.includes(e.args.op_name)) list.push(e.args.op_name);
  }
  return byProvider;
}

describeWebGpu('createSession on WebGPU (onnxruntime-node, Dawn over Vulkan)', () => {
  let dir: string;
  const timings: Record<string, number> = {};
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-webgpu-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    // The numbers the README quotes (SwiftShader is a CPU rasterizer, not a GPU).
    console.log(`WebGPU on ${icd ?? 'the system Vulkan driver'}: ${JSON.stringify(timings)}`);
  });

  for (const [name, build, inputShape, batches] of [
    ['the reference model', referenceModel, [20], [1, 7, 256]],
    ['a small CNN', smallCnn, [16, 16, 3], [1, 5]],
  ] as const) {
    it(`runs ${name} on WebGPU, every node on the WebGPU provider, within 1e-4 of the CPU`, async () => {
      const model = build();
      randomizeBatchNorms(model);
      const { bytes } = await exportOnnx(model);
      const prefix = path.join(dir, name.replace(/\W+/g, '-'));
      let started = performance.now();
      const gpu: NodeOnnxSession = await createSession(bytes, {
        device: 'webgpu',
        sessionOptions: { enableProfiling: true, profileFilePrefix: prefix },
      });
      timings[`${name}: create ms`] = Math.round(performance.now() - started);
      const cpu = await createSession(bytes, { device: 'cpu' });
      expect(gpu.device).toBe('webgpu');
      expect(gpu.fallbacks).toEqual([]);
      let worstCpu = 0;
      let worstTfjs = 0;
      for (const [k, batch] of batches.entries()) {
        const x = tf.randomNormal([batch, ...inputShape], 0, 1, 'float32', 40 + k);
        const data = { data: x.dataSync() as Float32Array, shape: x.shape };
        started = performance.now();
        const ours = (await predict(gpu, data)) as TypedTensor;
        timings[`${name}: batch ${batch} first run ms`] = Math.round(performance.now() - started);
        const ref = (await predict(cpu, data)) as TypedTensor;
        worstCpu = Math.max(
          worstCpu,
          maxAbsDiff(ours.data as Float32Array, ref.data as Float32Array),
        );
        worstTfjs = Math.max(
          worstTfjs,
          expectClose(
            { data: ours.data as Float32Array, dims: ours.shape },
            predictTfjs(model, [x])[0]!,
          ),
        );
        tf.dispose(x);
      }
      // Warm runs at batch 1.
      const one = tf.randomNormal([1, ...inputShape], 0, 1, 'float32', 99);
      const oneData = { data: one.dataSync() as Float32Array, shape: one.shape };
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        started = performance.now();
        await predict(gpu, oneData);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      timings[`${name}: batch 1 warm median ms`] = Number(times[10]!.toFixed(2));
      timings[`${name}: max abs vs CPU`] = worstCpu;
      timings[`${name}: max abs vs tfjs`] = worstTfjs;
      expect(worstCpu).toBeLessThanOrEqual(1e-4);
      await gpu.release();
      await cpu.release();
      // The profile (written on release) names the provider that ran each node: all WebGPU.
      const profile = fs.readdirSync(dir).find((f) => f.startsWith(path.basename(prefix)));
      expect(profile).toBeDefined();
      const providers = providersInProfile(path.join(dir, profile!));
      expect(Object.keys(providers)).toEqual(['WebGpuExecutionProvider']);
      tf.dispose(one);
    }, 120_000);
  }

  const noCuda = cudaProviderStatus().available ? it.skip : it;
  noCuda(
    "device 'auto' without CUDA lands on WebGPU with one warning",
    async () => {
      const model = referenceModel();
      const { bytes } = await exportOnnx(model);
      const warnings: string[] = [];
      const session = await createSession(bytes, { warn: (m) => warnings.push(m) });
      expect(session.device).toBe('webgpu');
      expect(session.requestedDevice).toBe('auto');
      expect(session.fallbacks.map((f) => f.device)).toEqual(['cuda']);
      expect(session.fallbackReason).toBe(`CUDA: ${cudaProviderStatus().reason}`);
      expect(warnings).toEqual([
        `@bnkit/onnx: CUDA is not available (${cudaProviderStatus().reason}); trying WebGPU.`,
      ]);
      await session.release();
    },
    60_000,
  );
});
