import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unregisterWasmKernels, wasmKernelsRegistered } from '@bnkit/wasm-kernels';
import { runCli } from '../run-cli.js';
import { registerBuiltinCommands } from './register-commands.js';
import { captureIO } from '../../test/capture-io.js';

describe('bnkit experiment on wasm: @bnkit/wasm-kernels on by default, --no-wasm-kernels', () => {
  const dirs: string[] = [];
  beforeAll(() => registerBuiltinCommands());
  afterEach(() => unregisterWasmKernels());
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  const experiment = async (extra: string[]) => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-experiment-kernels-'));
    dirs.push(out);
    const io = captureIO();
    const args = ['experiment', 'bn-vs-plain', '--quick', '--backend', 'wasm', '--out', out];
    const status = await runCli([...args, ...extra], io);
    const markdown = fs.readFileSync(path.join(out, 'bn-vs-plain.md'), 'utf8');
    return { status, registered: wasmKernelsRegistered(), markdown, ...io };
  };

  let withKernels: Awaited<ReturnType<typeof experiment>>;

  it('trains with the kernels by default', async () => {
    withKernels = await experiment([]);
    expect(withKernels.err).toBe('');
    expect(withKernels.status).toBe(0);
    expect(withKernels.registered).toBe(true);
    expect(withKernels.out).toMatch(/^experiment bn-vs-plain \(.*tfjs wasm \(bnkit kernels\)\)\n/);
  }, 180_000);

  it('trains with tfjs-backend-wasm’s own kernels with --no-wasm-kernels, to the same table', async () => {
    const stock = await experiment(['--no-wasm-kernels']);
    expect(stock.err).toBe('');
    expect(stock.status).toBe(0);
    expect(stock.registered).toBe(false);
    expect(stock.out).toMatch(/^experiment bn-vs-plain \(.*tfjs wasm \(stock kernels\)\)\n/);
    // The table as printed (3 decimals), but for its timing column.
    const table = (markdown: string) =>
      markdown
        .split('\n')
        .filter((line) => line.startsWith('| with'))
        .map((line) => line.split(' | ').slice(0, -1).join(' | '));
    expect(table(withKernels.markdown)).toHaveLength(2);
    expect(table(stock.markdown)).toEqual(table(withKernels.markdown));
  }, 180_000);

  it('lists --no-wasm-kernels in bnkit experiment --help', async () => {
    const io = captureIO();
    await expect(runCli(['experiment', '--help'], io)).resolves.toBe(0);
    expect(io.out).toMatch(/--no-wasm-kernels +on the wasm backend, train with tfjs-backend-wasm/);
  });
});
