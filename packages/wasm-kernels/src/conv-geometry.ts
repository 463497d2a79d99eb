import * as tf from '@tensorflow/tfjs-core';

/** What the backprop kernels need of a convolution, in NHWC terms. */
export interface ConvGeometry {
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padLeft: number;
  inHeight: number;
  inWidth: number;
  outHeight: number;
  outWidth: number;
}

/**
 * tfjs's own reading of the attributes (`backend_util.computeConv2DInfo`), so every padding
 * tfjs accepts ('same', 'valid', a number, explicit pairs) and its rounding mode mean here
 * what they mean in the forward kernel.
 */
export function convGeometry(
  inShapeNHWC: [number, number, number, number],
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  dilations: number | [number, number],
  pad: tf.backend_util.ExplicitPadding | 'valid' | 'same' | number,
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
  depthwise: boolean,
): ConvGeometry {
  const info = tf.backend_util.computeConv2DInfo(
    inShapeNHWC,
    filterShape,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    depthwise,
    'channelsLast',
  );
  return {
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
  };
}

export const NHWC_TO_NCHW = [0, 3, 1, 2];
export const NCHW_TO_NHWC = [0, 2, 3, 1];

export function toNHWCShape(
  shape: number[],
  dataFormat: string | undefined,
): [number, number, number, number] {
  const s = dataFormat === 'NCHW' ? NCHW_TO_NHWC.map((i) => shape[i] as number) : shape;
  return s as [number, number, number, number];
}

/**
 * Explicit paddings are written in the data format's axis order; the kernels work in NHWC, so
 * NCHW pairs `[[n], [c], [h], [w]]` are reordered to `[[n], [h], [w], [c]]`.
 */
export function toNHWCPad<P>(pad: P, dataFormat: string | undefined): P {
  if (dataFormat !== 'NCHW' || !Array.isArray(pad)) return pad;
  return NCHW_TO_NHWC.map((i) => pad[i]) as P;
}
