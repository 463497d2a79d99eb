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
        `before calling exportOnnx (see the @bnkit/onnx README.md#custom-layers).`,
    );
    this.name = 'UnsupportedLayersError';
    this.layers = layers;
  }
}
