import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { captureWrites, tinyData, tinyModel, useCpu } from '../test/tiny-model.js';
import { backupAndRestore } from './node/backup-and-restore.js';
import { batchNormMonitor } from './batch-norm-monitor.js';
import { csvLogger } from './node/csv-logger.js';
import { earlyStopping } from './early-stopping.js';
import { lambdaCallback } from './lambda-callback.js';
import { learningRateScheduler } from './learning-rate-scheduler.js';
import { modelCheckpoint } from './node/model-checkpoint.js';
import { progbarLogger } from './progbar-logger.js';
import { reduceLROnPlateau } from './reduce-lr-on-plateau.js';
import { cosineDecay } from './schedules.js';
import { terminateOnNaN } from './terminate-on-nan.js';

beforeAll(useCpu);

describe('every callback together', () => {
  it('leaves no tensor behind: fit with all callbacks allocates exactly what fit alone does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bnkit-leak-'));
    const { x, y, xVal, yVal } = tinyData();
    const args = {
      epochs: 3,
      batchSize: 4,
      validationData: [xVal, yVal] as [tf.Tensor, tf.Tensor],
      verbose: 0 as const,
    };

    const plain = tinyModel();
    await plain.fit(x, y, { ...args, epochs: 1 }); // warm up lazily created state
    let before = tf.memory().numTensors;
    await plain.fit(x, y, args);
    const plainGrowth = tf.memory().numTensors - before;

    const model = tinyModel();
    await model.fit(x, y, { ...args, epochs: 1 });
    const out = captureWrites();
    const callbacks = [
      progbarLogger({ write: out.write, isTTY: true }),
      earlyStopping({ patience: 10, restoreBestWeights: true }),
      reduceLROnPlateau({ patience: 1 }),
      learningRateScheduler(cosineDecay({ initialLr: 0.01, decaySteps: 3 })),
      modelCheckpoint(join(dir, 'm-{epoch}.json')),
      csvLogger(join(dir, 'log.csv')),
      terminateOnNaN(),
      backupAndRestore(join(dir, 'backup')),
      batchNormMonitor({ probe: xVal }),
      lambdaCallback({ onBatchEnd: () => undefined }),
    ];
    before = tf.memory().numTensors;
    await model.fit(x, y, { ...args, callbacks });
    expect(tf.memory().numTensors - before).toBe(plainGrowth);
  });
});
