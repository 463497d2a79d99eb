import { CallbackArgumentError } from './errors.js';

// `{key}` or `{key:spec}`, spec as Python's format mini-language subset Keras paths use:
// optional zero fill, width, precision, and one of d, f, e (`{epoch:02d}`, `{val_loss:.4f}`).
const PLACEHOLDER = /\{([A-Za-z_]\w*)(?::(0?)(\d*)(?:\.(\d+))?([dfe]?))?\}/g;

/**
 * Checks a Keras-style path template when the callback is created, so that a typo fails before
 * training instead of writing a file with a literal `{epoch:zz}` in its name: every `{` must
 * open a placeholder `{key}` or `{key:spec}` whose spec is `[0][width][.precision][d|f|e]`.
 * Returns the placeholder keys.
 *
 * @example
 * checkCheckpointTemplate('modelCheckpoint: filepath', 'ckpt/m-{epoch:02d}.json'); // ['epoch']
 * checkCheckpointTemplate('modelCheckpoint: filepath', 'm-{epoch:zz}.json'); // throws
 */
export function checkCheckpointTemplate(argument: string, template: string): string[] {
  const keys: string[] = [];
  const rest = template.replace(PLACEHOLDER, (_m, key: string) => {
    keys.push(key);
    return '';
  });
  const stray = /[{}]/.exec(rest);
  if (stray !== null) {
    throw new CallbackArgumentError(
      argument,
      template,
      'a path whose placeholders are {key} or {key:spec} with spec [0][width][.precision][d|f|e], e.g. "m-{epoch:02d}-{val_loss:.4f}.json"',
    );
  }
  return keys;
}

/**
 * Fills a Keras-style path template: `{epoch}` (1-based, as Keras), `{epoch:02d}`, and any log
 * key, optionally with a precision such as `{val_loss:.4f}`.
 *
 * @example
 * formatCheckpointPath('ckpt/model-{epoch:02d}-{val_loss:.2f}.json', 4, { val_loss: 0.1234 });
 * // 'ckpt/model-05-0.12.json'
 */
export function formatCheckpointPath(
  template: string,
  epoch: number,
  logs: Record<string, number>,
): string {
  checkCheckpointTemplate('formatCheckpointPath: template', template);
  return template.replace(PLACEHOLDER, (_m, key: string, zero, width, precision, type) => {
    const value = key === 'epoch' ? epoch + 1 : logs[key];
    if (typeof value !== 'number') {
      throw new CallbackArgumentError(
        `modelCheckpoint: the key {${key}} in the file path`,
        key,
        `"epoch" or one of the log keys ${JSON.stringify(Object.keys(logs))}`,
      );
    }
    let text =
      type === 'd'
        ? String(Math.round(value))
        : type === 'e'
          ? value.toExponential(precision ? Number(precision) : 6)
          : precision !== undefined || type === 'f'
            ? value.toFixed(precision ? Number(precision) : 6)
            : String(value);
    if (width) text = text.padStart(Number(width), zero ? '0' : ' ');
    return text;
  });
}
