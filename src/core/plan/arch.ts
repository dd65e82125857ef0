// Normalized decoder-only transformer architecture, produced by every config parser
// (src/core/plan/configs) and consumed by parameter counting, FLOPs, planning and the hovers.

export type ConfigFormat = 'hf-json' | 'nanogpt-py' | 'megatron-yaml' | 'olmo-yaml' | 'toml';

export interface ArchConfig {
  format: ConfigFormat;
  /** Model family as named in the file (model_type, flavor, ...) or inferred: 'llama', 'gpt2', 'gpt_neox', 'qwen2', 'olmo', 'megatron', ... */
  family: string;
  dModel: number;
  layers: number;
  heads: number;
  /** Key/value heads (GQA groups); equals heads for multi-head attention. */
  kvHeads: number;
  headDim: number;
  /** Real MLP intermediate width (for OLMo this is mlp_hidden_size / 2 with SwiGLU). */
  mlp: number;
  /** 'gated' = three matrices (SwiGLU/GeGLU: gate, up, down); 'plain' = two (GELU). */
  mlpKind: 'gated' | 'plain';
  /** Rows of the embedding matrix (padded vocabulary when the code pads). */
  vocab: number;
  /** Tokenizer vocabulary before padding, when it differs from `vocab`. */
  vocabUnpadded?: number;
  tied: boolean;
  norm: 'rmsnorm' | 'layernorm' | 'none';
  /** LayerNorm has a bias vector. */
  normBias: boolean;
  /** Norm layers per transformer block (2 for pre-norm blocks). */
  normsPerLayer: number;
  /** Final norm before the head. */
  finalNorm: boolean;
  /** Bias on q, k, v projections. */
  qkvBias: boolean;
  /** Bias on the attention output projection. */
  attnOutBias: boolean;
  /** Bias on the MLP matrices. */
  mlpBias: boolean;
  /** Mixture of experts (gated expert MLPs in every layer): `mlp` is unused for the expert layers. */
  moe?: MoeConfig;
  /** Bias on an untied output head (OLMo with include_bias). */
  headBias?: boolean;
  /** Per-head RMSNorm on q and k (Qwen3, OLMo-2 style): adds 2·headDim per layer (or 2·d for whole-width norms). */
  qkNorm?: 'head' | 'full';
  positions: 'rope' | 'learned' | 'alibi' | 'none';
  /** Rows of the learned position table (positions === 'learned'). */
  maxPositions?: number;
  /** Training sequence length when the config gives one. */
  seqLen?: number;
  /** Training run settings when the file carries them (nanoGPT train configs, Megatron/NeMo). */
  training?: TrainingSettings;
  /** Fields filled from the codebase's defaults because the file does not set them. */
  defaulted: string[];
  warnings: string[];
  /** Where each recognised key sits in the file (for hovers and diagnostics). */
  keys: KeyLocation[];
}

export interface MoeConfig {
  experts: number;
  /** Experts routed per token. */
  active: number;
  /** Intermediate width of each expert. */
  expertMlp: number;
  /** Always-on shared expert width (Qwen2-MoE), 0 when none. */
  sharedMlp: number;
  /** Sigmoid gate Linear(d, 1) on the shared expert. */
  sharedGate: boolean;
}

export interface TrainingSettings {
  tokens?: number;
  steps?: number;
  /** Sequences per optimizer step (global). */
  batchSize?: number;
  batchTokens?: number;
  lr?: number;
}

export interface SourcePosition {
  /** 1-based line and column. */
  line: number;
  column: number;
  /** 0-based character offset and length of the key text. */
  offset: number;
  length: number;
}

export interface KeyLocation extends SourcePosition {
  /** The key path as written, e.g. 'model.hidden_size'. */
  key: string;
  /** The normalized ArchConfig/TrainingSettings field it sets, when recognised. */
  field?: string;
  value?: unknown;
}

/** A bad config: message already prefixed by file:line:column when known. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${file ?? '<config>'}${line !== undefined ? `:${line}:${column ?? 1}` : ''}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Offsets → 1-based line/column for a text. */
export class LineIndex {
  private starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
  offsetOf(line: number, column: number): number {
    return (this.starts[line - 1] ?? 0) + column - 1;
  }
}

/** Key location at the 1-based (line, column), or undefined: for hovers. */
export function keyAt(arch: ArchConfig, line: number, column: number): KeyLocation | undefined {
  return arch.keys.find((k) => k.line === line && column >= k.column && column <= k.column + k.length);
}

/** Check the shape is consistent; throws ConfigError at the offending key. */
export function validateArch(arch: ArchConfig, file?: string): void {
  const at = (field: string) => arch.keys.find((k) => k.field === field);
  const fail = (field: string, msg: string): never => {
    const k = at(field);
    throw new ConfigError(msg, file, k?.line, k?.column);
  };
  for (const f of ['dModel', 'layers', 'heads', 'kvHeads', 'headDim', 'mlp', 'vocab'] as const) {
    const v = arch[f];
    if (!Number.isInteger(v) || v <= 0) fail(f, `${f} must be a positive integer, got ${v}`);
  }
  if (arch.heads % arch.kvHeads !== 0) fail('kvHeads', `attention heads (${arch.heads}) must be a multiple of key/value heads (${arch.kvHeads})`);
}
