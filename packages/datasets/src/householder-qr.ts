/**
 * The orthonormal factor Q of `a = QR` (`m × n` row-major, `m ≥ n`), computed as LAPACK's
 * unblocked Householder path does (dgeqr2 with dlarfg's sign convention, then dorg2r), which is
 * what `scipy.linalg.qr(mode='economic')` runs for n ≤ 128. Same reflectors and signs; sums are
 * taken in index order, so values agree with LAPACK to rounding (about 1e-15), not bit for bit.
 */
export function householderQ(a: Float64Array, m: number, n: number): Float64Array {
  const A = Float64Array.from(a);
  const tau = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    tau[i] = reflector(A, m, n, i);
    if (i < n - 1) applyReflector(A, m, n, i, tau[i]!, w);
  }
  for (let i = n - 1; i >= 0; i--) {
    const t = tau[i]!;
    if (i < n - 1) {
      A[i * n + i] = 1;
      applyReflector(A, m, n, i, t, w);
    }
    for (let r = i + 1; r < m; r++) A[r * n + i] = -t * A[r * n + i]!;
    A[i * n + i] = 1 - t;
    for (let r = 0; r < i; r++) A[r * n + i] = 0;
  }
  return A;
}

/** sqrt(x² + y²) without overflow, as LAPACK's dlapy2. */
function lapy2(x: number, y: number): number {
  const big = Math.max(Math.abs(x), Math.abs(y));
  const small = Math.min(Math.abs(x), Math.abs(y));
  return small === 0 ? big : big * Math.sqrt(1 + (small / big) ** 2);
}

/** dlarfg on column i below the diagonal: stores v (v₀ = 1 implied) and beta; returns tau. */
function reflector(A: Float64Array, m: number, n: number, i: number): number {
  const alpha = A[i * n + i]!;
  let scale = 0;
  for (let r = i + 1; r < m; r++) scale = Math.max(scale, Math.abs(A[r * n + i]!));
  if (scale === 0) return 0;
  let sum = 0;
  for (let r = i + 1; r < m; r++) sum += (A[r * n + i]! / scale) ** 2;
  const xnorm = scale * Math.sqrt(sum);
  // Fortran SIGN(h, alpha): +h for alpha ≥ 0 (and +0)
  const beta = alpha >= 0 || Object.is(alpha, 0) ? -lapy2(alpha, xnorm) : lapy2(alpha, xnorm);
  const factor = 1 / (alpha - beta);
  for (let r = i + 1; r < m; r++) A[r * n + i] = factor * A[r * n + i]!;
  A[i * n + i] = beta;
  return (beta - alpha) / beta;
}

/** dlarf from the left on columns i+1..n-1, rows i..m-1: C -= tau · v · (Cᵀv)ᵀ, v = A[i:, i]. */
function applyReflector(
  A: Float64Array,
  m: number,
  n: number,
  i: number,
  tau: number,
  w: Float64Array,
): void {
  if (tau === 0) return;
  const diagonal = A[i * n + i]!;
  A[i * n + i] = 1;
  for (let j = i + 1; j < n; j++) {
    let s = 0;
    for (let r = i; r < m; r++) s += A[r * n + j]! * A[r * n + i]!;
    w[j] = s;
  }
  for (let j = i + 1; j < n; j++) {
    const temp = -tau * w[j]!;
    for (let r = i; r < m; r++) A[r * n + j] = A[r * n + j]! + A[r * n + i]! * temp;
  }
  A[i * n + i] = diagonal;
}
