// Compute-optimal allocation under the data-constrained law (Muennighoff et al. 2023, arXiv 2305.16264):
// for a budget C = 6·N·D and U unique tokens, the N (and D = C / (6N), repeating the U tokens
// D / U times) with the lowest L(N, D, min(U, D)). The authors search a grid along the iso-FLOP line
// (huggingface/datablations README, `optimal_allocation`: N = N_chinchilla / i or · i, i in
// linspace(1.0001, 3, 500)); we minimise the same loss continuously in ln N, so our optimum is theirs
// to within their grid step (≈ 0.4 % in N near the optimum).
import { dataConstrainedLoss, type DataConstrainedParams } from '../laws/dataConstrained';
import { optimalForCompute } from './computeOptimal';
import { minimizeScalar } from './minimize1d';

export interface DataConstrainedAllocation {
  C: number;
  N: number;
  D: number;
  /** Unique tokens available, and those used (min(U, D)). */
  uniqueTokens: number;
  uniqueUsed: number;
  /** D / U used: how many times the unique data is seen. */
  epochs: number;
  loss: number;
  tokensPerParam: number;
  /** The Chinchilla allocation of the same budget (the law without repetition), for comparison. */
  chinchilla: { N: number; D: number; epochs: number; loss: number };
  convention: string;
}

export function dataConstrainedOptimal(q: DataConstrainedParams, C: number, uniqueTokens: number, flopsPerParamToken = 6): DataConstrainedAllocation {
  if (!(C > 0)) throw new RangeError('compute must be positive');
  if (!(uniqueTokens > 0)) throw new RangeError('unique tokens must be positive');
  const k = flopsPerParamToken;
  const lossAt = (lnN: number) => {
    const N = Math.exp(lnN), D = C / (k * N);
    return dataConstrainedLoss(q, N, D, Math.min(uniqueTokens, D));
  };
  // Search from 1e-4 to 1e4 times the Chinchilla size: the repeated-data optimum is within a factor 10
  // of it in the authors' examples; the wide interval keeps kinks (U_N = N_opt(U)) inside.
  const ch = optimalForCompute(q, C, k);
  const center = Math.log(ch.N);
  const { x } = minimizeScalar(lossAt, center - Math.log(1e4), center + Math.log(1e4), { scan: 2000 });
  const N = Math.exp(x), D = C / (k * N), used = Math.min(uniqueTokens, D);
  return {
    C, N, D, uniqueTokens, uniqueUsed: used, epochs: D / used, loss: dataConstrainedLoss(q, N, D, used), tokensPerParam: D / N,
    chinchilla: { N: ch.N, D: ch.D, epochs: ch.D / Math.min(uniqueTokens, ch.D), loss: dataConstrainedLoss(q, ch.N, ch.D, Math.min(uniqueTokens, ch.D)) },
    convention: `C = ${k}·N·D; unique tokens used = min(U, D)`,
  };
}
