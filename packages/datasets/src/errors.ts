/**
 * A parameter outside what the function accepts. The message names the parameter, the value
 * received and what would be accepted, as scikit-learn's validation does.
 */
export class DatasetsParameterError extends Error {
  /** The parameter that was wrong, as named in the API (camelCase). */
  readonly parameter: string;

  constructor(parameter: string, received: unknown, accepted: string, detail?: string) {
    super(
      `${parameter}: ${detail ? `${detail}; ` : ''}received ${describe(received)}, expected ${accepted}`,
    );
    this.name = 'DatasetsParameterError';
    this.parameter = parameter;
  }
}

/** A short, readable rendering of a received value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    const shown = items.slice(0, 6).map(describe).join(', ');
    return `[${shown}${items.length > 6 ? `, … (${items.length} items)` : ''}]`;
  }
  if (typeof value === 'object') return Object.prototype.toString.call(value);
  return String(value);
}
