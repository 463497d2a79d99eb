import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { registerBuiltinCommands } from './commands/register-commands.js';
import { runCli } from './run-cli.js';
import { captureIO } from '../test/capture-io.js';

// Every user mistake exits 2 with one line on stderr, no stack and nothing on stdout, before any
// training or export work starts.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-usage-'));
const file = path.join(dir, 'README.md');
const foreign = path.join(dir, 'photos');
const modelDir = path.join(dir, 'model');
const badJson = path.join(modelDir, 'bad.json');
const escaping = path.join(modelDir, 'escaping.json');

beforeAll(() => {
  registerBuiltinCommands();
  fs.writeFileSync(file, '# not a folder\n');
  fs.mkdirSync(foreign);
  fs.writeFileSync(path.join(foreign, 'holiday.jpg'), 'x');
  fs.mkdirSync(modelDir);
  fs.writeFileSync(badJson, '{ not json');
  fs.writeFileSync(path.join(dir, 'SECRET.bin'), 'secret');
  fs.writeFileSync(
    escaping,
    JSON.stringify({
      modelTopology: { class_name: 'Sequential', config: { layers: [] } },
      weightsManifest: [{ paths: ['../SECRET.bin'], weights: [] }],
    }),
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cases: Array<[string, string[], RegExp]> = [
  ['an unknown flag', ['demo', '--epoch', '3'], /--epoch/],
  ['a wrong number', ['demo', '--epochs', 'ten'], /--epochs must be an integer/],
  ['a wrong choice', ['demo', '--device', 'tpu'], /--device must be one of/],
  ['--out naming a file', ['demo', '--out', file], /is a file; name a folder/],
  ['--out under a file', ['demo', '--out', path.join(file, 'out')], /which is a file/],
  ['--out holding other files', ['demo', '--out', foreign], /not a bnkit demo's/],
  ['--out holding the working directory', ['demo', '--out', '.'], /holds the working directory/],
  ['a missing model.json', ['export', path.join(dir, 'missing.json')], /does not exist/],
  ['a folder as model.json', ['export', modelDir], /is a folder; name the model.json/],
  ['a model.json that is not JSON', ['export', badJson], /a JSON file/],
  ['a weights path escaping its folder', ['export', escaping], /stays inside/],
  ['-o naming a folder', ['export', badJson, '-o', dir], /--output .* is a folder/],
  ['--triton naming a file', ['export', badJson, '--triton', file], /--triton .* is a file/],
  [
    '--triton-instance without --triton',
    ['export', badJson, '--triton-instance', 'cpu'],
    /need --triton/,
  ],
  ['an unknown experiment', ['experiment', 'astrology'], /astrology/],
  ['an unknown command', ['deploy'], /unknown command "deploy"/],
];

describe('bnkit usage errors', () => {
  it.each(cases)(
    '%s: exit 2, one line on stderr, nothing on stdout',
    async (_name, argv, message) => {
      const io = captureIO();
      await expect(runCli(argv, io)).resolves.toBe(2);
      expect(io.out).toBe('');
      const lines = io.err.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^bnkit: /);
      expect(lines[0]).toMatch(message);
      expect(io.err).not.toMatch(/\n\s+at /);
    },
  );

  it('--debug adds the stack to a usage error', async () => {
    const io = captureIO();
    await expect(runCli(['export', badJson, '--debug'], io)).resolves.toBe(2);
    expect(io.err).toMatch(/\n\s+at /);
  });

  it('leaves a previous folder and writes nothing when --out is refused', () => {
    expect(fs.readdirSync(foreign)).toEqual(['holiday.jpg']);
    expect(fs.readdirSync(dir).filter((name) => name.includes('bnkit-tmp'))).toEqual([]);
  });
});
