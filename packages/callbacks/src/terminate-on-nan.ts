import * as tfl from '@tensorflow/tfjs-layers';
import type { Logs } from '@tensorflow/tfjs-layers';
import { boolean } from '@bnkit/core';
import { checkCallbackOptions } from './check-callback-options.js';
import { resolveLogs } from './resolve-logs.js';
import { writeStandardOutput } from './standard-output.js';

/** Thrown by `terminateOnNaN({ raiseError: true })` when the loss is NaN or infinite. */
export class NonFiniteLossError extends Error {
  constructor(epoch: number, batch: number, loss: number) {
    super(`loss became ${loss} at epoch ${epoch + 1}, batch ${batch}; training was terminated`);
    this.name = 'NonFiniteLossError';
  }
}

/**
 * Stops training at the first batch whose loss is NaN or infinite (Keras 3's `TerminateOnNaN`):
 * it sets `model.stopTraining`, so the epoch ends and `onTrainEnd` still runs, or throws
 * {@link NonFiniteLossError} with `raiseError`.
 */
export class TerminateOnNaN extends tfl.Callback {
  readonly raiseError: boolean;
  /** Where the loss went bad in the last `fit`, or `null`. */
  terminatedAt: { epoch: number; batch: number; loss: number } | null = null;
  private epoch = 0;

  constructor(options: { raiseError?: boolean } = {}) {
    super();
    const checked = checkCallbackOptions('terminateOnNaN', options, { raiseError: boolean() });
    this.raiseError = checked.raiseError ?? false;
  }

  override async onTrainBegin(): Promise<void> {
    this.terminatedAt = null;
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
  }

  override async onBatchEnd(batch: number, logs?: Logs): Promise<void> {
    const loss = (await resolveLogs(logs))['loss'];
    if (typeof loss !== 'number' || Number.isFinite(loss)) return;
    this.terminatedAt = { epoch: this.epoch, batch, loss };
    if (this.raiseError) throw new NonFiniteLossError(this.epoch, batch, loss);
    writeStandardOutput(`Batch ${batch}: Invalid loss, terminating training\n`);
    this.model.stopTraining = true;
  }
}

/**
 * Creates a {@link TerminateOnNaN}.
 *
 * @example
 * await model.fit(x, y, { epochs: 100, callbacks: [terminateOnNaN()] });
 */
export function terminateOnNaN(options: { raiseError?: boolean } = {}): TerminateOnNaN {
  return new TerminateOnNaN(options);
}
