// A training run with every file-writing callback, for the kill test: it resumes from its backup,
// prints `start <initialEpoch>`, `epoch <n>` after each epoch's callbacks, then `done`.
// Usage: node kill-run-child.cjs <dir> <epochs>
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { lambdaCallback } from '../src/index.js';
import { backupAndRestore, csvLogger, modelCheckpoint, saveModelFiles } from '../src/node.js';
import { tinyData, tinyModel, useCpu } from './tiny-model.js';

async function main(): Promise<void> {
  const [dir, epochs] = [process.argv[2] as string, Number(process.argv[3])];
  await useCpu();
  const { x, y } = tinyData(64);
  const model = tinyModel(tf.train.adam(0.05));
  const backup = backupAndRestore(join(dir, 'backup'));
  const initialEpoch = backup.initialEpoch();
  process.stdout.write(`start ${initialEpoch}\n`);
  await model.fit(x, y, {
    epochs,
    initialEpoch,
    batchSize: 4,
    shuffle: false,
    verbose: 0,
    callbacks: [
      backup,
      modelCheckpoint(join(dir, 'ckpt', 'm-{epoch:02d}.json')),
      csvLogger(join(dir, 'history.csv'), { append: true }),
      lambdaCallback({ onEpochEnd: (epoch) => void process.stdout.write(`epoch ${epoch}\n`) }),
    ],
  });
  await saveModelFiles(model, join(dir, 'final', 'model.json'), { weightsOnly: true });
  process.stdout.write('done\n');
}

void main();
