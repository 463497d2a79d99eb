import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../run-cli.js';
import { registerBuiltinCommands } from './register-commands.js';
import { captureIO } from '../../test/capture-io.js';
import { CHROMIUM, inspectPage } from '../../../../tools/testing/chromium.cjs';

describe('bnkit demo and bnkit export', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-demo-'));
    dirs.push(dir);
    return dir;
  };
  beforeAll(() => registerBuiltinCommands());
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  const demo = async (out: string) => {
    const io = captureIO();
    const status = await runCli(
      ['demo', '--epochs', '2', '--backend', 'cpu', '--device', 'cpu', '--quiet', '--out', out],
      io,
    );
    return { status, ...io };
  };

  let first: Awaited<ReturnType<typeof demo>>;
  let out: string;
  beforeAll(async () => {
    out = tempDir();
    first = await demo(out);
  }, 120_000);

  it('writes every artifact of the reference pipeline', () => {
    expect(first.status).toBe(0);
    for (const file of [
      'accuracy.svg',
      'accuracy.png',
      'loss.svg',
      'loss.png',
      'history.csv',
      'model.onnx',
      'tfjs-model/model.json',
      'triton/bnkit_reference/config.pbtxt',
      'report.html',
    ]) {
      expect(fs.existsSync(path.join(out, file))).toBe(true);
    }
    const csv = fs.readFileSync(path.join(out, 'history.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(fs.readFileSync(path.join(out, 'accuracy.svg'), 'utf8')).toContain('Model accuracy');
    expect(fs.readFileSync(path.join(out, 'accuracy.png')).subarray(1, 4).toString()).toBe('PNG');
    const report = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(report).toContain('Model accuracy');
    expect(report).toContain('ONNX vs tfjs max abs error');
  });

  it('prints one line per epoch and a summary with the ONNX error and latencies', () => {
    expect(first.out).toMatch(/Epoch 1\/2\n/);
    expect(first.out).toMatch(/Epoch 2\/2\n/);
    const error = Number(/ONNX vs tfjs max abs error\s+(\S+)/.exec(first.out)?.[1]);
    expect(error).toBeLessThanOrEqual(1e-5);
    expect(first.out).toMatch(/one request \(batch 1\)\s+onnxruntime cpu \d+ µs, tfjs cpu \d+ µs/);
  });

  (CHROMIUM === undefined ? it.skip : it)(
    'writes a report that headless Chromium renders with every chart drawn and no console error',
    async () => {
      const { consoleErrors, value } = await inspectPage(
        path.join(out, 'report.html'),
        `JSON.stringify([...document.querySelectorAll('svg')].map((svg) => ({
           width: svg.getBoundingClientRect().width,
           lines: svg.querySelectorAll('polyline').length,
         })))`,
        path.join(out, 'report-screenshot.png'),
      );
      expect(consoleErrors).toEqual([]);
      const charts = JSON.parse(value as string) as { width: number; lines: number }[];
      // accuracy and loss, then the BN monitor's shift, spread, and gamma/beta charts
      expect(charts).toHaveLength(5);
      for (const chart of charts) {
        expect(chart.width).toBeGreaterThan(300);
        expect(chart.lines).toBeGreaterThan(0);
      }
      expect(fs.statSync(path.join(out, 'report-screenshot.png')).size).toBeGreaterThan(10_000);
    },
    60_000,
  );

  it('gives the same numbers for the same seed and backend', async () => {
    const second = await demo(tempDir());
    const metrics = (text: string) =>
      text.split('\n').filter((line) => /accuracy \/ loss/.test(line));
    expect(metrics(second.out)).toEqual(metrics(first.out));
    expect(metrics(first.out)).toHaveLength(2);
  }, 120_000);

  it('exits 2 with one line for a wrong value', async () => {
    const io = captureIO();
    await expect(runCli(['demo', '--epochs', 'many'], io)).resolves.toBe(2);
    expect(io.err).toBe('bnkit: --epochs must be an integer from 1 to 100000, got "many"\n');
  });

  it('exports the saved model to ONNX and verifies it', async () => {
    const io = captureIO();
    const onnx = path.join(tempDir(), 'exported.onnx');
    const status = await runCli(
      [
        'export',
        path.join(out, 'tfjs-model', 'model.json'),
        '-o',
        onnx,
        '--verify',
        '--backend',
        'cpu',
      ],
      io,
    );
    expect(io.err).toBe('');
    expect(status).toBe(0);
    expect(io.out).toContain(`wrote ${onnx} (opset 17)`);
    const error = Number(/max abs error (\S+),/.exec(io.out)?.[1]);
    expect(error).toBeLessThanOrEqual(1e-5);
  }, 60_000);

  it('export refuses a missing model argument with exit status 2', async () => {
    const io = captureIO();
    await expect(runCli(['export'], io)).resolves.toBe(2);
    expect(io.err).toMatch(/export takes exactly one model.json, got 0/);
  });
});
