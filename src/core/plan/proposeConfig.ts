// Budget → a launchable config: concrete shapes near a target N for a chosen family, the tokens,
// steps for a batch size, the Step Law learning rate, and a config snippet as JSON text.
// Shape choice is a heuristic (documented): head dim fixed per family, d_model a multiple of it,
// the width/depth ratio near a size-dependent target (≈ 64 below 1e8 parameters … 128 above 1e10,
// as in GPT-2/3 and Llama), and the parameter count (in the chosen convention) as close as possible.

import type { ArchConfig } from './arch';
import { stepLaw, type StepLawConstants, STEP_LAW } from './hparams';
import { countParams, llamaFfnWidth, type NonEmbeddingConvention, type ParamCount } from './paramCount';

export type Family = 'llama' | 'gpt2';

export interface ShapeOptions {
  family?: Family;
  vocab?: number;
  headDim?: number;
  /** Query heads per key/value head (GQA); default 4 when heads >= 8 and divisible, else MHA (llama); 1 for gpt2. */
  kvGroups?: number;
  seqLen?: number;
  /** Which count should match the target (default 'total'). */
  nConvention?: 'total' | NonEmbeddingConvention;
  /** Target d_model / layers; default by size. */
  aspect?: number;
  tied?: boolean;
}

export function targetAspect(N: number): number {
  return N < 1e8 ? 48 : N < 1e9 ? 64 : N < 1e10 ? 100 : 128;
}

/** A family's ArchConfig for a given width and depth. */
export function familyArch(family: Family, dModel: number, layers: number, o: ShapeOptions = {}): ArchConfig {
  const headDim = o.headDim ?? (family === 'llama' ? 128 : 64);
  const heads = Math.max(1, Math.round(dModel / headDim));
  if (family === 'gpt2') {
    const T = o.seqLen ?? 1024;
    return {
      format: 'hf-json', family: 'gpt2', dModel, layers, heads, kvHeads: heads, headDim, mlp: 4 * dModel, mlpKind: 'plain',
      vocab: o.vocab ?? 50304, tied: o.tied ?? true, norm: 'layernorm', normBias: true, normsPerLayer: 2, finalNorm: true,
      qkvBias: true, attnOutBias: true, mlpBias: true, positions: 'learned', maxPositions: T, seqLen: T,
      defaulted: [], warnings: [], keys: [],
    };
  }
  const groups = o.kvGroups ?? (heads >= 8 && heads % 4 === 0 ? 4 : 1);
  const kvHeads = heads % groups === 0 ? heads / groups : heads;
  return {
    format: 'hf-json', family: 'llama', dModel, layers, heads, kvHeads, headDim, mlp: llamaFfnWidth(dModel, 256), mlpKind: 'gated',
    vocab: o.vocab ?? 32000, tied: o.tied ?? false, norm: 'rmsnorm', normBias: false, normsPerLayer: 2, finalNorm: true,
    qkvBias: false, attnOutBias: false, mlpBias: false, positions: 'rope', seqLen: o.seqLen ?? 2048,
    defaulted: [], warnings: [], keys: [],
  };
}

function countIn(c: ParamCount, conv: 'total' | NonEmbeddingConvention): number {
  return conv === 'total' ? c.total : c.conventions[conv];
}

/** The family shape whose parameter count is nearest `targetN` with a sensible width/depth ratio. */
export function proposeShape(targetN: number, o: ShapeOptions = {}): { arch: ArchConfig; count: ParamCount; N: number; relError: number } {
  if (!(targetN > 0)) throw new RangeError('target N must be positive');
  const family = o.family ?? 'llama';
  const headDim = o.headDim ?? (family === 'llama' ? 128 : 64);
  const conv = o.nConvention ?? 'total';
  const rho = o.aspect ?? targetAspect(targetN);
  let best: { arch: ArchConfig; count: ParamCount; N: number; score: number } | undefined;
  const step = o.kvGroups && family === 'llama' ? Math.max(4, o.kvGroups) : 4;
  // launchable head counts: any below 8, then multiples of 4 (room for GQA / tensor parallelism)
  const allowed: number[] = [];
  for (let h = 1; h <= 4096; h++) if (h < 8 || h % step === 0) allowed.push(h);
  const evalAt = (heads: number, L: number) => {
    const d = heads * headDim;
    const arch = familyArch(family, d, L, { ...o, headDim });
    const count = countParams(arch);
    return { arch, count, N: countIn(count, conv), d };
  };
  for (let L = 1; L <= 200; L++) {
    // the count grows with width: binary search the allowed head count nearest the target, score its neighbours
    let lo = 0, hi = allowed.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (evalAt(allowed[mid], L).N < targetN) lo = mid;
      else hi = mid;
    }
    for (let j = Math.max(0, lo - 2); j <= Math.min(allowed.length - 1, hi + 2); j++) {
      const c = evalAt(allowed[j], L);
      if (!(c.N > 0)) continue;
      const score = Math.abs(Math.log(c.N / targetN)) + 0.05 * Math.abs(Math.log(c.d / L / rho));
      if (!best || score < best.score) best = { arch: c.arch, count: c.count, N: c.N, score };
    }
  }
  if (!best) throw new RangeError('no shape found');
  return { arch: best.arch, count: best.count, N: best.N, relError: best.N / targetN - 1 };
}

