/** One device a session may run on, in the order `device: 'auto'` tries them. */
export interface DeviceCandidate<D extends string, T> {
  device: D;
  /** How messages name it: `'CUDA'`, `'WebGPU'`, `'the CPU'`. */
  label: string;
  /** Why it cannot work, when that is known without trying (a provider library is missing). */
  precheck?: () => string | undefined;
  /** Opens the session on this device; a rejection means the device cannot be had. */
  open: () => Promise<T>;
}

/** A device that `device: 'auto'` skipped, and why. */
export interface DeviceFallback<D extends string = string> {
  device: D;
  reason: string;
}

/** What {@link openWithFallback} opened, where, and what it skipped on the way. */
export interface FallbackResult<D extends string, T> {
  value: T;
  device: D;
  fallbacks: DeviceFallback<D>[];
}

/** How {@link openWithFallback} behaves. */
export interface FallbackPolicy<D extends string> {
  /** `'auto'`, or the one device that must be had. */
  requested: D | 'auto';
  /** Receives one message per fallback. Default `console.warn`. */
  warn?: (message: string) => void;
  /** The error for an explicitly requested device that cannot be had. */
  unavailable: (device: D, reason: string) => Error;
}

// One function, so that its messages are remembered for the whole process.
const consoleWarn = (message: string): void => console.warn(message);

// Messages already given, per warn function: a program that opens many sessions (or the default
// console.warn, shared by the whole process) hears about each fallback once.
const warned = new WeakMap<(message: string) => void, Set<string>>();

function warnOnce(warn: (message: string) => void, message: string): void {
  let seen = warned.get(warn);
  if (seen === undefined) {
    seen = new Set();
    warned.set(warn, seen);
  }
  if (seen.has(message)) return;
  seen.add(message);
  warn(message);
}

function reasonOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  const text = typeof message === 'string' ? message : String(error);
  return text.trim().split('\n')[0] as string;
}

/**
 * The device policy shared by `@bnkit/onnx/node` and `@bnkit/onnx/web`. An explicit device is
 * opened or refused with `policy.unavailable` (no silent fallback). `'auto'` tries the
 * candidates in order, skipping those whose precheck or open fails with one warning each
 * (`<label> is not available (<reason>); trying <next label>.`), and opens the last candidate
 * (the CPU or wasm) without catching: its errors are the model's, not the device's.
 *
 * @example
 * const { value, device, fallbacks } = await openWithFallback(candidates, {
 *   requested: 'auto', warn: console.warn, unavailable: (d, why) => new Error(`${d}: ${why}`),
 * });
 */
export async function openWithFallback<D extends string, T>(
  candidates: readonly DeviceCandidate<D, T>[],
  policy: FallbackPolicy<D>,
): Promise<FallbackResult<D, T>> {
  const last = candidates[candidates.length - 1];
  if (last === undefined) throw new Error('openWithFallback: no candidate devices');
  if (policy.requested !== 'auto') {
    const candidate = candidates.find((c) => c.device === policy.requested);
    if (candidate === undefined) throw policy.unavailable(policy.requested, 'unknown device');
    if (candidate === last) return { value: await last.open(), device: last.device, fallbacks: [] };
    const known = candidate.precheck?.();
    if (known !== undefined) throw policy.unavailable(candidate.device, known);
    try {
      return { value: await candidate.open(), device: candidate.device, fallbacks: [] };
    } catch (error) {
      throw policy.unavailable(candidate.device, reasonOf(error));
    }
  }
  const fallbacks: DeviceFallback<D>[] = [];
  for (const [index, candidate] of candidates.entries()) {
    if (candidate === last) break;
    let reason = candidate.precheck?.();
    if (reason === undefined) {
      try {
        return { value: await candidate.open(), device: candidate.device, fallbacks };
      } catch (error) {
        reason = reasonOf(error);
      }
    }
    fallbacks.push({ device: candidate.device, reason });
    const next = candidates[index + 1] as DeviceCandidate<D, T>;
    const action = next === last ? `running on ${next.label}` : `trying ${next.label}`;
    warnOnce(
      policy.warn ?? consoleWarn,
      `@bnkit/onnx: ${candidate.label} is not available (${reason}); ${action}.`,
    );
  }
  return { value: await last.open(), device: last.device, fallbacks };
}
