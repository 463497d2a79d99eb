#!/usr/bin/env node
// `npm run bench`: runs every project's `bench` target (each builds first) and prints one table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { formatBenchTable } from './report.mjs';

const rowsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-bench-')), 'rows.jsonl');
fs.writeFileSync(rowsFile, '');
const result = spawnSync(
  'npx',
  [
    'nx',
    'run-many',
    '-t',
    'bench',
    '--parallel=1',
    '--output-style=stream',
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env: { ...process.env, BNKIT_BENCH_ROWS: rowsFile, NX_DAEMON: 'false' } },
);
const rows = fs
  .readFileSync(rowsFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line));
console.log(`\nbnkit benchmarks (${os.cpus().length} cores, Node ${process.version})\n`);
console.log(rows.length ? formatBenchTable(rows) : 'No benchmark recorded a row.');
process.exit(result.status ?? 1);