export interface ProposedRun {
  family: Family;
  arch: ArchConfig;
  params: { total: number; nonEmbedding: number; convention: string; conventions: Record<string, number>; target: number; relError: number; matched: string };
  tokens: number;
  seqLen: number;
  batchTokens: number;
  batchSequences: number;
  steps: number;
  lr: number;
  tokensPerParam: number;
  /** Model config (HF config.json for the family) as JSON text. */
  snippet: string;
  /** Training settings as JSON text. */
  trainingSnippet: string;
  notes: string[];
}

export interface ProposeOptions extends ShapeOptions {
  /** Fixed batch in tokens (default: Step Law B_opt, rounded to whole sequences). */
  batchTokens?: number;
  stepLaw?: StepLawConstants;
}

/** Propose a run for a target (N, D), e.g. the compute-optimal allocation of a budget. */
export function proposeRun(targetN: number, tokens: number, o: ProposeOptions = {}): ProposedRun {
  if (!(tokens > 0)) throw new RangeError('tokens must be positive');
  const family = o.family ?? 'llama';
  const shape = proposeShape(targetN, o);
  const arch = shape.arch;
  const T = arch.seqLen ?? 2048;
  const kaplanN = shape.count.conventions.Kaplan;
  const hp = stepLaw(kaplanN, tokens, o.stepLaw ?? STEP_LAW);
  const rawBatch = o.batchTokens ?? hp.batchTokens;
  const batchSequences = Math.max(1, Math.round(rawBatch / T));
  const batchTokens = batchSequences * T;
  const steps = Math.ceil(tokens / batchTokens);
  const notes = [
    `shape heuristic: head dim ${arch.headDim}, width/depth ${(arch.dModel / arch.layers).toFixed(0)} (target ${(o.aspect ?? targetAspect(targetN)).toFixed(0)})`,
    `learning rate and batch from Step Law with N = ${kaplanN} (non-embedding, Kaplan convention) and D = ${tokens.toExponential(3)}`,
  ];
  if (Math.abs(shape.relError) > 0.1) notes.push(`nearest shape is ${(shape.relError * 100).toFixed(0)} % off the target N`);
  const snippetObj =
    family === 'gpt2'
      ? { architectures: ['GPT2LMHeadModel'], model_type: 'gpt2', n_embd: arch.dModel, n_layer: arch.layers, n_head: arch.heads, n_positions: arch.maxPositions, n_ctx: arch.maxPositions, vocab_size: arch.vocab, tie_word_embeddings: arch.tied }
      : {
          architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: arch.dModel, intermediate_size: arch.mlp, num_hidden_layers: arch.layers,
          num_attention_heads: arch.heads, num_key_value_heads: arch.kvHeads, head_dim: arch.headDim, vocab_size: arch.vocab,
          max_position_embeddings: T, tie_word_embeddings: arch.tied, hidden_act: 'silu', rms_norm_eps: 1e-5,
        };
  const training = { tokens: Math.round(tokens), seq_len: T, global_batch_size: batchSequences, batch_tokens: batchTokens, steps, learning_rate: Number(hp.lr.toPrecision(3)) };
  return {
    family, arch,
    params: {
      total: shape.count.total, nonEmbedding: shape.count.nonEmbedding, convention: shape.count.convention, conventions: shape.count.conventions,
      target: targetN, relError: shape.relError, matched: o.nConvention ?? 'total',
    },
    tokens, seqLen: T, batchTokens, batchSequences, steps, lr: hp.lr, tokensPerParam: tokens / shape.N,
    snippet: JSON.stringify(snippetObj, null, 2), trainingSnippet: JSON.stringify(training, null, 2), notes,
  };
}

/** Candidate shapes over a range of sizes (for planning by time budget). */
export function shapeLadder(minN: number, maxN: number, steps: number, o: ShapeOptions = {}): ArchConfig[] {
  const out: ArchConfig[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < steps; i++) {
    const N = minN * (maxN / minN) ** (steps === 1 ? 0 : i / (steps - 1));
    const s = proposeShape(N, o).arch;
    const key = `${s.dModel}x${s.layers}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(s);
    }
  }
  return out;
}
