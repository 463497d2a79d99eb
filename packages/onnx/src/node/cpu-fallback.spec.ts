import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import fs from 'node:fs';
import path from 'node:path';
import { referenceModel } from '../../test/helpers.js';
import { bundleEntries, runScript, scratchDir } from '../../test/run-bundled.js';
import { exportOnnx } from '../export-onnx.js';
import { cudaProviderStatus } from './cuda-provider-status.js';

// Dawn asks for a WebGPU adapter once per process and keeps the answer, and this package's jest
// config gives every test process SwiftShader. The CPU fallback is therefore checked in a child
// process whose Vulkan loader has no driver at all (VK_ICD_FILENAMES names a missing file), the
// situation of a machine without a GPU or Vulkan. The child runs @bnkit/onnx/node bundled from
// source by esbuild.

const CHILD = `
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
const { createSession } = await import(pathToFileURL(process.argv[2]).href);
const bytes = new Uint8Array(fs.readFileSync(process.argv[3]));
const warnings = [];
const auto = await createSession(bytes, { warn: (m) => warnings.push(m) });
const result = { device: auto.device, fallbacks: auto.fallbacks, fallbackReason: auto.fallbackReason, warnings };
// The default warn (console.warn) is given each distinct warning once per process.
const printed = [];
const warn = console.warn;
console.warn = (m) => printed.push(m);
await createSession(bytes);
await createSession(bytes);
console.warn = warn;
result.printed = printed;
try {
  await createSession(bytes, { device: 'webgpu' });
  result.webgpu = 'opened';
} catch (error) {
  result.webgpu = { name: error.name, device: error.device, message: error.message };
}
process.stdout.write(JSON.stringify(result));
`;

describe("createSession device 'auto' on a machine without CUDA or Vulkan", () => {
  const noCuda = cudaProviderStatus().available ? it.skip : it;
  noCuda(
    'falls back CUDA -> WebGPU -> CPU, one warning at each step',
    async () => {
      await tf.setBackend('cpu');
      const dir = scratchDir('cpu-fallback');
      try {
        const { node } = bundleEntries(dir, ['node']);
        const modelFile = path.join(dir, 'model.onnx');
        fs.writeFileSync(modelFile, (await exportOnnx(referenceModel())).bytes);
        const result = runScript<{
          device: string;
          fallbacks: { device: string; reason: string }[];
          fallbackReason: string;
          warnings: string[];
          printed: string[];
          webgpu: { name: string; device: string; message: string };
        }>(dir, CHILD, [node!, modelFile], {
          VK_ICD_FILENAMES: path.join(dir, 'no-such-driver.json'),
        });
        expect(result.device).toBe('cpu');
        expect(result.fallbacks.map((f) => f.device)).toEqual(['cuda', 'webgpu']);
        const webgpuReason = result.fallbacks[1]!.reason;
        expect(webgpuReason).toMatch(/Failed to get a WebGPU adapter: No supported adapters/);
        expect(result.fallbackReason).toBe(
          `CUDA: ${cudaProviderStatus().reason}; WebGPU: ${webgpuReason}`,
        );
        expect(result.warnings).toEqual([
          `@bnkit/onnx: CUDA is not available (${cudaProviderStatus().reason}); trying WebGPU.`,
          `@bnkit/onnx: WebGPU is not available (${webgpuReason}); running on the CPU.`,
        ]);
        expect(result.printed).toEqual(result.warnings);
        expect(result.webgpu.name).toBe('WebGpuUnavailableError');
        expect(result.webgpu.device).toBe('webgpu');
        expect(result.webgpu.message).toMatch(
          /^the WebGPU execution provider of onnxruntime-node is not available \(.*No supported adapters\)\. .*libvulkan\.so\.1 .*VK_ICD_FILENAMES=\/usr\/lib\/chromium\/vk_swiftshader_icd\.json/,
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    90_000,
  );
});
