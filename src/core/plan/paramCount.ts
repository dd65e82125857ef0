// Exact parameter counts for a decoder-only transformer (research/vscode-notes.md §4.3), with
// every "non-embedding" convention in use named and computed side by side.

import type { ArchConfig } from './arch';

export type NonEmbeddingConvention = 'nanoGPT' | 'torchtitan' | 'OLMo' | 'Kaplan' | 'Chinchilla';

export const NON_EMBEDDING_CONVENTIONS: Record<NonEmbeddingConvention, string> = {
  nanoGPT: 'total minus learned position embeddings only (get_num_params(non_embedding=True)); tied token embeddings stay, as they are the output head',
  torchtitan: 'total minus every input embedding table (token and position); an untied output head stays',
  OLMo: 'total minus parameters named wte/wpe (token and position tables); an untied output head (ff_out) stays',
  Kaplan: 'weight matrices of the transformer blocks only (attention + MLP): no embeddings, head, norms or biases (≈ 12·L·d² for GPT-2 shapes)',
  Chinchilla: 'total minus input embeddings (token and position) but counting the output projection V·d even when tied (Chinchilla table convention, nanoGPT scaling_laws.ipynb gpt_params)',
};

export interface ParamBreakdown {
  tokenEmbedding: number;
  positionEmbedding: number;
  /** Untied output head (0 when tied). */
  outputHead: number;
  perLayer: number;
  attentionPerLayer: number;
  mlpPerLayer: number;
  normsPerLayer: number;
  biasesPerLayer: number;
  finalNorm: number;
  /** Weight matrices per layer, no biases or norms (Kaplan's N per layer). */
  matricesPerLayer: number;
}

export interface ParamCount {
  total: number;
  /** Non-embedding count under `convention` (default torchtitan). */
  nonEmbedding: number;
  convention: NonEmbeddingConvention;
  conventions: Record<NonEmbeddingConvention, number>;
  /** Mixture of experts: parameters used per token (routed experts only). */
  active?: number;
  breakdown: ParamBreakdown;
}

export function countParams(a: ArchConfig, convention: NonEmbeddingConvention = 'torchtitan'): ParamCount {
  const d = a.dModel, h = a.heads, g = a.kvHeads, dh = a.headDim, f = a.mlp, V = a.vocab, L = a.layers;
  const qkvW = d * h * dh + 2 * d * g * dh;
  const oW = h * dh * d;
  const perMlp = (a.mlpKind === 'gated' ? 3 : 2) * d;
  const moe = a.moe;
  const mlpW = moe ? moe.experts * perMlp * moe.expertMlp + moe.experts * d + perMlp * moe.sharedMlp + (moe.sharedGate ? d : 0) : perMlp * f;
  const mlpActiveW = moe ? moe.active * perMlp * moe.expertMlp + moe.experts * d + perMlp * moe.sharedMlp + (moe.sharedGate ? d : 0) : mlpW;
  const qkvB = a.qkvBias ? h * dh + 2 * g * dh : 0;
  const oB = a.attnOutBias ? d : 0;
  const mlpB = a.mlpBias && !moe ? (a.mlpKind === 'gated' ? 2 * f : f) + d : 0;
  const normSize = a.norm === 'none' ? 0 : a.norm === 'layernorm' && a.normBias ? 2 * d : d;
  const qkNorm = a.qkNorm === 'head' ? 2 * dh : a.qkNorm === 'full' ? h * dh + g * dh : 0;
  const norms = a.normsPerLayer * normSize + qkNorm;
  const matrices = qkvW + oW + mlpW;
  const biases = qkvB + oB + mlpB;
  const perLayer = matrices + biases + norms;
  const tokenEmbedding = V * d;
  const positionEmbedding = a.positions === 'learned' ? (a.maxPositions ?? 0) * d : 0;
  const outputHead = a.tied ? 0 : V * d + (a.headBias ? V : 0);
  const finalNorm = a.finalNorm ? normSize : 0;
  const total = L * perLayer + tokenEmbedding + positionEmbedding + outputHead + finalNorm;
  const conventions: Record<NonEmbeddingConvention, number> = {
    nanoGPT: total - positionEmbedding,
    torchtitan: total - tokenEmbedding - positionEmbedding,
    OLMo: total - tokenEmbedding - positionEmbedding,
    Kaplan: L * matrices,
    Chinchilla: total - tokenEmbedding - positionEmbedding + (a.tied ? V * d : 0),
  };
  return {
    total,
    nonEmbedding: conventions[convention],
    convention,
    conventions,
    ...(moe ? { active: total - L * (mlpW - mlpActiveW) } : {}),
    breakdown: {
      tokenEmbedding,
      positionEmbedding,
      outputHead,
      perLayer,
      attentionPerLayer: qkvW + oW + qkvB + oB,
      mlpPerLayer: mlpW + mlpB,
      normsPerLayer: norms,
      biasesPerLayer: biases,
      finalNorm,
      matricesPerLayer: matrices,
    },
  };
}

/** torchtitan / Meta Llama FFN width: int(2·4d/3), times the multiplier, rounded up to multiple_of. */
export function llamaFfnWidth(dim: number, multipleOf = 256, ffnDimMultiplier?: number): number {
  let hidden = Math.floor((2 * 4 * dim) / 3);
  if (ffnDimMultiplier !== undefined && ffnDimMultiplier !== null) hidden = Math.floor(ffnDimMultiplier * hidden);
  return multipleOf * Math.ceil(hidden / multipleOf);
}

/** Round a vocabulary up to a multiple (Megatron make_vocab_size_divisible_by, nanoGPT 50304). */
export function padVocab(vocab: number, multiple: number): number {
  return multiple > 1 ? multiple * Math.ceil(vocab / multiple) : vocab;
}
