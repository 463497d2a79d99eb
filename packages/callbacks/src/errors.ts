/** Shows a received value in an error message, short enough to read. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined) {
    return String(value);
  }
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * A callback, plot or report was given an argument it cannot use. The message names the
 * argument, the value received and what is accepted.
 */
export class CallbackArgumentError extends Error {
  constructor(argument: string, received: unknown, accepted: string) {
    super(`${argument} must be ${accepted}; received ${describeValue(received)}`);
    this.name = 'CallbackArgumentError';
  }
}

/** `renderPng` needs `@resvg/resvg-js`, an optional peer dependency, and it is not installed. */
export class PngRendererMissingError extends Error {
  constructor(moduleName: string, cause: unknown) {
    super(
      `PNG output needs the optional peer dependency "${moduleName}", which could not be loaded ` +
        `(${cause instanceof Error ? cause.message.split('\n')[0] : describeValue(cause)}). ` +
        `Install it with \`npm install ${moduleName}\`, or use the SVG text instead.`,
    );
    this.name = 'PngRendererMissingError';
  }
}
