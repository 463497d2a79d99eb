// The page of the browser test: trains a small BN model in Chromium with the main entry's
// callbacks (no `process`, no files), then draws the plots and the report as strings.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import {
  CallbackArgumentError,
  batchNormMonitor,
  earlyStopping,
  lambdaCallback,
  plotHistory,
  progbarLogger,
  reduceLROnPlateau,
  terminateOnNaN,
  trainingReportHtml,
} from '../src/index.js';

async function runCallbacks(): Promise<string> {
  await tf.setBackend('cpu');
  const x = tf.randomNormal([64, 4], 0, 1, 'float32', 3);
  const y = tf.cast(tf.greater(tf.sum(x, 1, true), 0), 'float32');
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }),
      tfl.layers.batchNormalization(),
      tfl.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const monitor = batchNormMonitor({ probe: x });
  const logged: string[] = [];
  const history = await model.fit(x, y, {
    epochs: 3,
    batchSize: 16,
    validationData: [x, y],
    verbose: 0,
    callbacks: [
      progbarLogger(), // default output: the console (there is no process.stdout here)
      earlyStopping({ patience: 5, restoreBestWeights: true, verbose: 1 }),
      reduceLROnPlateau({ patience: 1, verbose: 1 }),
      terminateOnNaN(),
      monitor,
      lambdaCallback({ onEpochEnd: (epoch, logs) => void logged.push(`${epoch}:${logs['loss']}`) }),
    ],
  });
  const svg = plotHistory(history, { metrics: ['loss', 'val_loss'] });
  const html = trainingReportHtml({ history, bnMonitor: monitor });
  let typo = '';
  try {
    earlyStopping({ patiance: 3 } as never);
  } catch (error) {
    typo = error instanceof CallbackArgumentError ? error.message : `other: ${String(error)}`;
  }
  return JSON.stringify({
    epochs: history.epoch.length,
    logged: logged.length,
    svg: svg.startsWith('<svg'),
    reportCharts: (html.match(/<svg /g) ?? []).length,
    typo,
  });
}

(globalThis as { runCallbacks?: () => Promise<string> }).runCallbacks = runCallbacks;
