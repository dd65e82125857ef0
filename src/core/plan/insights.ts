// Everything a hover / CodeLens shows for a model config, as one pure function: parameter counts,
// FLOPs for the configured tokens, tokens per parameter, predicted loss (± interval from fit draws),
// the compute-optimal N and D for the same compute, and the suggested LR and batch size.

import type { ArchConfig } from './arch';
import { chinchillaLoss, optimalForCompute, type Allocation, type ChinchillaParams } from './computeOptimal';
import { configuredTokens, trainingFlops, type FlopOptions, type NChoice, type TrainingFlops } from './flops';
import { stepLaw, type HparamSuggestion } from './hparams';
import { countParams, type NonEmbeddingConvention, type ParamCount } from './paramCount';
import { percentileInterval } from '../numeric/stats';

export interface InsightOptions {
  /** Chinchilla parameters of the active fit. */
  law?: ChinchillaParams;
  /** Bootstrap parameter draws of the fit, for intervals. */
  draws?: ChinchillaParams[];
  /** Which N the law was fitted with (default 'total'). */
  lawN?: NChoice;
  flops?: FlopOptions;
  /** Override the configured token count. */
  tokens?: number;
  /** |ln(N / N_opt)| above this flags the config as far from compute-optimal (default ln 2: a factor 2). */
  farThreshold?: number;
  nonEmbeddingConvention?: NonEmbeddingConvention;
}

export interface ConfigInsights {
  counts: ParamCount;
  tokens?: number;
  flops?: TrainingFlops;
  tokensPerParam?: number;
  lawN?: number;
  predictedLoss?: number;
  predictedInterval?: [number, number];
  /** Compute-optimal allocation for C = 6·N_law·D (the law's own convention). */
  optimal?: Allocation;
  /** N / N_opt */
  sizeRatio?: number;
  farFromOptimal?: boolean;
  hparams?: HparamSuggestion;
  notes: string[];
}

export function configInsights(arch: ArchConfig, o: InsightOptions = {}): ConfigInsights {
  const counts = countParams(arch, o.nonEmbeddingConvention);
  const notes: string[] = [];
  const out: ConfigInsights = { counts, notes };
  const tokens = o.tokens ?? configuredTokens(arch);
  if (tokens === undefined) {
    notes.push('no token count in this config (set tokens, or steps × batch × sequence length) for FLOPs, loss and optimality');
    return out;
  }
  out.tokens = tokens;
  out.flops = trainingFlops(arch, tokens, o.flops);
  const lawNChoice = o.lawN ?? 'total';
  const N = lawNChoice === 'total' ? counts.total : counts.conventions[lawNChoice];
  out.lawN = N;
  out.tokensPerParam = tokens / N;
  out.hparams = stepLaw(counts.conventions.Kaplan, tokens);
  if (o.law) {
    out.predictedLoss = chinchillaLoss(o.law, N, tokens);
    if (o.draws && o.draws.length >= 2) {
      const v = o.draws.map((d) => chinchillaLoss(d, N, tokens)).filter(Number.isFinite);
      const iv = percentileInterval(v);
      if (iv) out.predictedInterval = iv;
    }
    const C = 6 * N * tokens;
    out.optimal = optimalForCompute(o.law, C);
    out.sizeRatio = N / out.optimal.N;
    out.farFromOptimal = Math.abs(Math.log(out.sizeRatio)) > (o.farThreshold ?? Math.log(2));
    notes.push(`loss and optimum use N = ${lawNChoice === 'total' ? 'total' : `non-embedding (${lawNChoice})`} parameters and C = 6·N·D`);
  }
  return out;
}
