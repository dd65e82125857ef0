// The row bootstrap's resampling recipe, shared by every procedure that resamples rows (the fit
// engine, the log-OLS transfer fit, diagnostics): same seed and replicate, same draws everywhere.
import { Rng } from '../optimize/rng';

/** Replicate b's draw of n rows with replacement, as multiplicities (Rng(seed, b + 1)). */
export function bootstrapWeights(n: number, seed: number, replicate: number): Float64Array {
  const rng = new Rng(seed, replicate + 1);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[rng.int(n)] += 1;
  return w;
}
