import fs from 'node:fs';
import path from 'node:path';

/** What {@link cudaProviderStatus} found. */
export interface CudaProviderStatus {
  available: boolean;
  /** Why CUDA cannot work here, when it cannot. */
  reason?: string;
  /** Where onnxruntime-node keeps (or would keep) its CUDA provider library. */
  library?: string;
}

/**
 * Whether onnxruntime-node's CUDA provider library is installed (linux x64 only), and where it
 * is expected. `createSession` uses it to skip a CUDA attempt that cannot succeed. A present
 * library can still fail to load (no CUDA 12 / cuDNN 9, no GPU); `createSession` reports that.
 *
 * @example
 * const { available, reason } = cudaProviderStatus();
 * if (!available) console.log(`no CUDA: ${reason}`);
 */
export function cudaProviderStatus(): CudaProviderStatus {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return {
      available: false,
      reason: `onnxruntime-node ships CUDA only for linux x64, this is ${process.platform} ${process.arch}`,
    };
  }
  let entry: string;
  try {
    entry = require.resolve('onnxruntime-node');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      available: false,
      reason:
        code === 'MODULE_NOT_FOUND'
          ? 'onnxruntime-node is not installed'
          : `onnxruntime-node cannot be located (${(error as Error).message})`,
    };
  }
  const library = path.join(
    path.dirname(entry),
    '..',
    'bin',
    'napi-v6',
    'linux',
    'x64',
    'libonnxruntime_providers_cuda.so',
  );
  if (!fs.existsSync(library)) {
    return {
      available: false,
      reason: `${library} is missing (onnxruntime-node was installed without its CUDA download)`,
      library,
    };
  }
  return { available: true, library };
}
