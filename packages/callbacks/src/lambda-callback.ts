import * as tfl from '@tensorflow/tfjs-layers';
import type { Logs } from '@tensorflow/tfjs-layers';
import { func } from '@bnkit/core';
import { checkCallbackOptions } from './check-callback-options.js';
import { CallbackArgumentError } from './errors.js';
import { resolveLogs } from './resolve-logs.js';

type NumberLogs = Record<string, number>;

/** Hooks of {@link lambdaCallback}; each receives the logs as plain numbers. */
export interface LambdaCallbackHooks {
  onTrainBegin?: (logs: NumberLogs, model: tfl.LayersModel) => void | Promise<void>;
  onTrainEnd?: (logs: NumberLogs, model: tfl.LayersModel) => void | Promise<void>;
  onEpochBegin?: (epoch: number, logs: NumberLogs, model: tfl.LayersModel) => void | Promise<void>;
  onEpochEnd?: (epoch: number, logs: NumberLogs, model: tfl.LayersModel) => void | Promise<void>;
  onBatchBegin?: (batch: number, logs: NumberLogs, model: tfl.LayersModel) => void | Promise<void>;
  onBatchEnd?: (batch: number, logs: NumberLogs, model: tfl.LayersModel) => void | Promise<void>;
}

const HOOKS = [
  'onTrainBegin',
  'onTrainEnd',
  'onEpochBegin',
  'onEpochEnd',
  'onBatchBegin',
  'onBatchEnd',
];

/** A callback made of plain functions; see {@link lambdaCallback}. */
export class LambdaCallback extends tfl.Callback {
  private readonly hooks: LambdaCallbackHooks;

  constructor(hooks: LambdaCallbackHooks) {
    super();
    if (hooks === null || typeof hooks !== 'object' || Array.isArray(hooks)) {
      throw new CallbackArgumentError(
        'lambdaCallback: hooks',
        hooks,
        `an object with some of ${HOOKS.join(', ')}`,
      );
    }
    checkCallbackOptions(
      'lambdaCallback',
      hooks,
      Object.fromEntries(HOOKS.map((name) => [name, func()])),
      'hooks',
    );
    this.hooks = hooks;
  }

  override async onTrainBegin(logs?: Logs): Promise<void> {
    await this.hooks.onTrainBegin?.(await resolveLogs(logs), this.model);
  }
  override async onTrainEnd(logs?: Logs): Promise<void> {
    await this.hooks.onTrainEnd?.(await resolveLogs(logs), this.model);
  }
  override async onEpochBegin(epoch: number, logs?: Logs): Promise<void> {
    await this.hooks.onEpochBegin?.(epoch, await resolveLogs(logs), this.model);
  }
  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    await this.hooks.onEpochEnd?.(epoch, await resolveLogs(logs), this.model);
  }
  override async onBatchBegin(batch: number, logs?: Logs): Promise<void> {
    await this.hooks.onBatchBegin?.(batch, await resolveLogs(logs), this.model);
  }
  override async onBatchEnd(batch: number, logs?: Logs): Promise<void> {
    await this.hooks.onBatchEnd?.(batch, await resolveLogs(logs), this.model);
  }
}

/**
 * A callback from plain functions, like Keras's `LambdaCallback`. Unlike a plain hook object in
 * tfjs's `callbacks` array, it can be mixed in any order with class-based callbacks, its hooks
 * get the model, and the logs are numbers; writing to `logs` in `onEpochEnd` reaches `History`.
 *
 * @example
 * const printer = lambdaCallback({
 *   onEpochEnd: (epoch, logs) => console.log(epoch, logs.loss),
 * });
 * await model.fit(x, y, { epochs: 3, callbacks: [earlyStopping(), printer] });
 */
export function lambdaCallback(hooks: LambdaCallbackHooks): LambdaCallback {
  return new LambdaCallback(hooks);
}
