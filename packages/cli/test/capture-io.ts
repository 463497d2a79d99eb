import type { CliIO } from '../src/run-cli.js';

/** A CliIO that keeps what the command printed, for assertions. */
export function captureIO(): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
  };
  return io;
}
