import fs from 'node:fs';
import path from 'node:path';
import { ensureArgument, isName } from '../own-arguments.js';

// `.model.onnx.bnkit-tmp-1234-5`: hidden, names the file it becomes and the writing process, so a
// later run can tell a dead writer's leftover from a live writer's file.
const MARK = '.bnkit-tmp-';
const PATTERN = /^\.(.+)\.bnkit-tmp-(\d+)-\d+$/;
let counter = 0;

/** A fresh temporary name beside `file`, which {@link sweepTemporaryFiles} recognises. */
export function temporaryNameFor(file: string): string {
  ensureArgument('temporaryNameFor', 'file', file, isName(file), 'a path, a non-empty string');
  counter += 1;
  return path.join(path.dirname(file), `.${path.basename(file)}${MARK}${process.pid}-${counter}`);
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files (and folders) that writers killed before their rename left in
 * `dir`; a live process's temporaries are kept. Returns the paths removed.
 *
 * @example
 * sweepTemporaryFiles('bnkit-out'); // ['bnkit-out/.model.onnx.bnkit-tmp-4242-1']
 */
export function sweepTemporaryFiles(dir: string): string[] {
  ensureArgument(
    'sweepTemporaryFiles',
    'dir',
    dir,
    isName(dir),
    'a folder path, a non-empty string',
  );
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = PATTERN.exec(name);
    if (match === null || isAlive(Number(match[2]))) continue;
    const full = path.join(dir, name);
    fs.rmSync(full, { recursive: true, force: true });
    removed.push(full);
  }
  return removed;
}
