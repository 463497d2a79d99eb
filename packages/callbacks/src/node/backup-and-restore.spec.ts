import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { tinyData, tinyModel, useCpu } from '../../test/tiny-model.js';
import { backupAndRestore } from './backup-and-restore.js';
import { lambdaCallback } from '../lambda-callback.js';

beforeAll(useCpu);

const weightsOf = (m: tfl.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('backupAndRestore', () => {
  it('resumes an interrupted fit to the same weights as an uninterrupted one (Adam state included)', async () => {
    const { x, y } = tinyData();
    const args = { epochs: 5, batchSize: 4, shuffle: false, verbose: 0 as const };
    const reference = tinyModel(tf.train.adam(0.05));
    await reference.fit(x, y, args);

    const dir = join(mkdtempSync(join(tmpdir(), 'bnkit-backup-')), 'run');
    const crash = lambdaCallback({
      onEpochBegin: (epoch) => {
        if (epoch === 3) throw new Error('power cut');
      },
    });
    const first = tinyModel(tf.train.adam(0.05));
    await expect(
      first.fit(x, y, { ...args, callbacks: [backupAndRestore(dir), crash] }),
    ).rejects.toThrow('power cut');
    expect(readdirSync(dir).sort()).toEqual(['backup-2.weights.bin', 'backup.json']);

    // a new process: a fresh model and optimizer, the same two lines of code
    const second = tinyModel(tf.train.adam(0.05));
    const backup = backupAndRestore(dir);
    expect(backup.initialEpoch()).toBe(3);
    const history = await second.fit(x, y, {
      ...args,
      initialEpoch: backup.initialEpoch(),
      callbacks: [backup],
    });
    expect(backup.resumedFrom).toBe(3);
    expect(history.epoch).toEqual([3, 4]);
    const got = weightsOf(second).flat();
    const want = weightsOf(reference).flat();
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
    expect(existsSync(join(dir, 'backup.json'))).toBe(false);
    expect(backup.initialEpoch()).toBe(0);
  });

  it('refuses to resume when fit is not given the backup epoch', async () => {
    const { x, y } = tinyData();
    const dir = join(mkdtempSync(join(tmpdir(), 'bnkit-backup-')), 'run');
    const model = tinyModel();
    await model.fit(x, y, {
      epochs: 2,
      verbose: 0,
      callbacks: [backupAndRestore(dir, { deleteCheckpoint: false })],
    });
    await expect(
      tinyModel().fit(x, y, { epochs: 4, verbose: 0, callbacks: [backupAndRestore(dir)] }),
    ).rejects.toThrow(
      `fit({ initialEpoch }) must be 2, the epoch after the backup in ${dir}: pass initialEpoch: backup.initialEpoch(); received 0`,
    );
  });
});

describe('backupAndRestore leftovers (issue 12, item 9)', () => {
  it("removes a killed run's temporaries and unnamed weight copies when training starts", async () => {
    const { x, y } = tinyData();
    const dir = join(mkdtempSync(join(tmpdir(), 'bnkit-backup-')), 'run');
    await tinyModel().fit(x, y, {
      epochs: 2,
      verbose: 0,
      callbacks: [backupAndRestore(dir, { deleteCheckpoint: false })],
    });
    expect(readdirSync(dir).sort()).toEqual(['backup-1.weights.bin', 'backup.json']);
    // what a run killed between its writes leaves: a temporary and a weight file not yet named
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(join(dir, `.backup-2.weights.bin.bnkit-tmp-${child.stdout}-1`), 'partial');
    writeFileSync(join(dir, 'backup-2.weights.bin'), 'complete but never named');
    const backup = backupAndRestore(dir, { deleteCheckpoint: false });
    await tinyModel().fit(x, y, {
      epochs: 3,
      initialEpoch: backup.initialEpoch(),
      verbose: 0,
      callbacks: [backup],
    });
    expect(backup.resumedFrom).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['backup-2.weights.bin', 'backup.json']);
  });

  it('refuses a backup whose weights file climbs out of its folder', async () => {
    const { x, y } = tinyData();
    const dir = join(mkdtempSync(join(tmpdir(), 'bnkit-backup-')), 'run');
    await tinyModel().fit(x, y, {
      epochs: 1,
      verbose: 0,
      callbacks: [backupAndRestore(dir, { deleteCheckpoint: false })],
    });
    const meta = JSON.parse(readFileSync(join(dir, 'backup.json'), 'utf8'));
    writeFileSync(join(dir, 'backup.json'), JSON.stringify({ ...meta, weightsFile: '../x.bin' }));
    await expect(
      tinyModel().fit(x, y, {
        epochs: 2,
        initialEpoch: 1,
        verbose: 0,
        callbacks: [backupAndRestore(dir)],
      }),
    ).rejects.toThrow(/^backup.json: weightsFile must be a relative path that stays inside/);
  });
});
