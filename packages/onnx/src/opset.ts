/** Lowest opset the exporter writes. */
export const MIN_OPSET = 13;
/** Highest opset the exporter writes. */
export const MAX_OPSET = 21;
/** Default opset: conservative enough for Triton's bundled onnxruntime. */
export const DEFAULT_OPSET = 17;

/** The IR version released with an opset (ONNX versioning table). */
export function irVersionForOpset(opset: number): number {
  if (opset <= 14) return 7;
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  return 10;
}
