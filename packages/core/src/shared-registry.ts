import { ensureArgument, isName } from './own-arguments.js';

/** Two installed copies of a package disagree on the shape of a registry's entries. */
export class RegistryVersionError extends Error {
  constructor(name: string, found: number, expected: number) {
    super(
      `The bnkit registry "${name}" was created by another installed copy with entry format ` +
        `${found}; this copy uses format ${expected}, so they cannot share it. Install versions ` +
        `of the bnkit packages that agree (see \`npm ls\` for the copies; \`npm dedupe\` may merge them).`,
    );
    this.name = 'RegistryVersionError';
  }
}

interface RegistryBox<V> {
  readonly format: number;
  readonly entries: Map<string, V>;
}

/**
 * The registry `name`, one per JavaScript realm: it lives on `globalThis` under
 * `Symbol.for('@bnkit/registry:' + name)`, so every installed copy of a package (an app on one
 * version, a plugin built against another; the ESM and the CommonJS build) reads and writes the
 * same entries. `format` is the version of the entries' shape: a copy that expects another
 * format throws {@link RegistryVersionError} instead of reading entries it does not understand.
 *
 * @example
 * const converters = sharedRegistry<LayerConverter>('onnx.layer-converters', 1);
 * converters.set('MyLayer', myConverter);
 */
export function sharedRegistry<V>(name: string, format: number): Map<string, V> {
  ensureArgument(
    'sharedRegistry',
    'name',
    name,
    isName(name),
    'a non-empty string, e.g. "onnx.layer-converters"',
  );
  ensureArgument(
    'sharedRegistry',
    'format',
    format,
    Number.isSafeInteger(format) && format >= 1,
    "an integer >= 1 (the version of the entries' shape)",
  );
  const key = Symbol.for(`@bnkit/registry:${name}`);
  const holder = globalThis as unknown as Record<symbol, RegistryBox<V> | undefined>;
  let box = holder[key];
  if (box === undefined) {
    box = { format, entries: new Map<string, V>() };
    Object.defineProperty(globalThis, key, { value: box, enumerable: false, configurable: true });
  } else if (box.format !== format) {
    throw new RegistryVersionError(name, box.format, format);
  }
  return box.entries;
}
