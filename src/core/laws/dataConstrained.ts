// Data-constrained law with repeated epochs (Muennighoff et al. 2023, arXiv 2305.16264,
// huggingface/datablations utils/parametric_fit.ipynb):
//   L = E + A / N'^alpha + B / D'^beta
//   D' = U_D + U_D R_D* (1 - exp(-R_D / R_D*)),  R_D = max(D / U_D - 1, 0)  (repeated epochs)
//   N' = U_N + U_N R_N* (1 - exp(-R_N / R_N*)),  R_N = max(N / U_N - 1, 0)  (excess parameters)
//   U_N = min(N, N_opt(U_D)): the compute-optimal size for the unique data under the law's own
//   Chinchilla part, N_opt(U_D) = G (G U_D)^(beta/alpha), G = (alpha A / (beta B))^(1/(alpha+beta)).
// Inputs: N (parameters), D (total tokens seen) and U (unique tokens, e.g. tokens per epoch;
// `--derive U=tokens_per_epoch`). The authors fix E, A, B, alpha, beta from a Chinchilla fit
// (`--fix`) and fit R_D*, R_N* with Huber(1e-3) on log loss (their C4 fit: R_D* = 15.39,
// R_N* = 5.31 with a, b, e = 6.255, 7.305, 0.625 and alpha = beta = 0.3527). In the
// gradient, U_N is differentiated through A, B, alpha, beta where N > N_opt(U_D).
import { HUBER_LOG_SUM } from './procedure';
import type { Inputs, LawSpec } from './types';

/** Reported parameters of the law (E, A, B, alpha, beta, RD_star, RN_star). */
export interface DataConstrainedParams {
  E: number;
  A: number;
  B: number;
  alpha: number;
  beta: number;
  RD_star: number;
  RN_star: number;
}

/** The law at one point, fit-space parameters (E, A, B as logs). */
function dataConstrainedLossFit(p: ArrayLike<number>, N: number, D: number, U: number): number {
  const E = Math.exp(p[0]), a = p[1], b = p[2], alpha = p[3], beta = p[4], rdS = p[5], rnS = p[6];
  const c0 = (Math.log(alpha) - Math.log(beta) + a - b) / alpha;
  const uN = Math.min(N, Math.exp(c0 + (beta / alpha) * Math.log(U)));
  const rN = Math.max(N / uN - 1, 0), rD = Math.max(D / U - 1, 0);
  const nEff = uN + uN * rnS * (1 - Math.exp(-rN / rnS));
  const dEff = U + U * rdS * (1 - Math.exp(-rD / rdS));
  return E + Math.exp(a - alpha * Math.log(nEff)) + Math.exp(b - beta * Math.log(dEff));
}

/** L(N, D, U) with reported parameters: N parameters, D tokens seen, U unique tokens. */
export function dataConstrainedLoss(q: DataConstrainedParams, N: number, D: number, U: number): number {
  return dataConstrainedLossFit([Math.log(q.E), Math.log(q.A), Math.log(q.B), q.alpha, q.beta, q.RD_star, q.RN_star], N, D, U);
}

