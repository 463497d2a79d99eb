import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cudaProviderStatus } from '@bnkit/onnx/node';
import { runCli } from '../run-cli.js';
import { registerBuiltinCommands } from '../commands/register-commands.js';
import { captureIO } from '../../test/capture-io.js';

// WebGPU runs on SwiftShader when jest.config.cjs found it (Debian's chromium package); CI must.
const icd = process.env.VK_ICD_FILENAMES;
const webgpu = process.env.CI !== undefined || (icd !== undefined && fs.existsSync(icd));

describe('bnkit demo --device and bnkit export --triton-instance', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-device-'));
    dirs.push(dir);
    return dir;
  };
  beforeAll(() => registerBuiltinCommands());
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  const demo = async (device: string, out: string) => {
    const io = captureIO();
    const started = Date.now();
    const status = await runCli(
      ['demo', '--epochs', '1', '--backend', 'cpu', '--device', device, '--quiet', '--out', out],
      io,
    );
    return { status, ms: Date.now() - started, ...io };
  };

  (webgpu ? it : it.skip)(
    'runs the demo with --device webgpu and writes a KIND_AUTO Triton repository',
    async () => {
      const out = tempDir();
      const run = await demo('webgpu', out);
      expect(run.err).toBe('');
      expect(run.status).toBe(0);
      expect(run.out).toContain('onnxruntime device: webgpu\n');
      expect(run.out).toMatch(/one request \(batch 1\)\s+onnxruntime webgpu \d+ µs/);
      const error = Number(/ONNX vs tfjs max abs error\s+(\S+)/.exec(run.out)?.[1]);
      expect(error).toBeLessThanOrEqual(1e-5);
      const config = fs.readFileSync(
        path.join(out, 'triton', 'bnkit_reference', 'config.pbtxt'),
        'utf8',
      );
      expect(config).toContain('kind: KIND_AUTO');
    },
    120_000,
  );

  (cudaProviderStatus().available ? it.skip : it)(
    'stops before training when an explicit --device cannot be had',
    async () => {
      const out = tempDir();
      const run = await demo('cuda', out);
      expect(run.status).toBe(2);
      expect(run.err).toMatch(
        /^bnkit: --device cuda: the CUDA execution provider of onnxruntime-node is not available \(.*\)\. .*ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node/,
      );
      expect(run.out).not.toMatch(/Epoch/);
      expect(fs.existsSync(path.join(out, 'history.csv'))).toBe(false);
    },
    60_000,
  );

  describe('export', () => {
    let modelJson: string;
    beforeAll(async () => {
      const out = tempDir();
      const run = await demo('cpu', out);
      expect(run.status).toBe(0);
      // The demo passes the device it got: a CPU run serves on a CPU Triton.
      expect(
        fs.readFileSync(path.join(out, 'triton', 'bnkit_reference', 'config.pbtxt'), 'utf8'),
      ).toContain('kind: KIND_CPU');
      modelJson = path.join(out, 'tfjs-model', 'model.json');
    }, 120_000);

    it('writes KIND_AUTO and max_batch_size 64 by default', async () => {
      const repo = tempDir();
      const io = captureIO();
      const status = await runCli(
        [
          'export',
          modelJson,
          '-o',
          path.join(repo, 'm.onnx'),
          '--triton',
          repo,
          '--backend',
          'cpu',
        ],
        io,
      );
      expect(io.err).toBe('');
      expect(status).toBe(0);
      const config = fs.readFileSync(path.join(repo, 'tfjs-model', 'config.pbtxt'), 'utf8');
      expect(config).toContain('max_batch_size: 64');
      expect(config).toContain('kind: KIND_AUTO');
      expect(io.out).toContain('(KIND_AUTO, max_batch_size 64)');
    }, 60_000);

    it('takes --triton-instance and --max-batch-size', async () => {
      const repo = tempDir();
      const io = captureIO();
      const status = await runCli(
        [
          'export',
          modelJson,
          '-o',
          path.join(repo, 'm.onnx'),
          '--triton',
          repo,
          '--triton-name',
          'ref',
          '--triton-instance',
          'cpu',
          '--max-batch-size',
          '8',
          '--backend',
          'cpu',
        ],
        io,
      );
      expect(io.err).toBe('');
      expect(status).toBe(0);
      const config = fs.readFileSync(path.join(repo, 'ref', 'config.pbtxt'), 'utf8');
      expect(config).toContain('max_batch_size: 8');
      expect(config).toContain('kind: KIND_CPU');
      expect(config).toContain('dims: [ 20 ]');
    }, 60_000);

    it('refuses bad Triton flags with exit status 2', async () => {
      for (const [args, message] of [
        [
          ['--triton', 'x', '--triton-instance', 'tpu'],
          /--triton-instance must be one of auto, cpu, gpu, got "tpu"/,
        ],
        [
          ['--triton', 'x', '--max-batch-size', 'many'],
          /--max-batch-size must be an integer from 0 to/,
        ],
        [
          ['--triton-instance', 'cpu'],
          /--triton-instance and --max-batch-size need --triton <dir>/,
        ],
      ] as const) {
        const io = captureIO();
        await expect(runCli(['export', modelJson, ...args], io)).resolves.toBe(2);
        expect(io.err).toMatch(message);
      }
    });
  });
});
