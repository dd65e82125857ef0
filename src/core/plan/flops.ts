// Training FLOP conventions (research/vscode-notes.md §4.4), each recorded by name:
//  - '6ND': C = 6·N·D, with N total or non-embedding under a named convention (Kaplan: non-embedding;
//    Chinchilla: counts more);
//  - '6N+attn': per token 6·N + 12·L·h·dh·T (PaLM appendix B, nanoGPT estimate_mfu, torchtitan),
//    causal-attention sparsity not discounted.

import type { ArchConfig } from './arch';
import { countParams, type NonEmbeddingConvention } from './paramCount';

export type NChoice = 'total' | NonEmbeddingConvention;

export interface FlopOptions {
  /** Which N: total parameters or a named non-embedding convention. Default torchtitan non-embedding. */
  n?: NChoice;
  /** Add the 12·L·h·dh·T attention term (needs seqLen). Default true when seqLen is given. */
  attention?: boolean;
  seqLen?: number;
}

export interface FlopsPerToken {
  total: number;
  /** 6·N */
  dense: number;
  /** 12·L·h·dh·T (0 without attention) */
  attention: number;
  N: number;
  nConvention: NChoice;
  /** Human-readable convention name recorded with results, e.g. '6N+12LhdT (N: non-embedding, torchtitan; T = 2048)'. */
  convention: string;
}

export function flops6ND(N: number, D: number): number {
  return 6 * N * D;
}

/** N under a choice of convention. */
/** N under a choice of convention; for a mixture of experts the active (per-token) parameters. */
export function paramsFor(arch: ArchConfig, n: NChoice = 'torchtitan'): number {
  const c = countParams(arch);
  const inactive = c.active !== undefined ? c.total - c.active : 0;
  return (n === 'total' ? c.total : c.conventions[n]) - inactive;
}

export function attentionFlopsPerToken(arch: ArchConfig, seqLen: number): number {
  return 12 * arch.layers * arch.heads * arch.headDim * seqLen;
}

export function flopsPerToken(arch: ArchConfig, opts: FlopOptions = {}): FlopsPerToken {
  const nChoice = opts.n ?? 'torchtitan';
  const N = paramsFor(arch, nChoice);
  const T = opts.seqLen ?? arch.seqLen;
  const withAttn = (opts.attention ?? T !== undefined) && T !== undefined;
  const attention = withAttn ? attentionFlopsPerToken(arch, T as number) : 0;
  return {
    total: 6 * N + attention,
    dense: 6 * N,
    attention,
    N,
    nConvention: nChoice,
    convention: flopConventionName(nChoice, withAttn ? T : undefined),
  };
}

export function flopConventionName(n: NChoice, seqLen?: number): string {
  const which = n === 'total' ? 'total' : `non-embedding, ${n}`;
  return seqLen !== undefined ? `6N+12LhdT (N: ${which}; T = ${seqLen})` : `6ND (N: ${which})`;
}

export interface TrainingFlops extends FlopsPerToken {
  tokens: number;
  flops: number;
}

/** Training compute for `tokens` tokens under a convention. */
export function trainingFlops(arch: ArchConfig, tokens: number, opts: FlopOptions = {}): TrainingFlops {
  const p = flopsPerToken(arch, opts);
  return { ...p, tokens, flops: p.total * tokens };
}

/** Tokens of a run from the config's training settings (tokens, or steps × batch tokens). */
export function configuredTokens(arch: ArchConfig): number | undefined {
  const t = arch.training;
  if (!t) return undefined;
  if (t.tokens) return t.tokens;
  if (t.steps && t.batchTokens) return t.steps * t.batchTokens;
  if (t.steps && t.batchSize && arch.seqLen) return t.steps * t.batchSize * arch.seqLen;
  return undefined;
}