export const dataConstrained: LawSpec = {
  id: 'data-constrained',
  title: 'Data-constrained law (repeated epochs)',
  formula: 'E + A / (UN + UN * RN_star * (1 - exp(-RN / RN_star)))^alpha + B / (U + U * RD_star * (1 - exp(-RD / RD_star)))^beta',
  inputs: ['N', 'D', 'U'],
  params: [
    { name: 'E', transform: 'log', fitName: 'e', lower: -10, upper: 10, grid: [0, 0.5] },
    { name: 'A', transform: 'log', fitName: 'a', lower: -20, upper: 80, grid: [5, 10] },
    { name: 'B', transform: 'log', fitName: 'b', lower: -20, upper: 80, grid: [5, 10] },
    { name: 'alpha', transform: 'identity', lower: 1e-3, upper: 10, grid: [0.3, 0.5] },
    { name: 'beta', transform: 'identity', lower: 1e-3, upper: 10, grid: [0.3, 0.5] },
    // The authors start R_D*, R_N* from linspace(0, 20, 4); 0 divides by zero and is left out.
    { name: 'RD_star', transform: 'identity', lower: 1e-3, upper: 1e4, grid: [20 / 3, 40 / 3, 20] },
    { name: 'RN_star', transform: 'identity', lower: 1e-3, upper: 1e4, grid: [20 / 3, 40 / 3, 20] },
  ],
  procedure: {
    source: 'Muennighoff et al. 2023 (arXiv 2305.16264), huggingface/datablations utils/parametric_fit.ipynb',
    objective: HUBER_LOG_SUM,
    starts: 'R_D*, R_N* in {20/3, 40/3, 20} (their linspace(0, 20, 4) without 0); E, A, B, alpha, beta fixed from a Chinchilla fit (--fix)',
    notes: [
      'the authors fix E, A, B, alpha, beta from their Chinchilla fit (C4: a, b, e = 6.255414, 7.3049974, 0.6254804, alpha = beta = 0.3526596) and fit R_D*, R_N* only: pass --fix',
      'they run torch L-BFGS (strong Wolfe) for 50 x 20 iterations; we run L-BFGS-B to convergence',
    ],
  },
  predict(p: Float64Array, x: Inputs, out: Float64Array) {
    const N = x.N, D = x.D, U = x.U;
    for (let i = 0; i < out.length; i++) out[i] = dataConstrainedLossFit(p, N[i], D[i], U[i]);
  },
  gradient(p: Float64Array, x: Inputs, out: Float64Array) {
    const N = x.N, D = x.D, U = x.U;
    const E = Math.exp(p[0]), a = p[1], b = p[2], alpha = p[3], beta = p[4], rdS = p[5], rnS = p[6];
    const c0 = (Math.log(alpha) - Math.log(beta) + a - b) / alpha;
    for (let i = 0, o = 0; i < N.length; i++, o += 7) {
      const lnU = Math.log(U[i]);
      // log N_opt(U) = S / alpha, S = ln alpha - ln beta + a - b + beta ln U.
      const lnNopt = c0 + (beta / alpha) * lnU;
      const nopt = Math.exp(lnNopt);
      const capped = nopt < N[i];
      const uN = capped ? nopt : N[i];
      const rN = Math.max(N[i] / uN - 1, 0), rD = Math.max(D[i] / U[i] - 1, 0);
      const eN = Math.exp(-rN / rnS), eD = Math.exp(-rD / rdS);
      const nEff = uN + uN * rnS * (1 - eN);
      const dEff = U[i] + U[i] * rdS * (1 - eD);
      const lnN = Math.log(nEff), lnD = Math.log(dEff);
      const tN = Math.exp(a - alpha * lnN), tD = Math.exp(b - beta * lnD);
      // d nEff / d uN (N fixed) and d lnUN / d(a, b, alpha, beta) when U_N = N_opt(U).
      let dLnUN_a = 0, dLnUN_b = 0, dLnUN_alpha = 0, dLnUN_beta = 0, dNeff_dUN = 0;
      if (capped) {
        const S = lnNopt * alpha;
        dLnUN_a = 1 / alpha;
        dLnUN_b = -1 / alpha;
        dLnUN_alpha = (1 - S) / (alpha * alpha);
        dLnUN_beta = (-1 / beta + lnU) / alpha;
        dNeff_dUN = 1 + rnS * (1 - eN) - (eN * N[i]) / uN;
      }
      const dTn_dNeff = (-alpha * tN) / nEff;
      const viaUN = dTn_dNeff * dNeff_dUN * uN; // d tN / d lnUN
      out[o] = E;
      out[o + 1] = tN + viaUN * dLnUN_a;
      out[o + 2] = tD + viaUN * dLnUN_b;
      out[o + 3] = -lnN * tN + viaUN * dLnUN_alpha;
      out[o + 4] = -lnD * tD + viaUN * dLnUN_beta;
      out[o + 5] = ((-beta * tD) / dEff) * U[i] * (1 - eD - (rD / rdS) * eD);
      out[o + 6] = dTn_dNeff * uN * (1 - eN - (rN / rnS) * eN);
    }
  },
};
