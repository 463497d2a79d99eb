import type * as tf from '@tensorflow/tfjs-core';
import { OnnxExportError } from './errors.js';
import type { TfjsKnownBug } from './tfjs-known-bugs.js';

/** Options of {@link verifyOnnx}. */
export interface VerifyOptions {
  /** User samples (one tensor per model input, any batch size), checked besides random inputs. */
  inputs?: tf.Tensor | tf.Tensor[];
  /** Relative tolerance. Default 1e-3. */
  rtol?: number;
  /** Absolute tolerance. Default 1e-5. Elementwise: |onnx - tfjs| <= atol + rtol |tfjs|. */
  atol?: number;
  /** Batch sizes of the random N(0, 1) inputs. Default [1, 7]. */
  batchSizes?: number[];
  /** Seed of the random inputs. Default 42. */
  seed?: number;
  /** onnxruntime graph optimization level. Default 'all'. */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'layout' | 'all';
  /** Throw a VerificationError on a mismatch. Default false (exportOnnx's verify: true throws). */
  throwOnMismatch?: boolean;
}

/** Errors of one output on one input batch. */
export interface OutputError {
  name: string;
  maxAbsError: number;
  maxRelError: number;
  ok: boolean;
}

/** What {@link verifyOnnx} measured. */
export interface VerifyReport {
  ok: boolean;
  rtol: number;
  atol: number;
  runs: { source: 'random' | 'user'; batchSize: number; outputs: OutputError[] }[];
  maxAbsError: number;
  maxRelError: number;
  /** On a mismatch: the first layer (in graph order) whose ONNX output differs from tfjs. */
  firstDivergingLayer?: { name: string; className: string; maxAbsError: number };
  /** On a mismatch: what the per-layer search concluded. */
  diagnosis?: string;
  /**
   * Layers tfjs-layers itself computes wrongly (today: tfjs-layers' own BatchNormalization over
   * a non-last axis). When present, the export was compared with a correct evaluation of the
   * model (those layers computed with broadcasting ops), not with tfjs `predict`, so a correct
   * export is `ok` and a wrong one still fails.
   */
  tfjsKnownBugs?: TfjsKnownBug[];
  /** With `tfjsKnownBugs`: how far tfjs `predict` is from that correct evaluation. */
  tfjsMaxAbsError?: number;
}

/** tfjs and onnxruntime disagree. */
export class VerificationError extends OnnxExportError {
  readonly report: VerifyReport;
  constructor(report: VerifyReport) {
    const worst = report.runs
      .flatMap((r) =>
        r.outputs
          .filter((o) => !o.ok)
          .map(
            (o) =>
              `${o.name} at batch ${r.batchSize} (${r.source}): max abs ${o.maxAbsError.toExponential(3)}, max rel ${o.maxRelError.toExponential(3)}`,
          ),
      )
      .slice(0, 5)
      .join('; ');
    const reference = report.tfjsKnownBugs?.length
      ? `a correct evaluation of the model (tfjs predict itself is wrong for ${report.tfjsKnownBugs.map((b) => `${b.layer} (${b.className}, axis ${b.axis})`).join(', ')})`
      : 'tfjs predict';
    super(
      `ONNX output differs from ${reference} beyond rtol ${report.rtol}, atol ${report.atol}: ${worst}. ${report.diagnosis ?? ''}`.trim(),
    );
    this.name = 'VerificationError';
    this.report = report;
  }
}
