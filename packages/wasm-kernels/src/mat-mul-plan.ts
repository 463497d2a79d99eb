/**
 * How a matrix product with transposed operands is run on wasm.
 *
 * tfjs-backend-wasm 4.22 sends a product to XNNPACK only when neither operand is transposed and
 * otherwise runs a scalar loop 10–40× slower. Transposing first costs one copy of the operand,
 * so it pays at every size but the tiniest, where the extra kernel calls cost more than the
 * product. Two ways to get there, whichever copies fewer elements:
 *
 * - `'operands'`: transpose the transposed operands, then `A·B`;
 * - `'swapped'`: compute `Cᵀ = op(B)ᵀ·op(A)ᵀ`, transposing only the operands that are *not*
 *   transposed, then transpose the result (for example `dy·Wᵀ` with a small batch becomes
 *   `(W·dyᵀ)ᵀ`, two small copies instead of one of the whole weight matrix).
 */
export type MatMulPlan = 'stock' | 'operands' | 'swapped';

/**
 * Below this many multiply-adds (batch · m · k · n) the stock kernel is at least as fast: the
 * extra Transpose calls (about 10 µs each) cost more than the scalar loop saves. Measured on
 * square products (`node bench/thresholds.mjs`, stock vs transpose-first, µs): 12³ 6 vs 9–34,
 * 16³ 9 vs 8–9, 20³ 13 vs 8–10, 32³ 49–71 vs 12–25.
 */
export const STOCK_BELOW_MULTIPLY_ADDS = 4096;

export interface MatMulShape {
  batchA: number;
  batchB: number;
  batch: number;
  m: number;
  k: number;
  n: number;
  transposeA: boolean;
  transposeB: boolean;
}

/** Picks the plan for one product; `allowSwap` is false where a bias or activation follows. */
export function planMatMul(s: MatMulShape, allowSwap = true): MatMulPlan {
  if (!s.transposeA && !s.transposeB) return 'stock';
  if (s.batch * s.m * s.k * s.n < STOCK_BELOW_MULTIPLY_ADDS) return 'stock';
  const operandCopies =
    (s.transposeA ? s.batchA * s.m * s.k : 0) + (s.transposeB ? s.batchB * s.k * s.n : 0);
  if (!allowSwap) return 'operands';
  const swappedCopies =
    (s.transposeB ? 0 : s.batchB * s.k * s.n) +
    (s.transposeA ? 0 : s.batchA * s.m * s.k) +
    s.batch * s.m * s.n;
  return swappedCopies < operandCopies ? 'swapped' : 'operands';
}
