import { anyOf, arrayOf, custom, func, oneOf, type OptionRules } from '@bnkit/core';
import type { OrtSessionOptions } from './ort-like.js';

/** An external-data file for a model given as bytes, as `exportOnnx(...).externalData`. */
export interface ExternalDataFile {
  /** The name the model's initializers give as their `location`. */
  path: string;
  data: Uint8Array;
}

/** onnxruntime's graph optimization levels. */
export const GRAPH_OPTIMIZATION_LEVELS = [
  'disabled',
  'basic',
  'extended',
  'layout',
  'all',
] as const;

/** The options of `createSession` that mean the same on Node and on the web. */
export interface SessionOptionsBase<D extends string> {
  /** Where to run; `'auto'` (default) takes the first device that works, warning at each fallback. */
  device?: D | 'auto';
  /** onnxruntime's graph optimizations. Default `'all'`. */
  graphOptimizationLevel?: (typeof GRAPH_OPTIMIZATION_LEVELS)[number];
  executionMode?: 'sequential' | 'parallel';
  /** onnxruntime's log level, 0 (verbose) to 4 (fatal). */
  logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
  /** External data files for a model given as bytes, e.g. `exportOnnx(...).externalData`. */
  externalData?: ExternalDataFile | ExternalDataFile[];
  /** Any other onnxruntime session option, passed through (`executionProviders` is set here). */
  sessionOptions?: Record<string, unknown>;
  /** Where fallback warnings go. Default `console.warn`. Each distinct warning is given once. */
  warn?: (message: string) => void;
}

const externalDataFile = custom<ExternalDataFile>(
  'an external data file { path: string, data: Uint8Array }',
  (value): value is ExternalDataFile =>
    value !== null &&
    typeof value === 'object' &&
    typeof (value as ExternalDataFile).path === 'string' &&
    (value as ExternalDataFile).path.length > 0 &&
    (value as ExternalDataFile).data instanceof Uint8Array,
);

const plainObject = custom<Record<string, unknown>>(
  'an object of onnxruntime session options',
  (value): value is Record<string, unknown> =>
    value !== null && typeof value === 'object' && !Array.isArray(value),
);

/** Rules of {@link SessionOptionsBase}, given the devices of one runtime. */
export function baseSessionRules<D extends string>(devices: readonly D[]) {
  return {
    device: oneOf(['auto', ...devices] as const),
    graphOptimizationLevel: oneOf(GRAPH_OPTIMIZATION_LEVELS),
    executionMode: oneOf(['sequential', 'parallel'] as const),
    logSeverityLevel: oneOf([0, 1, 2, 3, 4] as const),
    externalData: anyOf(externalDataFile, arrayOf(externalDataFile)),
    sessionOptions: plainObject,
    warn: func<(message: string) => void>(),
  } satisfies OptionRules;
}

/**
 * onnxruntime session options from the checked base options (everything but the execution
 * providers, which the device policy sets).
 */
export function baseOrtOptions(
  options: SessionOptionsBase<string>,
): Omit<OrtSessionOptions, 'executionProviders'> {
  const result: Omit<OrtSessionOptions, 'executionProviders'> = {
    ...(options.sessionOptions ?? {}),
    graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
  };
  if (options.executionMode !== undefined) result.executionMode = options.executionMode;
  if (options.logSeverityLevel !== undefined) result.logSeverityLevel = options.logSeverityLevel;
  if (options.externalData !== undefined) {
    const list = Array.isArray(options.externalData)
      ? options.externalData
      : [options.externalData];
    result.externalData = list.map((file) => ({ path: file.path, data: file.data }));
  }
  return result;
}
