const MAX_ITEMS = 6;
const MAX_LENGTH = 80;

/**
 * A short, readable rendering of a received value for an error message: strings quoted, arrays
 * and typed arrays cut after six items, objects as JSON cut at 80 characters, functions named.
 *
 * @example
 * describeValue('yes'); // '"yes"'
 * describeValue(new Float32Array(100)); // '[0, 0, 0, 0, 0, 0, … (100 items)]'
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (typeof value === 'function') return value.name ? `function ${value.name}` : 'a function';
  if (typeof value === 'symbol') return value.toString();
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as unknown as ArrayLike<unknown>);
    const shown = items.slice(0, MAX_ITEMS).map(describeValue).join(', ');
    return `[${shown}${items.length > MAX_ITEMS ? `, … (${items.length} items)` : ''}]`;
  }
  const className = (value as { constructor?: { name?: string } }).constructor?.name;
  if (className !== undefined && className !== 'Object') return `a ${className}`;
  try {
    const text = JSON.stringify(value);
    return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 3)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
