// One-dimensional minimisation for the planning solvers (inference-aware and data-constrained
// allocations): a uniform scan brackets the global minimum of a possibly kinked function, golden
// section refines it. Deterministic; no derivatives.

/** The x in [lo, hi] minimising f: `scan` evaluations on a uniform grid, then golden section to `tol`. */
export function minimizeScalar(f: (x: number) => number, lo: number, hi: number, opts: { scan?: number; tol?: number } = {}): { x: number; fx: number } {
  const M = opts.scan ?? 400;
  const tol = opts.tol ?? 1e-12;
  let bestI = 0, bestV = Infinity;
  for (let i = 0; i <= M; i++) {
    const v = f(lo + ((hi - lo) * i) / M);
    if (v < bestV) {
      bestV = v;
      bestI = i;
    }
  }
  if (!Number.isFinite(bestV)) throw new RangeError('the function is not finite anywhere on the search interval');
  let a = lo + ((hi - lo) * Math.max(0, bestI - 1)) / M, b = lo + ((hi - lo) * Math.min(M, bestI + 1)) / M;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a), d = a + g * (b - a), fc = f(c), fd = f(d);
  for (let i = 0; i < 300 && b - a > tol; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  const x = (a + b) / 2;
  const fx = f(x);
  // The scan point can beat the refined one when the minimum sits on a kink at the interval's edge.
  return fx <= bestV ? { x, fx } : { x: lo + ((hi - lo) * bestI) / M, fx: bestV };
}
