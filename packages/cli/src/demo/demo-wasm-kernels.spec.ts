import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { unregisterWasmKernels, wasmKernelsRegistered } from '@bnkit/wasm-kernels';
import { runCli } from '../run-cli.js';
import { registerBuiltinCommands } from '../commands/register-commands.js';
import { selectBackend } from '../select-backend.js';
import { captureIO } from '../../test/capture-io.js';
import { parseDemoOptions } from './demo-options.js';
import { runDemo } from './run-demo.js';
import type { DemoSummary } from './run-demo.js';

describe('bnkit demo on wasm: @bnkit/wasm-kernels on by default, --no-wasm-kernels', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-kernels-'));
    dirs.push(dir);
    return dir;
  };
  beforeAll(() => registerBuiltinCommands());
  afterEach(() => unregisterWasmKernels());
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  const demo = async (extra: string[]) => {
    const lines: string[] = [];
    const args = ['--epochs', '2', '--backend', 'wasm', '--device', 'cpu', '--quiet'];
    const dir = tempDir();
    const summary = await runDemo(parseDemoOptions([...args, '--out', dir, ...extra]), (t) =>
      lines.push(t),
    );
    return { summary, registered: wasmKernelsRegistered(), out: lines.join(''), dir };
  };

  let withKernels: { summary: DemoSummary; registered: boolean; out: string; dir: string };
  let stock: typeof withKernels;

  it('registers the kernels by default on wasm', async () => {
    withKernels = await demo([]);
    expect(withKernels.registered).toBe(true);
    expect(withKernels.summary.backend).toBe('wasm');
    expect(withKernels.summary.wasmKernels).toBe(true);
    expect(withKernels.out).toContain('tfjs backend: wasm (bnkit kernels)\n');
  }, 180_000);

  it('keeps tfjs-backend-wasm’s own kernels with --no-wasm-kernels', async () => {
    stock = await demo(['--no-wasm-kernels']);
    expect(stock.registered).toBe(false);
    expect(stock.summary.wasmKernels).toBe(false);
    expect(stock.out).toContain('tfjs backend: wasm (stock kernels)\n');
  }, 180_000);

  it('gives the same history with and without the kernels (1e-5 relative)', () => {
    const keys = Object.keys(withKernels.summary.history).sort();
    expect(keys).toEqual(['acc', 'loss', 'val_acc', 'val_loss']);
    expect(Object.keys(stock.summary.history).sort()).toEqual(keys);
    for (const key of keys) {
      const ours = withKernels.summary.history[key] as number[];
      const theirs = stock.summary.history[key] as number[];
      expect(ours).toHaveLength(2);
      expect(theirs).toHaveLength(2);
      ours.forEach((value, epoch) => {
        const reference = theirs[epoch] as number;
        expect(Math.abs(value - reference)).toBeLessThanOrEqual(1e-5 * Math.abs(reference));
      });
    }
  });

  it('--no-wasm-kernels takes out kernels registered earlier in the process', async () => {
    await selectBackend('wasm');
    expect(wasmKernelsRegistered()).toBe(true);
    await selectBackend('wasm', { wasmKernels: false });
    expect(wasmKernelsRegistered()).toBe(false);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('leaves the kernels alone on the cpu backend', async () => {
    await selectBackend('cpu');
    expect(wasmKernelsRegistered()).toBe(false);
  });

  it.each([
    [[], true],
    [['--no-wasm-kernels'], false],
  ])(
    'bnkit export --verify on wasm %j: kernels registered %s, same outputs',
    async (extra, on) => {
      const io = captureIO();
      const model = path.join(withKernels.dir, 'tfjs-model', 'model.json');
      const onnx = path.join(tempDir(), 'model.onnx');
      const args = ['export', model, '-o', onnx, '--verify', '--backend', 'wasm', ...extra];
      await expect(runCli(args, io)).resolves.toBe(0);
      expect(io.err).toBe('');
      expect(wasmKernelsRegistered()).toBe(on);
      expect(Number(/max abs error (\S+),/.exec(io.out)?.[1])).toBeLessThanOrEqual(1e-5);
    },
    60_000,
  );

  it.each(['demo', 'export'])('lists --no-wasm-kernels in bnkit %s --help', async (command) => {
    const io = captureIO();
    await expect(runCli([command, '--help'], io)).resolves.toBe(0);
    expect(io.out).toMatch(/--no-wasm-kernels +on the wasm backend, \w+ with tfjs-backend-wasm/);
  });
});
