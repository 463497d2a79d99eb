import type { Dataset } from './dataset.js';
import {
  DIGITS_N_FEATURES,
  DIGITS_N_SAMPLES,
  DIGITS_PIXELS,
  DIGITS_TARGET,
} from './digits-data.js';
import { boolean, integer } from '@bnkit/core';
import { checkBoolean, checkInteger, checkOptionsFor } from './validate.js';

/** Options of {@link loadDigits}; defaults are scikit-learn's. */
export interface LoadDigitsOptions {
  /** Keep the samples whose target is below `nClass` (1..10, default 10: all of them). */
  nClass?: number;
  /** Return `[data, target]` instead of the dataset object (scikit-learn's `return_X_y`). */
  returnXY?: boolean;
}

/**
 * scikit-learn's `load_digits` Bunch: `data` / `target` are also the {@link Dataset} fields `X`
 * / `y` (the same arrays), so the result goes straight into `trainTestSplit` or `toTensors`.
 */
export interface DigitsDataset extends Dataset {
  /** `nSamples × 64` pixels (integers 0..16 as doubles), row-major; the same array as `X`. */
  data: Float64Array;
  /** The digit (0..9) of each sample, as doubles; the same array as `y`. */
  target: Float64Array;
  /** The pixels as `nSamples` images of 8 × 8 (row-major, the values of `data` in a copy). */
  images: Float64Array;
  /** The shape of `images`: `[nSamples, 8, 8]`. */
  imagesShape: [number, number, number];
  /** `'pixel_0_0'`, `'pixel_0_1'`, … `'pixel_7_7'` (row, then column). */
  featureNames: string[];
  /** `[0, 1, …, 9]`, whatever `nClass` is (as scikit-learn). */
  targetNames: number[];
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 base64 (with `=` padding) to bytes, without `atob` or `Buffer`. */
export function decodeBase64(text: string): Uint8Array {
  const lookup = new Int16Array(128).fill(-1);
  for (let i = 0; i < BASE64.length; i++) lookup[BASE64.charCodeAt(i)] = i;
  const trimmed = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((trimmed.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < trimmed.length; i++) {
    const value = lookup[trimmed.charCodeAt(i)] ?? -1;
    if (value < 0) throw new Error(`digits data: invalid base64 character at ${i}`);
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

let decoded: { pixels: Uint8Array; target: Uint8Array } | undefined;

/** The packed module's pixels and targets, decoded once (see tools/fixtures/datasets/gen_digits.py). */
function decodeDigits(): { pixels: Uint8Array; target: Uint8Array } {
  if (decoded) return decoded;
  const bytes = decodeBase64(DIGITS_PIXELS);
  const pixels = new Uint8Array(DIGITS_N_SAMPLES * DIGITS_N_FEATURES);
  let bit = 0;
  const read = (width: number): number => {
    let value = 0;
    for (let k = 0; k < width; k++, bit++) {
      value = (value << 1) | (((bytes[bit >> 3] as number) >> (7 - (bit & 7))) & 1);
    }
    return value;
  };
  for (let i = 0; i < pixels.length; i++) pixels[i] = read(1) === 0 ? 0 : read(4) + 1;
  const labelBytes = decodeBase64(DIGITS_TARGET);
  const target = new Uint8Array(DIGITS_N_SAMPLES);
  for (let i = 0; i < DIGITS_N_SAMPLES; i++) {
    target[i] = ((labelBytes[i >> 1] as number) >> (i % 2 === 0 ? 4 : 0)) & 15;
  }
  decoded = { pixels, target };
  return decoded;
}

/**
 * scikit-learn's `load_digits`: the 1797 8×8 handwritten digits of the UCI "Optical Recognition
 * of Handwritten Digits" test set, pixels 0..16, identical value for value to scikit-learn's
 * (the data ships inside the package, packed in 58 kB; nothing is downloaded or read from disk).
 * `nClass` keeps the samples of the digits below it, in their original order; `returnXY` gives
 * `[data, target]`. Every call returns new arrays.
 *
 * @example
 * ```ts
 * import { loadDigits, trainTestSplit } from '@bnkit/datasets';
 * const digits = loadDigits(); // digits.data: 1797 × 64, digits.images: 1797 × 8 × 8
 * const { train, test } = trainTestSplit(digits, { testSize: 0.25, stratify: true, randomState: 0 });
 * const [X, y] = loadDigits({ nClass: 2, returnXY: true }); // 360 zeros and ones
 * ```
 */
export function loadDigits(options?: LoadDigitsOptions & { returnXY?: false }): DigitsDataset;
export function loadDigits(
  options: LoadDigitsOptions & { returnXY: true },
): [data: Float64Array, target: Float64Array];
export function loadDigits(
  options?: LoadDigitsOptions,
): DigitsDataset | [data: Float64Array, target: Float64Array];
export function loadDigits(
  options: LoadDigitsOptions = {},
): DigitsDataset | [data: Float64Array, target: Float64Array] {
  checkOptionsFor('loadDigits', options, {
    nClass: integer({ min: 1, max: 10 }),
    returnXY: boolean(),
  });
  const nClass = checkInteger('nClass', options.nClass ?? 10, 1, 10);
  const returnXY = checkBoolean('returnXY', options.returnXY ?? false);
  const { pixels, target: allTargets } = decodeDigits();
  const keep: number[] = [];
  for (let i = 0; i < DIGITS_N_SAMPLES; i++) if ((allTargets[i] as number) < nClass) keep.push(i);
  const nSamples = keep.length;
  const nFeatures = DIGITS_N_FEATURES;
  const data = new Float64Array(nSamples * nFeatures);
  const target = new Float64Array(nSamples);
  keep.forEach((row, i) => {
    data.set(pixels.subarray(row * nFeatures, (row + 1) * nFeatures), i * nFeatures);
    target[i] = allTargets[row] as number;
  });
  if (returnXY) return [data, target];
  const featureNames: string[] = [];
  for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) featureNames.push(`pixel_${r}_${c}`);
  return {
    X: data,
    y: target,
    nSamples,
    nFeatures,
    data,
    target,
    images: data.slice(),
    imagesShape: [nSamples, 8, 8],
    featureNames,
    targetNames: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  };
}
