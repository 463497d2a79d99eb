import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The version in this package's package.json (read at run time, so a release never drifts). */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}
