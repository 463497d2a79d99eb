import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerCommand, runCli } from './run-cli.js';
import { captureIO } from '../test/capture-io.js';

describe('runCli', () => {
  it('prints the package version for --version', async () => {
    const io = captureIO();
    const version = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version;
    await expect(runCli(['--version'], io)).resolves.toBe(0);
    expect(io.out).toBe(`${version}\n`);
  });

  it('prints usage for --help and exits 0', async () => {
    const io = captureIO();
    await expect(runCli(['--help'], io)).resolves.toBe(0);
    expect(io.out).toContain('Usage: bnkit <command>');
  });

  it('exits 2 with a one-line reason for an unknown option', async () => {
    const io = captureIO();
    await expect(runCli(['--colour'], io)).resolves.toBe(2);
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(io.err).toContain('--colour');
  });

  it('exits 2 and names the available commands for an unknown command', async () => {
    registerCommand('echo-test', {
      summary: 'Echo the arguments',
      help: 'Usage: bnkit echo-test [words...]',
      run: async (args, io) => {
        io.stdout(`${args.join(' ')}\n`);
        return 0;
      },
    });
    const io = captureIO();
    await expect(runCli(['frobnicate'], io)).resolves.toBe(2);
    expect(io.err).toMatch(/unknown command "frobnicate"; available: .*echo-test/);
  });

  it('runs a registered command and shows its help', async () => {
    const io = captureIO();
    await expect(runCli(['echo-test', 'a', 'b'], io)).resolves.toBe(0);
    expect(io.out).toBe('a b\n');
    const helpIO = captureIO();
    await expect(runCli(['echo-test', '--help'], helpIO)).resolves.toBe(0);
    expect(helpIO.out).toBe('Usage: bnkit echo-test [words...]\n');
  });
});
