import fs from 'node:fs';
import path from 'node:path';

/** GitHub's heading anchor: lowercase, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [file] : [];
  });
}

describe('README anchors in messages', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const anchors = new Set(
    readme
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => slug(line.replace(/^#+ /, ''))),
  );

  it('points every README.md#anchor written in src to a heading that exists', () => {
    const used = new Map<string, string[]>();
    for (const file of sourceFiles(__dirname)) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/README\.md#([\w-]+)/g)) {
        const list = used.get(match[1]!) ?? [];
        list.push(path.relative(__dirname, file));
        used.set(match[1]!, list);
      }
    }
    expect(used.size).toBeGreaterThanOrEqual(3);
    // A README mentioned without an anchor ("see the README, section X") cannot be checked.
    const unanchored = sourceFiles(__dirname).flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => /README/.test(line) && !/README\.md#[\w-]+/.test(line))
        .map((line) => `${path.relative(__dirname, file)}: ${line.trim()}`),
    );
    expect(unanchored).toEqual([]);
    const missing = [...used].filter(([anchor]) => !anchors.has(anchor));
    expect(missing).toEqual([]);
  });
});
