import path from 'node:path';
import { BnkitArgumentError, type ArgumentErrorClass } from '../argument-error.js';
import { ensureArgument, isName } from '../own-arguments.js';

/**
 * A relative path read from a file or an option (a weights manifest entry, an external-data
 * name, a template) that would leave the folder it must stay in.
 */
export class PathEscapeError extends BnkitArgumentError {}

/**
 * Resolves `relative` inside `baseDir` and returns the absolute path, or throws when it is
 * absolute, empty, or climbs out of `baseDir` (`../secret.bin`, `a/../../b`). `argument` names
 * where the path came from in the error.
 *
 * @example
 * containedPath('models/a', 'group1-shard1of1.bin', 'weightsManifest[0].paths[0]');
 * containedPath('models/a', '../SECRET.bin', 'weightsManifest[0].paths[0]'); // throws
 */
export function containedPath(
  baseDir: string,
  relative: unknown,
  argument: string,
  errorClass: ArgumentErrorClass = PathEscapeError,
): string {
  ensureArgument(
    'containedPath',
    'baseDir',
    baseDir,
    isName(baseDir),
    'a folder path, a non-empty string',
  );
  ensureArgument(
    'containedPath',
    'argument',
    argument,
    isName(argument),
    'the name of the path in errors, a non-empty string',
  );
  ensureArgument(
    'containedPath',
    'errorClass',
    errorClass,
    typeof errorClass === 'function',
    'an error class',
  );
  const accepted = `a relative path that stays inside ${JSON.stringify(baseDir)}`;
  if (typeof relative !== 'string' || relative.length === 0 || relative.includes('\0')) {
    throw new errorClass(argument, relative, accepted);
  }
  if (path.isAbsolute(relative) || path.win32.isAbsolute(relative)) {
    throw new errorClass(argument, relative, accepted);
  }
  const base = path.resolve(baseDir);
  const resolved = path.resolve(base, relative);
  const inside = path.relative(base, resolved);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
    throw new errorClass(argument, relative, accepted);
  }
  return resolved;
}
