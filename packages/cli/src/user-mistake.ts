import { BnkitArgumentError, OptionalPeerMissingError } from '@bnkit/core';
import { CliUsageError } from './cli-error.js';

// File-system errors that mean "the path you gave cannot be used", not "bnkit broke".
const PATH_ERRORS: Record<string, string> = {
  ENOENT: 'does not exist',
  EEXIST: 'already exists',
  ENOTDIR: 'has a file where a folder is needed',
  EISDIR: 'is a folder where a file is needed',
  EACCES: 'is not accessible (permission denied)',
  EPERM: 'is not permitted here',
  EROFS: 'is on a read-only file system',
  ENOSPC: 'has no space left on its device',
};

function isArgumentError(error: unknown): boolean {
  if (error instanceof BnkitArgumentError) return true;
  // Another installed copy of @bnkit/core has its own class: recognise its shape.
  const candidate = error as { argument?: unknown; accepted?: unknown } | null;
  return typeof candidate?.argument === 'string' && typeof candidate.accepted === 'string';
}

/**
 * The one line to print when `error` is the user's mistake (a usage error, an argument outside
 * what a bnkit function accepts, a missing optional package, a path that cannot be used), or
 * undefined when it is a failure of bnkit itself.
 */
export function userMistakeMessage(error: unknown): string | undefined {
  if (error instanceof CliUsageError) return error.message;
  if (isNodeParseArgsError(error)) return (error as Error).message;
  if (isArgumentError(error)) return (error as Error).message;
  if (
    error instanceof OptionalPeerMissingError ||
    (error as { name?: unknown } | null)?.name === 'OptionalPeerMissingError'
  ) {
    return (error as Error).message;
  }
  const { code, path, syscall } = (error ?? {}) as {
    code?: string;
    path?: string;
    syscall?: string;
  };
  if (code !== undefined && path !== undefined && PATH_ERRORS[code] !== undefined) {
    return `${path} ${PATH_ERRORS[code]} (${code} on ${syscall ?? 'access'})`;
  }
  return undefined;
}

function isNodeParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
