/**
 * @bnkit/callbacks: Keras-3 training callbacks for TensorFlow.js: progress logger, history plots
 * (SVG), BN statistics monitor and HTML report. This entry runs in a browser bundle (no `node:`
 * imports, no native modules); what writes files is in `@bnkit/callbacks/node`.
 *
 * This file is the package's public API: list every export by name.
 *
 * @packageDocumentation
 */
export { CallbackArgumentError } from './errors.js';
export type { HistoryLike } from './history-data.js';
export { plotHistory, historyVegaLiteSpec } from './plot-history.js';
export type { PlotHistoryOptions, VegaLiteSpec } from './plot-history.js';
export { resolveLogs } from './resolve-logs.js';
export {
  ProgbarLogger,
  progbarLogger,
  installProgbarLogger,
  formatLogValue,
} from './progbar-logger.js';
export type { ProgbarLoggerOptions } from './progbar-logger.js';
export { getLearningRate, setLearningRate } from './learning-rate.js';
export { MonitorCallback, autoDirection } from './monitor-callback.js';
export type { MonitorArgs, MonitorMode } from './monitor-callback.js';
export { EarlyStopping, earlyStopping } from './early-stopping.js';
export type { EarlyStoppingArgs } from './early-stopping.js';
export { ReduceLROnPlateau, reduceLROnPlateau } from './reduce-lr-on-plateau.js';
export type { ReduceLROnPlateauArgs } from './reduce-lr-on-plateau.js';
export { LearningRateScheduler, learningRateScheduler } from './learning-rate-scheduler.js';
export type { LearningRateSchedule } from './learning-rate-scheduler.js';
export { stepDecay, exponentialDecay, cosineDecay, oneCycle } from './schedules.js';
export { LambdaCallback, lambdaCallback } from './lambda-callback.js';
export type { LambdaCallbackHooks } from './lambda-callback.js';
export { formatCheckpointPath, checkCheckpointTemplate } from './checkpoint-template.js';
export { TerminateOnNaN, terminateOnNaN, NonFiniteLossError } from './terminate-on-nan.js';
export { BatchNormMonitor, batchNormMonitor } from './batch-norm-monitor.js';
export type { BatchNormMonitorOptions, LayerStatistics } from './batch-norm-monitor.js';
export { trainingReportHtml } from './training-report.js';
export type { TrainingReportOptions } from './training-report.js';
export { normalizeCallbacks } from './normalize-callbacks.js';
export type { CallbackLike } from './normalize-callbacks.js';
