import fs from 'node:fs';
import { ensureArgument, isName } from '../own-arguments.js';
import { temporaryNameFor } from './temporary-files.js';

/**
 * Writes `data` to `file` so that readers see either the old file or the whole new one, never a
 * part: it writes a temporary file beside it, flushes it, and renames it over `file`. On an
 * error the temporary file is removed; after a crash, {@link sweepTemporaryFiles} removes it.
 *
 * @example
 * writeFileAtomic('out/model.onnx', bytes);
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  ensureArgument('writeFileAtomic', 'file', file, isName(file), 'a file path, a non-empty string');
  ensureArgument(
    'writeFileAtomic',
    'data',
    data,
    typeof data === 'string' || data instanceof Uint8Array,
    'a string or a Uint8Array',
  );
  const temporary = temporaryNameFor(file);
  try {
    const fd = fs.openSync(temporary, 'wx');
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

function swapIn(temporary: string, dir: string): void {
  if (fs.existsSync(dir)) {
    const old = temporaryNameFor(dir);
    fs.renameSync(dir, old);
    fs.renameSync(temporary, dir);
    fs.rmSync(old, { recursive: true, force: true });
  } else {
    fs.renameSync(temporary, dir);
  }
}

/**
 * Builds a folder under a temporary name beside `dir` and renames it to `dir` when `build`
 * returns (or, for an async `build`, resolves), replacing an existing `dir` only then: a crash
 * or an error leaves the previous folder whole, and the temporary one is removed (after a kill,
 * {@link sweepTemporaryFiles} removes it). Returns what `build` returns.
 *
 * @example
 * writeFolderAtomic('models/bnkit', (tmp) => writeTritonFiles(tmp));
 * await writeFolderAtomic('bnkit-out', async (tmp) => runDemoInto(tmp));
 */
export function writeFolderAtomic<T>(dir: string, build: (temporaryDir: string) => T): T {
  ensureArgument('writeFolderAtomic', 'dir', dir, isName(dir), 'a folder path, a non-empty string');
  ensureArgument(
    'writeFolderAtomic',
    'build',
    build,
    typeof build === 'function',
    'a function (temporaryDir) => result that writes the folder',
  );
  const temporary = temporaryNameFor(dir);
  fs.mkdirSync(temporary);
  const discard = (error: unknown): never => {
    fs.rmSync(temporary, { recursive: true, force: true });
    throw error;
  };
  let result: T;
  try {
    result = build(temporary);
  } catch (error) {
    return discard(error);
  }
  if (result instanceof Promise) {
    return result.then((value: unknown) => {
      try {
        swapIn(temporary, dir);
      } catch (error) {
        discard(error);
      }
      return value;
    }, discard) as T;
  }
  try {
    swapIn(temporary, dir);
  } catch (error) {
    discard(error);
  }
  return result;
}
