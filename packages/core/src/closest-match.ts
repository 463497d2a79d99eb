import { ensureArgument } from './own-arguments.js';

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate closest to `name` (case-insensitive edit distance), or undefined when none is
 * within a third of the name's length (at least 2 edits): the "did you mean" of an error.
 *
 * @example
 * closestMatch('patiance', ['patience', 'monitor']); // 'patience'
 */
export function closestMatch(name: string, candidates: Iterable<string>): string | undefined {
  ensureArgument('closestMatch', 'name', name, typeof name === 'string', 'a string');
  ensureArgument(
    'closestMatch',
    'candidates',
    candidates,
    candidates !== null &&
      typeof candidates === 'object' &&
      typeof (candidates as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function',
    'an array (or other iterable) of strings',
  );
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.ceil(name.length / 3)) + 1;
  for (const candidate of candidates) {
    ensureArgument(
      'closestMatch',
      'candidates item',
      candidate,
      typeof candidate === 'string',
      'a string',
    );
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
