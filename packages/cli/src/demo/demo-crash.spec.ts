// Crash test (issue 12): `bnkit demo` is killed with SIGKILL at seeded random moments while it
// overwrites a complete previous run. After every kill the output folder still holds exactly
// the previous run, byte for byte; the next complete run replaces it whole and sweeps the
// killed runs' staging folders.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
// The kill moments come from a seed, so a failure can be replayed.
import { mulberry32 as random } from '../../../../tools/testing/seeded-random.cjs';

const packageDir = path.join(__dirname, '..', '..');
const bin = path.join(packageDir, 'out-tsc', 'crash-test', 'bnkit.cjs');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-demo-crash-'));
const out = path.join(work, 'out');

beforeAll(async () => {
  // The CLI from its TypeScript sources, bundled; tfjs and native modules resolve from
  // node_modules (the bundle lives inside the package, so Node finds them).
  await build({
    entryPoints: [path.join(packageDir, 'src', 'bin.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: bin,
    conditions: ['@bnkit/source'],
    external: ['@tensorflow/*', '@resvg/*', 'onnxruntime-node', 'onnxruntime-web', 'mnist'],
    logLevel: 'silent',
  });
}, 120_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function demoArgs(seed: number): string[] {
  return [bin, 'demo', '--epochs', '3', '--backend', 'cpu', '--device', 'cpu', '--quiet'].concat([
    '--seed',
    String(seed),
    '--out',
    out,
  ]);
}

/** Every visible file under `dir` with its SHA-256. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else
        files[path.relative(dir, full)] = createHash('sha256')
          .update(fs.readFileSync(full))
          .digest('hex');
    }
  };
  walk(dir);
  return files;
}

function runToCompletion(seed: number): number {
  const started = Date.now();
  const result = spawnSync(process.execPath, demoArgs(seed), { encoding: 'utf8', cwd: work });
  // tfjs's cpu backend prints its "install tfjs-node" banner on stderr; nothing else may appear.
  expect(result.stderr.replace(/=+\n[^=]*tfjs-node[^=]*=+\n/, '').trim()).toBe('');
  expect(result.status).toBe(0);
  return Date.now() - started;
}

function killAfter(seed: number, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, demoArgs(seed), { cwd: work, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('bnkit demo killed mid-run', () => {
  it('keeps the previous complete run whole, then replaces it and sweeps the leftovers', async () => {
    const duration = runToCompletion(1);
    const first = snapshot(out);
    const marker = JSON.parse(fs.readFileSync(path.join(out, 'bnkit-run.json'), 'utf8'));
    expect(Object.keys(first).sort()).toEqual([...marker.files, 'bnkit-run.json'].sort());
    expect(marker.files).toEqual(
      expect.arrayContaining(['model.onnx', 'history.csv', 'report.html', 'tfjs-model/model.json']),
    );
    expect(marker.options.seed).toBe(1);

    // A kill lands before the swap (the folder must be exactly the previous run) or, when the
    // run was quicker than the kill, after it (the folder must then be that whole run).
    const next = random(20261129);
    let previous = first;
    let interrupted = 0;
    for (let kill = 0; kill < 4; kill++) {
      await killAfter(2, Math.round(150 + next() * duration * 0.8));
      const now = snapshot(out);
      if (JSON.stringify(now) === JSON.stringify(previous)) {
        interrupted++;
      } else {
        const completed = JSON.parse(fs.readFileSync(path.join(out, 'bnkit-run.json'), 'utf8'));
        expect(completed.options.seed).toBe(2);
        expect(Object.keys(now).sort()).toEqual([...completed.files, 'bnkit-run.json'].sort());
        previous = now;
      }
      const strays = fs.readdirSync(work).filter((name) => name !== 'out');
      expect(strays.every((name) => /^\.out\.bnkit-tmp-\d+-\d+$/.test(name))).toBe(true);
    }
    expect(interrupted).toBeGreaterThanOrEqual(2);

    runToCompletion(3);
    const third = snapshot(out);
    const thirdMarker = JSON.parse(fs.readFileSync(path.join(out, 'bnkit-run.json'), 'utf8'));
    expect(thirdMarker.options.seed).toBe(3);
    expect(Object.keys(third).sort()).toEqual([...thirdMarker.files, 'bnkit-run.json'].sort());
    expect(third['history.csv']).not.toBe(first['history.csv']);
    expect(fs.readdirSync(work)).toEqual(['out']);
  }, 600_000);
});
