import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { containedPath, PathEscapeError } from './contained-path.js';
import { sweepTemporaryFiles, temporaryNameFor } from './temporary-files.js';
import { writeFileAtomic, writeFolderAtomic } from './write-file-atomic.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-core-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('containedPath', () => {
  it('resolves a path inside the folder', () => {
    expect(containedPath(dir, 'a/b.bin', 'paths[0]')).toBe(path.join(dir, 'a', 'b.bin'));
    expect(containedPath(dir, 'a/../b.bin', 'paths[0]')).toBe(path.join(dir, 'b.bin'));
  });

  it.each(['../SECRET.bin', 'a/../../b', '/etc/passwd', 'C:\\x', '', '.', 'a\0b', 42])(
    'refuses %p, naming where it came from',
    (relative) => {
      expect(() => containedPath(dir, relative, 'weightsManifest[0].paths[0]')).toThrow(
        PathEscapeError,
      );
      expect(() => containedPath(dir, relative, 'weightsManifest[0].paths[0]')).toThrow(
        /^weightsManifest\[0\]\.paths\[0\] must be a relative path that stays inside/,
      );
    },
  );
});

describe('writeFileAtomic', () => {
  it('writes the whole file and leaves no temporary', () => {
    const file = path.join(dir, 'model.onnx');
    fs.writeFileSync(file, 'old');
    writeFileAtomic(file, new Uint8Array([1, 2, 3]));
    expect([...fs.readFileSync(file)]).toEqual([1, 2, 3]);
    expect(fs.readdirSync(dir)).toEqual(['model.onnx']);
  });

  it('removes its temporary when the rename fails and keeps the old target', () => {
    const target = path.join(dir, 'folder');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'keep'), 'x');
    expect(() => writeFileAtomic(target, 'data')).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['folder']);
  });
});

describe('writeFolderAtomic', () => {
  it('replaces a folder only when the new one is complete', () => {
    const target = path.join(dir, 'repo');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'old'), 'x');
    expect(() =>
      writeFolderAtomic(target, (tmp) => {
        fs.writeFileSync(path.join(tmp, 'half'), 'x');
        throw new Error('killed');
      }),
    ).toThrow('killed');
    expect(fs.readdirSync(target)).toEqual(['old']);
    expect(fs.readdirSync(dir)).toEqual(['repo']);
    writeFolderAtomic(target, (tmp) => fs.writeFileSync(path.join(tmp, 'new'), 'y'));
    expect(fs.readdirSync(target)).toEqual(['new']);
    expect(fs.readdirSync(dir)).toEqual(['repo']);
  });
});

describe('sweepTemporaryFiles', () => {
  it("removes a dead writer's temporaries and keeps a live one's", () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const deadPid = Number(dead.stdout);
    const stale = path.join(dir, `.model.onnx.bnkit-tmp-${deadPid}-1`);
    fs.writeFileSync(stale, 'partial');
    fs.mkdirSync(path.join(dir, `.repo.bnkit-tmp-${deadPid}-2`));
    const live = temporaryNameFor(path.join(dir, 'x.csv'));
    fs.writeFileSync(live, 'writing');
    fs.writeFileSync(path.join(dir, 'model.onnx'), 'complete');
    expect(sweepTemporaryFiles(dir).sort()).toEqual(
      [stale, path.join(dir, `.repo.bnkit-tmp-${deadPid}-2`)].sort(),
    );
    expect(fs.readdirSync(dir).sort()).toEqual([path.basename(live), 'model.onnx'].sort());
  });

  it('is quiet about a folder that does not exist', () => {
    expect(sweepTemporaryFiles(path.join(dir, 'missing'))).toEqual([]);
  });
});

describe('writeFolderAtomic with an async build', () => {
  it('swaps the folder in when the build resolves and keeps the old one when it rejects', async () => {
    const target = path.join(dir, 'out');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'previous-run'), 'x');
    await expect(
      writeFolderAtomic(target, async (tmp) => {
        fs.writeFileSync(path.join(tmp, 'half'), 'x');
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new Error('training failed');
      }),
    ).rejects.toThrow('training failed');
    expect(fs.readdirSync(target)).toEqual(['previous-run']);
    expect(fs.readdirSync(dir)).toEqual(['out']);
    const files = await writeFolderAtomic(target, async (tmp) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      fs.writeFileSync(path.join(tmp, 'model.onnx'), 'y');
      return ['model.onnx'];
    });
    expect(files).toEqual(['model.onnx']);
    expect(fs.readdirSync(target)).toEqual(['model.onnx']);
    expect(fs.readdirSync(dir)).toEqual(['out']);
  });
});
