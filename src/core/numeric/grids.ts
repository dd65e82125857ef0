// Evaluation grids shared by figures, sweeps and the theory code.

/** n points from lo to hi (both included), evenly spaced in log; [lo] when n < 2. */
export function logspace(lo: number, hi: number, n: number): number[] {
  if (n < 2) return [lo];
  const a = Math.log(lo), b = Math.log(hi);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = Math.exp(a + ((b - a) * i) / (n - 1));
  out[n - 1] = hi;
  return out;
}
