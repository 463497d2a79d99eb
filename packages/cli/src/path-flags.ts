import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliUsageError } from './cli-error.js';

function firstExistingAncestor(target: string): string {
  let current = path.dirname(path.resolve(target));
  while (!fs.existsSync(current) && path.dirname(current) !== current) {
    current = path.dirname(current);
  }
  return current;
}

function checkParent(flag: string, raw: string): void {
  const ancestor = firstExistingAncestor(raw);
  if (!fs.statSync(ancestor).isDirectory()) {
    throw new CliUsageError(
      `${flag} ${JSON.stringify(raw)} lies under ${ancestor}, which is a file`,
    );
  }
}

/** `flag` names a file to write: not an existing folder, and not under a file. */
export function checkOutputFileFlag(flag: string, raw: string): void {
  if (fs.existsSync(raw) && fs.statSync(raw).isDirectory()) {
    throw new CliUsageError(`${flag} ${JSON.stringify(raw)} is a folder; name the file to write`);
  }
  checkParent(flag, raw);
}

/** `flag` names a folder to write into: not an existing file, and not under a file. */
export function checkOutputFolderFlag(flag: string, raw: string): void {
  if (fs.existsSync(raw) && !fs.statSync(raw).isDirectory()) {
    throw new CliUsageError(`${flag} ${JSON.stringify(raw)} is a file; name a folder`);
  }
  checkParent(flag, raw);
}

/** `flag` (or the argument) names a file to read that exists. */
export function checkInputFileFlag(flag: string, raw: string): void {
  if (!fs.existsSync(raw)) throw new CliUsageError(`${flag} ${JSON.stringify(raw)} does not exist`);
  if (fs.statSync(raw).isDirectory()) {
    throw new CliUsageError(`${flag} ${JSON.stringify(raw)} is a folder; name the model.json file`);
  }
}
