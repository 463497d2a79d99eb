import { STOCK_BELOW_MULTIPLY_ADDS, planMatMul } from './mat-mul-plan.js';
import type { MatMulShape } from './mat-mul-plan.js';

function shape(m: number, k: number, n: number, tA: boolean, tB: boolean, batch = 1): MatMulShape {
  return { batchA: batch, batchB: batch, batch, m, k, n, transposeA: tA, transposeB: tB };
}

describe('planMatMul', () => {
  it('keeps the stock kernel for plain products and tiny ones', () => {
    expect(planMatMul(shape(512, 512, 512, false, false))).toBe('stock');
    expect(planMatMul(shape(8, 8, 8, true, false))).toBe('stock');
    expect(8 * 8 * 8).toBeLessThan(STOCK_BELOW_MULTIPLY_ADDS);
  });

  it('transposes the weight gradient operand (xᵀ·dy: transpose x, the smaller copy)', () => {
    // Dense backward, batch 32, 1024 → 1024: xᵀ·dy with x [32, 1024].
    expect(planMatMul(shape(1024, 32, 1024, true, false))).toBe('operands');
  });

  it('swaps dy·Wᵀ into (W·dyᵀ)ᵀ when the batch is small (two small copies, not W)', () => {
    expect(planMatMul(shape(32, 1024, 1024, false, true))).toBe('swapped');
    // A large batch makes the result the bigger copy: transpose W instead.
    expect(planMatMul(shape(4096, 64, 64, false, true))).toBe('operands');
  });

  it('never swaps when a bias or activation follows', () => {
    expect(planMatMul(shape(32, 1024, 1024, false, true), false)).toBe('operands');
  });
});
