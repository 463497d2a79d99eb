import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../run-cli.js';
import { registerBuiltinCommands } from './register-commands.js';
import { captureIO } from '../../test/capture-io.js';

describe('bnkit experiment', () => {
  let out: string;
  beforeAll(() => {
    registerBuiltinCommands();
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-experiment-'));
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('runs every experiment in its quick version and writes tables and plots', async () => {
    const io = captureIO();
    const status = await runCli(
      ['experiment', 'all', '--quick', '--backend', 'cpu', '--out', out],
      io,
    );
    expect(io.err).toBe('');
    expect(status).toBe(0);
    for (const name of [
      'bn-vs-plain',
      'learning-rate',
      'initialization',
      'batch-size',
      'covariate-shift',
    ]) {
      const markdown = fs.readFileSync(path.join(out, `${name}.md`), 'utf8');
      expect(markdown).toMatch(/\| --- \|/);
      expect(markdown).toMatch(/\d\.\d{3} ± \d\.\d{3}/);
      expect(fs.readFileSync(path.join(out, `${name}.html`), 'utf8')).toContain('<svg');
      const charts = fs.readdirSync(path.join(out, name));
      expect(charts.filter((f) => f.endsWith('.png')).length).toBeGreaterThan(0);
      expect(charts.filter((f) => f.endsWith('.svg')).length).toBe(
        charts.filter((f) => f.endsWith('.png')).length,
      );
    }
    const summary = fs.readFileSync(path.join(out, 'summary.md'), 'utf8');
    expect(summary).toContain('## Batch size: BN with small batches, and its fixes');
    for (const label of ['BN', 'Batch Renorm', 'Ghost BN', 'GroupNorm', 'none'])
      expect(summary).toContain(`| ${label} | 8 |`);
    expect(io.out).toMatch(/experiment covariate-shift \(quick, 1 seed, tfjs cpu\)/);
  }, 300_000);

  it('refuses an unknown experiment with exit status 2 and the list of names', async () => {
    const io = captureIO();
    await expect(runCli(['experiment', 'dropout'], io)).resolves.toBe(2);
    expect(io.err).toBe(
      'bnkit: experiment takes one name: bn-vs-plain, learning-rate, initialization, batch-size, covariate-shift, all; got "dropout"\n',
    );
  });

  it('refuses a bad seed count', async () => {
    const io = captureIO();
    await expect(runCli(['experiment', 'bn-vs-plain', '--seeds', '0'], io)).resolves.toBe(2);
    expect(io.err).toMatch(/--seeds must be an integer from 1 to 100, got "0"/);
  });
});
