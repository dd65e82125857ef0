// Compute-optimal allocation under C = 6 N D for the Chinchilla law (closed form, LAWS.md),
// and the least compute that reaches a target loss. Full precision throughout: rounding alpha,
// beta to two decimals moves N_opt by ~25 %.

export interface ChinchillaParams {
  E: number;
  A: number;
  B: number;
  alpha: number;
  beta: number;
}

/** The Chinchilla parameters of a fit, or undefined when the law has no compute-optimal closed form. */
export function chinchillaParamsOf(params: Record<string, number>): ChinchillaParams | undefined {
  const { E, A, B, alpha, beta } = params;
  if (![E, A, B, alpha, beta].every((v) => typeof v === 'number' && Number.isFinite(v))) return undefined;
  return { E, A, B, alpha, beta };
}

export interface Allocation {
  C: number;
  N: number;
  D: number;
  loss: number;
  tokensPerParam: number;
}

export function chinchillaLoss(p: ChinchillaParams, N: number, D: number): number {
  return p.E + p.A / N ** p.alpha + p.B / D ** p.beta;
}

export function optimalForCompute(p: ChinchillaParams, C: number, flopsPerParamToken = 6): Allocation {
  const { A, B, alpha, beta } = p;
  const G = ((alpha * A) / (beta * B)) ** (1 / (alpha + beta));
  const a = beta / (alpha + beta), b = alpha / (alpha + beta);
  const N = G * (C / flopsPerParamToken) ** a;
  const D = (C / flopsPerParamToken) ** b / G;
  return { C, N, D, loss: chinchillaLoss(p, N, D), tokensPerParam: D / N };
}

/** Least C whose compute-optimal loss reaches `target`; throws when target <= E (unreachable). */
export function computeForTargetLoss(p: ChinchillaParams, target: number, flopsPerParamToken = 6): Allocation {
  if (!(target > p.E)) throw new Error(`target loss ${target} is not above the irreducible loss E = ${p.E}: no compute reaches it`);
  let lo = Math.log(1e6), hi = Math.log(1e60);
  const lossAt = (lc: number) => optimalForCompute(p, Math.exp(lc), flopsPerParamToken).loss;
  if (lossAt(lo) <= target) return optimalForCompute(p, Math.exp(lo), flopsPerParamToken);
  if (lossAt(hi) > target) throw new Error(`target loss ${target} needs more than 1e60 FLOPs`);
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = 0.5 * (lo + hi);
    if (lossAt(mid) > target) lo = mid;
    else hi = mid;
  }
  return optimalForCompute(p, Math.exp(hi), flopsPerParamToken);
}
