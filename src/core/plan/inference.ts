// Inference-aware allocation (in the spirit of Sardana et al. 2023, "Beyond Chinchilla-Optimal"):
// for a target loss, the N and D that minimise training compute 6·N·D plus inference compute
// 2·N per inference token, under the Chinchilla law L = E + A/N^alpha + B/D^beta.

import { chinchillaLoss, computeForTargetLoss, type ChinchillaParams } from './computeOptimal';

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
  const lo0 = Math.log(Nmin) + 1e-9, hi0 = Math.log(Nmin) + 40;
  const M = 400;
  let bestI = 1, bestV = Infinity;
  for (let i = 1; i < M; i++) {
    const v = cost(lo0 + ((hi0 - lo0) * i) / M);
    if (v < bestV) {
      bestV = v;
      bestI = i;
    }
  }
  let a = lo0 + ((hi0 - lo0) * (bestI - 1)) / M, b = lo0 + ((hi0 - lo0) * (bestI + 1)) / M;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a), d = a + g * (b - a), fc = cost(c), fd = cost(d);
  for (let i = 0; i < 200 && b - a > 1e-12; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = cost(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = cost(d);
    }
  }
  const N = Math.exp((a + b) / 2);
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
