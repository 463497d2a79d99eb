import { ensureArgument, ensureKnownKeys, isName } from './own-arguments.js';

/** An optional peer dependency that a feature needs is not installed. */
export class OptionalPeerMissingError extends Error {
  /** The npm package that is missing. */
  readonly packageName: string;

  constructor(packageName: string, neededFor: string, install: string, cause?: unknown) {
    // Duck-typed: an error from another realm (a VM context, jest's sandbox) is no `instanceof Error`.
    const message = (cause as { message?: unknown } | undefined)?.message;
    const reason = typeof message === 'string' ? ` (${message.split('\n')[0]})` : '';
    super(
      `${neededFor} needs the optional peer dependency "${packageName}", which could not be ` +
        `loaded${reason}. Install it with \`${install}\`.`,
    );
    this.name = 'OptionalPeerMissingError';
    this.packageName = packageName;
  }
}

/** What {@link loadOptionalPeer} says when the package is missing. */
export interface OptionalPeer {
  /** The npm package name. */
  packageName: string;
  /** The feature that needs it, e.g. `'createSession (onnxruntime on Node)'`. */
  neededFor: string;
  /** The command that installs it. Default `npm install <packageName>`. */
  install?: string;
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND';
}

/**
 * Loads an optional peer dependency through `load` (write it as `() => import('name')` so
 * bundlers see the name) and turns "not installed" (`MODULE_NOT_FOUND`) into an {@link OptionalPeerMissingError} that
 * says which package to install and how. Other load errors pass through unchanged.
 *
 * @example
 * const ort = await loadOptionalPeer(() => import('onnxruntime-web'), {
 *   packageName: 'onnxruntime-web',
 *   neededFor: 'createWebSession',
 * });
 */
export async function loadOptionalPeer<T>(load: () => Promise<T>, peer: OptionalPeer): Promise<T> {
  const where = 'loadOptionalPeer';
  ensureArgument(
    where,
    'load',
    load,
    typeof load === 'function',
    "a function that imports the package, e.g. () => import('onnxruntime-web')",
  );
  ensureKnownKeys(where, 'peer', peer, ['packageName', 'neededFor', 'install']);
  ensureArgument(
    where,
    'peer.packageName',
    peer.packageName,
    isName(peer.packageName),
    'the npm package name, a non-empty string',
  );
  ensureArgument(
    where,
    'peer.neededFor',
    peer.neededFor,
    isName(peer.neededFor),
    'the feature that needs it, a non-empty string',
  );
  ensureArgument(
    where,
    'peer.install',
    peer.install,
    peer.install === undefined || isName(peer.install),
    'an install command, a non-empty string',
  );
  try {
    return await load();
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new OptionalPeerMissingError(
      peer.packageName,
      peer.neededFor,
      peer.install ?? `npm install ${peer.packageName}`,
      error,
    );
  }
}
