// Greedy sequential design on the ensemble, linearised: a new run x with sensitivity s (∂ ln f/∂θ)
// observed with noise variance σ² updates the covariance by Sherman–Morrison,
//   Σ' = Σ − (Σs)(Σs)ᵀ / (σ² + sᵀΣs),
// so the target's variance gᵀΣg drops by (gᵀΣs)² / (σ² + sᵀΣs). Each step takes the candidate with
// the largest drop, then updates Σ (the next run is chosen knowing the first is coming).
import { quadForm } from './ensemble';

export interface Update {
  /** Σs */
  u: Float64Array;
  /** σ² + sᵀΣs */
  denom: number;
  /** Drop in the target's variance. */
  gain: number;
}

export function updateFor(cov: Float64Array, s: Float64Array, g: Float64Array, noiseVar: number): Update {
  const f = s.length;
  const u = new Float64Array(f);
  for (let a = 0; a < f; a++) {
    let v = 0;
    for (let b = 0; b < f; b++) v += cov[a * f + b] * s[b];
    u[a] = v;
  }
  let q = 0, gu = 0;
  for (let a = 0; a < f; a++) (q += s[a] * u[a]), (gu += g[a] * u[a]);
  const denom = noiseVar + q;
  return { u, denom, gain: (gu * gu) / denom };
}

/** Σ after observing the run (a new matrix). */
export function applyUpdate(cov: Float64Array, up: Update): Float64Array {
  const f = up.u.length;
  const out = Float64Array.from(cov);
  for (let a = 0; a < f; a++) for (let b = 0; b < f; b++) out[a * f + b] -= (up.u[a] * up.u[b]) / up.denom;
  return out;
}

/** The best of n candidates (rows of S, n×f); -1 when none reduces anything. */
export function bestCandidate(cov: Float64Array, S: Float64Array, n: number, g: Float64Array, noiseVar: number): { index: number; update?: Update } {
  const f = g.length;
  let index = -1, best: Update | undefined;
  for (let i = 0; i < n; i++) {
    const up = updateFor(cov, S.subarray(i * f, (i + 1) * f), g, noiseVar);
    if (Number.isFinite(up.gain) && (!best || up.gain > best.gain)) (best = up), (index = i);
  }
  return { index, update: best };
}

/** Target variance after a fixed list of runs (sensitivity rows), observed in order. */
export function varianceAfter(cov: Float64Array, S: Float64Array, n: number, g: Float64Array, noiseVar: number): number {
  const f = g.length;
  let c = cov;
  for (let i = 0; i < n; i++) c = applyUpdate(c, updateFor(c, S.subarray(i * f, (i + 1) * f), g, noiseVar));
  return quadForm(c, g);
}
