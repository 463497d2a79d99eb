/**
 * Writes a line of progress text to the terminal: `process.stdout` in Node, the console in a
 * browser (where there is no `process`). Used by the callbacks' `verbose` output.
 */
export function writeStandardOutput(text: string): void {
  const stdout = (globalThis as { process?: { stdout?: { write?: (text: string) => unknown } } })
    .process?.stdout;
  if (typeof stdout?.write === 'function') stdout.write(text);
  else console.log(text.replace(/\n$/, ''));
}
