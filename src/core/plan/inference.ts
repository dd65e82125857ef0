// Inference-aware allocation (Sardana et al. 2024, "Beyond Chinchilla-Optimal", arXiv 2401.00448):
// for a target loss, the N and D that minimise training compute 6·N·D plus inference compute
// 2·N per inference token, under the Chinchilla law L = E + A/N^alpha + B/D^beta. (The authors solve
// the first-order condition by Newton's method; we minimise the same cost in ln N: bench/peers/
// sardana_scipy.py checks the two agree.)

import { chinchillaLoss, computeForTargetLoss, type ChinchillaParams } from './computeOptimal';
import { minimizeScalar } from './minimize1d';

export interface InferenceAwareAllocation {
  N: number;
  D: number;
  loss: number;
  inferenceTokens: number;
  trainFlops: number;
  inferenceFlops: number;
  totalFlops: number;
  tokensPerParam: number;
  /** The Chinchilla (training-only) allocation for the same loss, with its total including inference. */
  chinchilla: { N: number; D: number; trainFlops: number; totalFlops: number };
  /** 1 - total / chinchilla total (>= 0). */
  savings: number;
  convention: string;
}

/** Tokens D that reach `target` at size N (Infinity when N alone cannot get there). */
export function tokensForLoss(p: ChinchillaParams, N: number, target: number): number {
  const gap = target - p.E - p.A / N ** p.alpha;
  return gap > 0 ? (p.B / gap) ** (1 / p.beta) : Infinity;
}

export function inferenceAwareForLoss(
  p: ChinchillaParams,
  target: number,
  inferenceTokens: number,
  opts: { flopsPerParamToken?: number; flopsPerParamInferenceToken?: number } = {},
): InferenceAwareAllocation {
  if (!(target > p.E)) throw new RangeError(`target loss ${target} is not above the irreducible loss E = ${p.E}`);
  if (!(inferenceTokens >= 0)) throw new RangeError('inference tokens must be >= 0');
  const kt = opts.flopsPerParamToken ?? 6, ki = opts.flopsPerParamInferenceToken ?? 2;
  const Nmin = (p.A / (target - p.E)) ** (1 / p.alpha);
  const cost = (lnN: number) => {
    const N = Math.exp(lnN);
    return kt * N * tokensForLoss(p, N, target) + ki * N * inferenceTokens;
  };
  // cost → ∞ as N → Nmin (D → ∞) and as N → ∞; scan, then golden-section in ln N.
  const lo = Math.log(Nmin) + 1e-9;
  const N = Math.exp(minimizeScalar(cost, lo, lo + 40).x);
  const D = tokensForLoss(p, N, target);
  const ch = computeForTargetLoss(p, target, kt);
  const chTotal = ch.C + ki * ch.N * inferenceTokens;
  const trainFlops = kt * N * D, inferenceFlops = ki * N * inferenceTokens;
  return {
    N, D, loss: chinchillaLoss(p, N, D), inferenceTokens, trainFlops, inferenceFlops, totalFlops: trainFlops + inferenceFlops,
    tokensPerParam: D / N,
    chinchilla: { N: ch.N, D: ch.D, trainFlops: ch.C, totalFlops: chTotal },
    savings: Math.max(0, 1 - (trainFlops + inferenceFlops) / chTotal),
    convention: `training ${kt}·N·D + inference ${ki}·N per token`,
  };
}
