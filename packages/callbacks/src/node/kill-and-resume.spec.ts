// Crash test (issue 12): a checkpointed training run is killed with SIGKILL at seeded random
// moments, including mid-save, and restarted each time with the same code. After every kill each
// checkpoint in place is complete; every restart resumes where the backup says; the finished run
// leaves no temporary file and ends with the weights of a run that was never killed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
// The kill moments come from a seed, so a failure can be replayed.
import { mulberry32 as random } from '../../../../tools/testing/seeded-random.cjs';

const EPOCHS = 16;
const packageDir = join(__dirname, '..', '..');
const childScript = join(packageDir, 'out-tsc', 'kill-test', 'kill-run-child.cjs');

beforeAll(async () => {
  mkdirSync(join(packageDir, 'out-tsc', 'kill-test'), { recursive: true });
  // The child runs the TypeScript sources, bundled; tfjs and the PNG renderer resolve from
  // node_modules (the script lives inside the package, so Node finds them).
  await build({
    entryPoints: [join(packageDir, 'test', 'kill-run-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: childScript,
    conditions: ['@bnkit/source'],
    external: ['@tensorflow/*', '@resvg/*'],
    logLevel: 'silent',
  });
}, 60_000);

interface Run {
  start: number;
  epochs: number[];
  done: boolean;
}

/** Runs the child; with `killAfter`, SIGKILLs it `delayMs` after it reports that epoch. */
function runChild(dir: string, killAfter?: { epoch: number; delayMs: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, dir, String(EPOCHS)], {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: Run = { start: -1, epochs: [], done: false };
    let buffered = '';
    let stderr = '';
    let killing = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const [word, value] = line.split(' ');
        if (word === 'start') run.start = Number(value);
        if (word === 'epoch') {
          run.epochs.push(Number(value));
          if (killAfter !== undefined && !killing && Number(value) >= killAfter.epoch) {
            killing = true;
            setTimeout(() => child.kill('SIGKILL'), killAfter.delayMs);
          }
        }
        if (word === 'done') run.done = true;
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL')
        reject(new Error(`child failed (${code}): ${stderr}`));
      else resolve(run);
    });
  });
}

/** Every file under `dir`, relative. */
function filesUnder(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory()
      ? filesUnder(full, `${prefix}${name}/`)
      : [`${prefix}${name}`];
  });
}

/** A checkpoint JSON in place names a weights file holding exactly its weights' bytes. */
function expectCompleteCheckpoints(dir: string): void {
  const folder = join(dir, 'ckpt');
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder).filter((n) => /^m-\d+\.json$/.test(n))) {
    const json = JSON.parse(readFileSync(join(folder, name), 'utf8'));
    const [group] = json.weightsManifest;
    const bytes = group.weights.reduce(
      (sum: number, w: { shape: number[] }) => sum + 4 * w.shape.reduce((a, b) => a * b, 1),
      0,
    );
    expect(statSync(join(folder, group.paths[0])).size).toBe(bytes);
  }
}

function finalWeights(dir: string): Float32Array {
  const bytes = readFileSync(join(dir, 'final', 'model.weights.bin'));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

describe('a checkpointed run killed at random moments', () => {
  it('keeps complete files, resumes where the backup says and ends as an unkilled run', async () => {
    const reference = mkdtempSync(join(tmpdir(), 'bnkit-kill-ref-'));
    expect((await runChild(reference)).done).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), 'bnkit-kill-'));
    const next = random(20261129);
    let expectedStart = 0;
    let kills = 0;
    for (let attempt = 0; attempt < 12; attempt++) {
      // kill 0-2 epochs after the resumed start, 0-15 ms after the epoch's callbacks returned:
      // inside the next epoch's training or in the middle of its saves
      const killAfter =
        kills < 5
          ? {
              epoch: Math.min(EPOCHS - 2, expectedStart + Math.floor(next() * 3)),
              delayMs: Math.floor(next() * 15),
            }
          : undefined;
      const run = await runChild(dir, killAfter);
      // resumed at the epoch after the last complete backup: the last reported epoch + 1, or one
      // more when the kill landed after the next backup was written
      expect([expectedStart, expectedStart + 1]).toContain(run.start);
      expectCompleteCheckpoints(dir);
      if (run.done) break;
      kills += 1;
      const last = run.epochs.at(-1);
      expectedStart = last === undefined ? run.start : last + 1;
    }
    expect(kills).toBe(5);
    // the completed run swept every temporary, and deleted its backup
    expect(filesUnder(dir).filter((f) => f.includes('.bnkit-tmp-'))).toEqual([]);
    expect(filesUnder(join(dir, 'backup'))).toEqual([]);
    expect(filesUnder(join(dir, 'ckpt')).sort()).toEqual(
      Array.from({ length: EPOCHS }, (_, e) => [
        `m-${String(e + 1).padStart(2, '0')}.json`,
        `m-${String(e + 1).padStart(2, '0')}.weights.bin`,
      ]).flat(),
    );
    // no torn CSV line: every row has the header's number of cells
    const rows = readFileSync(join(dir, 'history.csv'), 'utf8').trimEnd().split('\n');
    const cells = rows[0]!.split(',').length;
    expect(rows.every((row) => row.split(',').length === cells)).toBe(true);
    const got = finalWeights(dir);
    const want = finalWeights(reference);
    expect(got.length).toBe(want.length);
    // float32 rounding of the restored optimizer state: agreement to 1e-6 relative
    got.forEach((v, i) =>
      expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want[i]!))),
    );
  }, 120_000);
});
