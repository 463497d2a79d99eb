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
    expect(io.out).toMatch(
      /experiment covariate-shift \(quick, 1 seed, reference data, tfjs cpu\)/,
    );
    expect(io.out).not.toContain('paper-mnist');
  }, 300_000);

  it('runs the experiments on the digits with the paper network (--data digits)', async () => {
    const io = captureIO();
    const dir = path.join(out, 'digits');
    for (const name of ['bn-vs-plain', 'covariate-shift']) {
      const status = await runCli(
        ['experiment', name, '--quick', '--data', 'digits', '--backend', 'cpu', '--out', dir],
        io,
      );
      expect(status).toBe(0);
    }
    expect(io.err).toBe('');
    const markdown = fs.readFileSync(path.join(dir, 'bn-vs-plain.md'), 'utf8');
    expect(markdown).toContain(
      'load_digits (1797 8×8 digits, pixels / 16), stratified 1408 train / 389 test',
    );
    expect(markdown).toContain('SGD 1');
    expect(markdown).toMatch(/target: test accuracy ≥ 0\.9/);
    const shift = fs.readFileSync(path.join(dir, 'covariate-shift.md'), 'utf8');
    expect(shift).toContain('| with BN | BN 5 input |');
    expect(shift).toContain('Input of the output layer (Dense 7)');
    expect(io.out).toMatch(/experiment bn-vs-plain \(quick, 1 seed, digits data, tfjs cpu\)/);
  }, 300_000);

  it("runs the BN paper's MNIST experiment in its quick version", async () => {
    const io = captureIO();
    const dir = path.join(out, 'paper');
    const status = await runCli(
      ['experiment', 'paper-mnist', '--quick', '--steps', '40', '--backend', 'cpu', '--out', dir],
      io,
    );
    expect(io.err).toBe('');
    expect(status).toBe(0);
    const markdown = fs.readFileSync(path.join(dir, 'paper-mnist.md'), 'utf8');
    expect(markdown).toContain('| measure | with BN | without BN |');
    expect(markdown).toContain('400 training and 100 test digits');
    expect(markdown).toContain('40 steps of plain SGD (learning rate 1');
    expect(markdown).toMatch(
      /\| final test accuracy \(step 40\) \| \d\.\d{4} ± 0\.0000 \| \d\.\d{4} ± 0\.0000 \|/,
    );
    expect(markdown).toMatch(/drift of the sigmoid inputs' 50th percentile, step 4 → 40/);
    const html = fs.readFileSync(path.join(dir, 'paper-mnist.html'), 'utf8');
    expect(html.match(/<svg/g)?.length).toBe(4);
    expect(fs.readdirSync(path.join(dir, 'paper-mnist')).sort()).toEqual([
      'paper-mnist-accuracy-late.png',
      'paper-mnist-accuracy-late.svg',
      'paper-mnist-accuracy.png',
      'paper-mnist-accuracy.svg',
      'paper-mnist-sigmoid-input-bn.png',
      'paper-mnist-sigmoid-input-bn.svg',
      'paper-mnist-sigmoid-input-plain.png',
      'paper-mnist-sigmoid-input-plain.svg',
      'paper-mnist.json',
    ]);
    const raw = JSON.parse(
      fs.readFileSync(path.join(dir, 'paper-mnist', 'paper-mnist.json'), 'utf8'),
    );
    expect(raw.steps.length).toBe(41);
    expect(raw.runs.map((r: { network: string }) => r.network)).toEqual(['with BN', 'without BN']);
    expect(io.out).toMatch(/experiment paper-mnist \(quick, 1 seed, tfjs cpu\)/);
  }, 300_000);

  it('refuses a bad --data or --steps', async () => {
    const io = captureIO();
    await expect(runCli(['experiment', 'bn-vs-plain', '--data', 'mnist'], io)).resolves.toBe(2);
    expect(io.err).toMatch(/--data must be one of reference, digits, got "mnist"/);
    await expect(runCli(['experiment', 'paper-mnist', '--steps', '0'], io)).resolves.toBe(2);
    expect(io.err).toMatch(/--steps must be an integer from 1 to 10000000, got "0"/);
  });

  it('refuses an unknown experiment with exit status 2 and the list of names', async () => {
    const io = captureIO();
    await expect(runCli(['experiment', 'dropout'], io)).resolves.toBe(2);
    expect(io.err).toBe(
      'bnkit: experiment takes one name: bn-vs-plain, learning-rate, initialization, batch-size, covariate-shift, paper-mnist, all; got "dropout"\n',
    );
  });

  it('refuses a bad seed count', async () => {
    const io = captureIO();
    await expect(runCli(['experiment', 'bn-vs-plain', '--seeds', '0'], io)).resolves.toBe(2);
    expect(io.err).toMatch(/--seeds must be an integer from 1 to 100, got "0"/);
  });
});
