import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliUsageError } from '../cli-error.js';

/** The file a complete demo run writes last into its folder: what ran, when, and its files. */
export const RUN_MARKER = 'bnkit-run.json';

function nearestExisting(dir: string): string {
  let current = dir;
  while (!fs.existsSync(current)) {
    const parent = path.dirname(current);
    if (parent === current) return current;
    current = parent;
  }
  return current;
}

/**
 * Checks `--out` before any work: the demo replaces its output folder as a whole when a run is
 * complete, so the folder must be new, empty, or a previous demo's (it has {@link RUN_MARKER}),
 * must not hold the working directory, and its parent must be a writable folder.
 * Returns the absolute path.
 */
export function checkOutputFolder(flag: string, raw: string): string {
  const out = path.resolve(raw);
  const shown = JSON.stringify(raw);
  const cwd = process.cwd();
  if (cwd === out || cwd.startsWith(out + path.sep)) {
    throw new CliUsageError(
      `${flag} ${shown} holds the working directory; the demo replaces its output folder when a run completes, so name a folder of its own (default ./bnkit-out)`,
    );
  }
  if (fs.existsSync(out)) {
    if (!fs.statSync(out).isDirectory()) {
      throw new CliUsageError(`${flag} ${shown} is a file; name a folder (created if missing)`);
    }
    const entries = fs.readdirSync(out).filter((name) => !name.startsWith('.'));
    if (entries.length > 0 && !entries.includes(RUN_MARKER)) {
      throw new CliUsageError(
        `${flag} ${shown} holds files that are not a bnkit demo's (no ${RUN_MARKER}); the demo replaces its output folder when a run completes, so name a new or empty folder`,
      );
    }
  }
  const existing = nearestExisting(path.dirname(out));
  if (!fs.statSync(existing).isDirectory()) {
    throw new CliUsageError(`${flag} ${shown} lies under ${existing}, which is a file`);
  }
  try {
    fs.accessSync(existing, fs.constants.W_OK);
  } catch {
    throw new CliUsageError(`${flag} ${shown}: ${existing} is not writable`);
  }
  return out;
}

function listFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full, base) : [path.relative(base, full)];
  });
}

/**
 * Writes {@link RUN_MARKER} into the folder of a complete run: `record` plus `files`, every file
 * the run wrote (relative paths, sorted), so a reader can tell a whole run from a mixed one.
 */
export function writeRunMarker(dir: string, record: Record<string, unknown>): void {
  const files = listFiles(dir).sort();
  fs.writeFileSync(
    path.join(dir, RUN_MARKER),
    JSON.stringify({ ...record, files }, null, 2) + '\n',
  );
}
