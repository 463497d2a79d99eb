/** The first input's ONNX name; every single-input converter starts here. */
export function first(values: string[]): string {
  const value = values[0];
  if (value === undefined) throw new Error('internal error: a layer has no input');
  return value;
}

/** The rank of a tfjs shape (2 when unknown). */
export function rankOf(shape: (number | null)[] | undefined): number {
  return shape ? shape.length : 2;
}
