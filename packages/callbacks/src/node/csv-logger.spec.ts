import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyData, tinyModel, useCpu } from '../../test/tiny-model.js';
import { csvLogger } from './csv-logger.js';

beforeAll(useCpu);

describe('csvLogger', () => {
  it('writes a header of sorted keys and one row per epoch with the History values', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bnkit-csv-')), 'log.csv');
    const { x, y, xVal, yVal } = tinyData();
    const history = await tinyModel().fit(x, y, {
      epochs: 3,
      batchSize: 8,
      validationData: [xVal, yVal],
      verbose: 0,
      callbacks: [csvLogger(file)],
    });
    const h = history.history as Record<string, number[]>;
    const rows = [0, 1, 2].map((e) =>
      [e, h['acc']![e], h['loss']![e], h['val_acc']![e], h['val_loss']![e]].join(','),
    );
    expect(readFileSync(file, 'utf8')).toBe(
      ['epoch,acc,loss,val_acc,val_loss', ...rows, ''].join('\n'),
    );
  });

  it('appends to an existing log without a second header, and overwrites without append', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bnkit-csv-')), 'log.csv');
    const { x, y } = tinyData();
    const model = tinyModel();
    await model.fit(x, y, {
      epochs: 2,
      batchSize: 8,
      verbose: 0,
      callbacks: [csvLogger(file, { separator: ';' })],
    });
    await model.fit(x, y, {
      epochs: 4,
      initialEpoch: 2,
      batchSize: 8,
      verbose: 0,
      callbacks: [csvLogger(file, { separator: ';', append: true })],
    });
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('epoch;acc;loss');
    expect(lines.slice(1).map((l) => l.split(';')[0])).toEqual(['0', '1', '2', '3']);
    await model.fit(x, y, {
      epochs: 1,
      batchSize: 8,
      verbose: 0,
      callbacks: [csvLogger(file, { separator: ';' })],
    });
    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(2);
  });

  it('rejects a bad separator', () => {
    expect(() => csvLogger('log.csv', { separator: '' })).toThrow(
      'csvLogger: separator must be a non-empty string without quotes or newlines; received ""',
    );
  });
});

describe('csvLogger paths (issue 12, item 8)', () => {
  it('creates a missing parent folder when training starts, as modelCheckpoint does', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bnkit-csv-')), 'newdir', 'deeper', 'h.csv');
    const { x, y } = tinyData();
    await tinyModel().fit(x, y, {
      epochs: 2,
      batchSize: 8,
      verbose: 0,
      callbacks: [csvLogger(file)],
    });
    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(3);
  });

  it('refuses a folder, a path under a file and an unwritable folder at creation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bnkit-csv-'));
    expect(() => csvLogger(dir)).toThrow(
      `csvLogger: filename must be a file path, but it is a directory; received "${dir}".`,
    );
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect(() => csvLogger(join(file, 'h.csv'))).toThrow(
      `csvLogger: filename must be a file path under a folder, but ${file} is a file`,
    );
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      expect(() => csvLogger(join(locked, 'new', 'h.csv'))).toThrow(/is not writable/);
    }
  });
});
