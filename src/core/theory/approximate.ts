// The cheap analytic spectrum (notes §2, the authors' later package `theory_rhos`): NOT the exact
// spectrum of a drawn W and NOT the deterministic equivalent, but its crude asymptotic shape,
//   lambda_j = j^-2alpha (j = 1..d),   c_j = lambda_j (j^-2beta + c_beta/d · 1[alpha > 1/2, beta > 1/2]),
//   c_beta = Σ_{j≤d} j^-2beta  (the absolutely continuous part spread evenly),   P_res = F_0 (limitLoss).
// O(d) to build and O(d) per time step: an instant preview (`phases curve --method approximate`).
// It ignores the spectral shift and bulk of K (badly off for 2alpha < 1, where c_beta is set to 0)
// and the late-time tail near the spectral edge.
import { limitLoss } from './deterministic';
import type { Spectrum } from './exact';
import { initialLoss, type PlrfParams } from './model';

export function approximateSpectrum(p: PlrfParams): Spectrum {
  const { alpha, beta, d, v } = p;
  const lambda = new Float64Array(d), c = new Float64Array(d);
  let cBeta = 0;
  for (let j = d; j >= 1; j--) cBeta += Math.pow(j, -2 * beta);
  const ac = alpha > 0.5 && beta > 0.5 ? cBeta / d : 0;
  for (let j = 1; j <= d; j++) {
    lambda[j - 1] = Math.pow(j, -2 * alpha);
    c[j - 1] = lambda[j - 1] * (Math.pow(j, -2 * beta) + ac);
  }
  return { lambda, c, pRes: limitLoss(alpha, beta, d, v).F0, p0: initialLoss(alpha, beta, v) };
}
