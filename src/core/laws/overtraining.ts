// Over-training law (Gadre et al. 2024, arXiv 2403.08540, mlfoundations/scaling `powlaw_ours`):
//   L(N, M) = a N^b + c 6^(b/2) (M N)^b + E,   b < 0,  M = D / N (token multiplier),
// which is Chinchilla with alpha = beta: in Chinchilla names, with D = M N,
//   L = E + A / N^alpha + B / D^alpha,   A = a, alpha = -b, B = c 6^(b/2).
// (So Gadre's reducible loss in compute C = 6 N D is (A (C/(6M))^(-alpha/2) + B (C M/6)^(-alpha/2)).)
// The authors fit it by least squares on raw loss (Levenberg-Marquardt) from 128 starts on five
// points: those are the defaults (procedure below); `--starts gadre` names the same starts.
import { L2_LINEAR_SUM } from './procedure';
import { chinchillaSeparable } from './chinchilla';
import type { Inputs, LawSpec } from './types';

/** Gadre's 128 starts mapped to Chinchilla fit space: A = a0, B ≈ c0 (6^(b/2) ≈ 1), alpha = -b0, E = e0. */
export const GADRE_GRID = {
  E: [0.1, 1, 2, 10].map(Math.log),
  A: [1e2, 3e2, 1e3, 3e3].map(Math.log),
  B: [1e2, 3e2, 1e3, 3e3].map(Math.log),
  alpha: [0.1, 0.3],
};

export const overtraining: LawSpec = {
  id: 'overtraining',
  title: 'Over-training law (Chinchilla with alpha = beta, M = D/N)',
  formula: 'E + A / N^alpha + B / D^alpha',
  inputs: ['N', 'D'],
  params: [
    { name: 'E', transform: 'log', fitName: 'e', lower: -10, upper: 10, grid: GADRE_GRID.E },
    { name: 'A', transform: 'log', fitName: 'a', lower: -20, upper: 80, grid: GADRE_GRID.A },
    { name: 'B', transform: 'log', fitName: 'b', lower: -20, upper: 80, grid: GADRE_GRID.B },
    { name: 'alpha', transform: 'identity', lower: 0, upper: 10, grid: GADRE_GRID.alpha },
  ],
  minPoints: 5,
  grids: { gadre: GADRE_GRID },
  procedure: {
    source: 'Gadre et al. 2024 (arXiv 2403.08540), mlfoundations/scaling scaling/laws.py curve_fit_powlaw_ours',
    objective: L2_LINEAR_SUM,
    starts: "Gadre et al.'s 128: a in {1e2, 3e2, 1e3, 3e3}, c in {1e2, 3e2, 1e3, 3e3}, b in {-0.1, -0.3}, E in {0, 1, 2, 10} (E = 0 is taken as 0.1: E is fitted as ln E)",
    notes: ['they run scipy curve_fit (Levenberg-Marquardt) from each start and keep the lowest residual; we minimise the same sum of squares with L-BFGS-B'],
  },
  // Chinchilla's basis with beta = alpha.
  separable: chinchillaSeparable(3, 3),
  predict(p: Float64Array, x: Inputs, out: Float64Array) {
    const N = x.N, D = x.D;
    const E = Math.exp(p[0]), a = p[1], b = p[2], alpha = p[3];
    for (let i = 0; i < out.length; i++) {
      out[i] = E + Math.exp(a - alpha * Math.log(N[i])) + Math.exp(b - alpha * Math.log(D[i]));
    }
  },
  gradient(p: Float64Array, x: Inputs, out: Float64Array) {
    const N = x.N, D = x.D;
    const E = Math.exp(p[0]), a = p[1], b = p[2], alpha = p[3];
    for (let i = 0, o = 0; i < N.length; i++, o += 4) {
      const lnN = Math.log(N[i]), lnD = Math.log(D[i]);
      const tN = Math.exp(a - alpha * lnN), tD = Math.exp(b - alpha * lnD);
      out[o] = E;
      out[o + 1] = tN;
      out[o + 2] = tD;
      out[o + 3] = -lnN * tN - lnD * tD;
    }
  },
};
