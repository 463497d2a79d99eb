import type { GraphBuilder } from '../graph-builder.js';

/** A weight of the layer being converted, as float32 values. */
export interface LayerWeight {
  /** The weight's original name, e.g. `dense_Dense1/kernel`. */
  name: string;
  shape: number[];
  values: Float32Array;
}

/** The layer-like object a converter sees (a tfjs `Layer`, or any object with these members). */
export interface LayerLike {
  name: string;
  getClassName(): string;
  getConfig(): object;
}

/** What a converter receives for one call of one layer. */
export interface ConverterContext {
  layer: LayerLike;
  /** The layer's name. */
  name: string;
  className: string;
  /** The layer's config (`getConfig()`), possibly adjusted by BN folding. */
  config: Record<string, unknown>;
  /** The layer's weights, possibly adjusted by BN folding. */
  weights: LayerWeight[];
  /** The weight whose name ends with `/<suffix>` (or equals it), if any. */
  weight(suffix: string): LayerWeight | undefined;
  /** ONNX value names of the layer's inputs, in the layer's order. */
  inputs: string[];
  /** tfjs shapes of the inputs (`null` is a free dimension; the first is the batch). */
  inputShapes: (number | null)[][];
  /** tfjs shapes of the outputs. */
  outputShapes: (number | null)[][];
  /** The opset being exported. */
  opset: number;
  /** The graph to add nodes and initializers to. */
  graph: GraphBuilder;
  /** How BatchNormalization is exported when it is not folded: 'op' or 'affine'. */
  bnMode: 'op' | 'affine';
  /**
   * True when the inputs of rank >= 3 were delivered channels-first (NCHW / NCL), which only
   * happens for converters whose `layout` is 'channels-first' or 'preserve'. `inputShapes` and
   * `outputShapes` stay in tfjs's channels-last order.
   */
  channelsFirst: boolean;
  /** Maps a tfjs (channels-last) axis of a rank-`rank` tensor to the delivered layout. */
  axis(tfjsAxis: number, rank: number): number;
}

/**
 * Converts one layer kind. `convert` adds nodes to `ctx.graph` and returns the ONNX value name of
 * each layer output (returning `ctx.inputs` removes the layer).
 */
export interface LayerConverter {
  /** The lowest opset this converter supports (default 13). */
  minOpset?: number;
  /** The highest opset this converter supports (default: any). */
  maxOpset?: number;
  /**
   * Layout the converter works in. 'native' (default): inputs arrive in tfjs's channels-last
   * layout. 'channels-first': inputs of rank >= 3 arrive channels-first and outputs of rank >= 3
   * must be channels-first (Conv, pooling). 'preserve': the layout of the inputs is kept (elementwise
   * layers); check `ctx.channelsFirst`. The exporter inserts the fewest Transposes between regions.
   */
  layout?: 'native' | 'channels-first' | 'preserve';
  convert(ctx: ConverterContext): string[];
}
