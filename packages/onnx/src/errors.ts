/** Base class of every error @bnkit/onnx throws on purpose. */
export class OnnxExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxExportError';
  }
}

/** A public function received an argument it cannot use. */
export class OnnxOptionError extends OnnxExportError {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxOptionError';
  }
}

/** One layer the exporter cannot convert. */
export interface UnsupportedLayer {
  name: string;
  className: string;
  reason: string;
}

/** The model holds layers with no converter: every one of them is listed at once. */
export class UnsupportedLayersError extends OnnxExportError {
  readonly layers: UnsupportedLayer[];
  constructor(layers: UnsupportedLayer[]) {
    const list = layers.map((l) => `  - ${l.name} (${l.className}): ${l.reason}`).join('\n');
    super(
      `cannot export ${layers.length} layer${layers.length === 1 ? '' : 's'} to ONNX:\n${list}\n` +
        `Add a converter with registerLayerConverter('<className>', { minOpset, convert(ctx) { ... } }) ` +
        `before calling exportOnnx (see the @bnkit/onnx README, "Custom layers").`,
    );
    this.name = 'UnsupportedLayersError';
    this.layers = layers;
  }
}

/** The CUDA execution provider was asked for and could not be loaded. */
export class CudaUnavailableError extends OnnxExportError {
  constructor(detail: string) {
    super(
      `the CUDA execution provider of onnxruntime-node is not available (${detail}). ` +
        `device: 'cuda' needs Linux x64, CUDA 12 and cuDNN 9, and the provider libraries that ` +
        `onnxruntime-node's install script downloads: run \`npm install-scripts approve onnxruntime-node\` ` +
        `(npm 11) or reinstall with \`ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node\`. ` +
        `Use device: 'auto' to fall back to the CPU, or device: 'cpu'.`,
    );
    this.name = 'CudaUnavailableError';
  }
}
