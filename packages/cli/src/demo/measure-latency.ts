/** Median milliseconds of one call of `fn`, after warm-up calls; `fn` may be async. */
export async function medianLatencyMs(
  fn: () => unknown,
  { calls = 200, warmup = 20 } = {},
): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}
