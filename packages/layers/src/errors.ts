/**
 * A layer argument is outside what the layer accepts. The message names the argument, the value
 * received and what would be accepted.
 */
export class LayerArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LayerArgumentError';
  }
}

/**
 * A tensor given to a layer (or a model given to a utility) cannot be processed: wrong rank, a
 * batch that does not split into ghost batches, a batch with one value per channel in training.
 */
export class LayerInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LayerInputError';
  }
}

/** Formats a received value for an error message. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) {
    return String(value);
  }
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Returns `value ?? 1e-3` (Keras's default) after checking it is a finite number ≥ 0. */
export function checkEpsilon(value: unknown): number {
  const epsilon = value ?? 1e-3;
  if (typeof epsilon !== 'number' || !(epsilon >= 0) || !Number.isFinite(epsilon)) {
    throw new LayerArgumentError(
      `epsilon must be a finite number ≥ 0; received ${describeValue(value)}.`,
    );
  }
  return epsilon;
}
