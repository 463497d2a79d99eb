import { OnnxExportError } from '../errors.js';

/** A session was asked to run on a device it could not get. */
export class DeviceUnavailableError extends OnnxExportError {
  /** The device asked for: `'cuda'`, `'webgpu'`. */
  readonly device: string;
  /** Why it could not be had (onnxruntime's message, or what was found missing). */
  readonly reason: string;

  constructor(device: string, reason: string, message: string) {
    super(message);
    this.name = 'DeviceUnavailableError';
    this.device = device;
    this.reason = reason;
  }
}

/** onnxruntime-node's CUDA execution provider was asked for and could not be loaded. */
export class CudaUnavailableError extends DeviceUnavailableError {
  constructor(reason: string) {
    super(
      'cuda',
      reason,
      `the CUDA execution provider of onnxruntime-node is not available (${reason}). ` +
        `device: 'cuda' needs Linux x64, CUDA 12 and cuDNN 9, and the provider libraries that ` +
        `onnxruntime-node's install script downloads from api.nuget.org (skipped by ` +
        `\`onnxruntime-node-install=skip\` or \`--ignore-scripts\`): fetch them with ` +
        `\`ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node\`. ` +
        `Use device: 'auto' to fall back (WebGPU, then the CPU), or device: 'cpu'.`,
    );
    this.name = 'CudaUnavailableError';
  }
}

/** A WebGPU execution provider (onnxruntime-node's Dawn, or the browser's) could not start. */
export class WebGpuUnavailableError extends DeviceUnavailableError {
  constructor(reason: string, runtime: 'onnxruntime-node' | 'onnxruntime-web') {
    const hint =
      runtime === 'onnxruntime-node'
        ? `onnxruntime-node runs WebGPU through Dawn on Vulkan (Linux x64), D3D12 (Windows) or ` +
          `Metal (macOS): on Linux it needs libvulkan.so.1 (Debian: libvulkan1) and a Vulkan ` +
          `driver; without a GPU, SwiftShader works: VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json ` +
          `(Debian's chromium package) set before the process starts.`
        : `onnxruntime-web needs navigator.gpu (a browser with WebGPU enabled) and an adapter.`;
    super(
      'webgpu',
      reason,
      `the WebGPU execution provider of ${runtime} is not available (${reason}). ${hint} ` +
        `Use device: 'auto' to fall back, or ${runtime === 'onnxruntime-node' ? "device: 'cpu'" : "device: 'wasm'"}.`,
    );
    this.name = 'WebGpuUnavailableError';
  }
}
