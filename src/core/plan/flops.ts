// Training FLOP conventions (research/vscode-notes.md §4.4), each recorded by name:
//  - '6ND': C = 6·N·D, with N total or non-embedding under a named convention (Kaplan: non-embedding;
//    Chinchilla: counts more);
//  - with attention, per token 6·N plus an attention term, under one of two named conventions:
//    'palm'   12·L·h·dh·T  (PaLM appendix B, nanoGPT estimate_mfu, torchtitan);
//    'kaplan' 6·n_layer·n_ctx·d_attn, i.e. 3 × Kaplan et al. 2020 Table 1's forward term
//             2·n_layer·n_ctx·d_attn (backward = 2 × forward), half of PaLM's.
//    Causal-attention sparsity is discounted by neither. Kaplan's is the default where Kaplan's N
//    (non-embedding block matrices) is used, PaLM's elsewhere.

import type { ArchConfig } from './arch';
import { countParams, type NonEmbeddingConvention } from './paramCount';

export type NChoice = 'total' | NonEmbeddingConvention;

/** Named attention-FLOP conventions (training, per token). */
export type AttentionConvention = 'palm' | 'kaplan';

export const ATTENTION_CONVENTIONS: Record<AttentionConvention, string> = {
  palm: '12·L·h·dh·T per token (PaLM, Chowdhery et al. 2022, appendix B; nanoGPT estimate_mfu)',
  kaplan: '6·n_layer·n_ctx·d_attn per token: 3 × the forward 2·n_layer·n_ctx·d_attn of Kaplan et al. 2020, Table 1',
};

export interface FlopOptions {
  /** Which N: total parameters or a named non-embedding convention. Default torchtitan non-embedding. */
  n?: NChoice;
  /**
   * The attention term: a named convention, true for the default one (Kaplan's with N 'Kaplan', else
   * PaLM's), false for none. Default: on when a sequence length is known.
   */
  attention?: boolean | AttentionConvention;
  seqLen?: number;
}

export interface FlopsPerToken {
  total: number;
  /** 6·N */
  dense: number;
  /** The attention term (0 without attention). */
  attention: number;
  /** Which attention convention, or 'none'. */
  attentionConvention: AttentionConvention | 'none';
  N: number;
  nConvention: NChoice;
  /** Human-readable convention name recorded with results, e.g. '6N+12LhdT (PaLM; N: non-embedding, torchtitan; T = 2048)'. */
  convention: string;
}

export function flops6ND(N: number, D: number): number {
  return 6 * N * D;
}

/** N under a choice of convention; for a mixture of experts the active (per-token) parameters. */
export function paramsFor(arch: ArchConfig, n: NChoice = 'torchtitan'): number {
  const c = countParams(arch);
  const inactive = c.active !== undefined ? c.total - c.active : 0;
  return (n === 'total' ? c.total : c.conventions[n]) - inactive;
}

/** The attention convention that goes with an N convention: Kaplan's with Kaplan's N, else PaLM's. */
export function defaultAttentionConvention(n: NChoice): AttentionConvention {
  return n === 'Kaplan' ? 'kaplan' : 'palm';
}

/** The attention convention for a law: Kaplan's where Kaplan's law is used, PaLM's elsewhere. */
export function attentionConventionForLaw(lawId: string): AttentionConvention {
  return lawId === 'kaplan' || lawId === 'kaplan-e' ? 'kaplan' : 'palm';
}

/** Training attention FLOPs per token under a named convention (d_attn = h·dh, n_ctx = T). */
export function attentionFlopsPerToken(arch: ArchConfig, seqLen: number, convention: AttentionConvention = 'palm'): number {
  const perLayerContext = arch.layers * arch.heads * arch.headDim * seqLen;
  return (convention === 'palm' ? 12 : 6) * perLayerContext;
}

export function flopsPerToken(arch: ArchConfig, opts: FlopOptions = {}): FlopsPerToken {
  const nChoice = opts.n ?? 'torchtitan';
  const N = paramsFor(arch, nChoice);
  const T = opts.seqLen ?? arch.seqLen;
  const wanted = opts.attention ?? T !== undefined;
  const conv: AttentionConvention | 'none' = wanted === false || T === undefined ? 'none' : wanted === true ? defaultAttentionConvention(nChoice) : wanted;
  const attention = conv === 'none' ? 0 : attentionFlopsPerToken(arch, T as number, conv);
  return {
    total: 6 * N + attention,
    dense: 6 * N,
    attention,
    attentionConvention: conv,
    N,
    nConvention: nChoice,
    convention: flopConventionName(nChoice, conv === 'none' ? undefined : T, conv === 'none' ? undefined : conv),
  };
}

export function flopConventionName(n: NChoice, seqLen?: number, attention: AttentionConvention = 'palm'): string {
  const which = n === 'total' ? 'total' : `non-embedding, ${n}`;
  if (seqLen === undefined) return `6ND (N: ${which})`;
  return attention === 'palm' ? `6N+12LhdT (PaLM; N: ${which}; T = ${seqLen})` : `6N+6·L·T·d_attn (Kaplan Table 1; N: ${which}; T = ${seqLen})`;
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
