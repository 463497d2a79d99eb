import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CallbackArgumentError } from '../errors.js';

/** What {@link checkWritableTarget} checks a path for. */
export interface WritableTarget {
  /** `'file'`: the path names a file (its missing parent folders are created when writing). `'directory'`: a folder. */
  kind: 'file' | 'directory';
  /** The file name must end with this, e.g. `.json`. */
  suffix?: string;
}

/**
 * Fails when the callback is created, not after the first epoch, when files cannot be written at
 * `path`: a file path that is an existing directory, a folder path that is an existing file, a
 * path under a file, or a nearest existing folder that is not writable. Missing folders are fine
 * (they are created when writing). For a template (`m-{epoch}.json`) only the part before the
 * first `{` is checked.
 *
 * @example
 * checkWritableTarget('csvLogger: filename', 'logs/run-1.csv', { kind: 'file' });
 */
export function checkWritableTarget(
  argument: string,
  path: unknown,
  { kind, suffix }: WritableTarget,
): string {
  const what = kind === 'file' ? 'a file path' : 'a folder path';
  const accepted = `${what}${suffix ? ` ending in ${suffix}` : ''}`;
  if (typeof path !== 'string' || path === '' || path.includes('\0')) {
    throw new CallbackArgumentError(argument, path, accepted);
  }
  if (suffix !== undefined && !path.endsWith(suffix)) {
    throw new CallbackArgumentError(argument, path, accepted);
  }
  const templated = path.includes('{');
  const fixed = templated ? path.slice(0, path.indexOf('{')) : path;
  if (!templated && existsSync(path)) {
    const isDirectory = statSync(path).isDirectory();
    if (kind === 'file' && isDirectory) {
      throw new CallbackArgumentError(argument, path, `${accepted}, but it is a directory`);
    }
    if (kind === 'directory' && !isDirectory) {
      throw new CallbackArgumentError(argument, path, `${accepted}, but it is a file`);
    }
  }
  let dir =
    kind === 'directory' && !templated
      ? resolve(path)
      : fixed === '' || fixed.endsWith('/')
        ? resolve(fixed || '.')
        : dirname(resolve(fixed));
  while (!existsSync(dir)) dir = dirname(dir);
  if (!statSync(dir).isDirectory()) {
    throw new CallbackArgumentError(
      argument,
      path,
      `${accepted} under a folder, but ${dir} is a file`,
    );
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new CallbackArgumentError(
      argument,
      path,
      `${accepted} in a writable location, but ${dir} is not writable`,
    );
  }
  return path;
}
