// Hugging Face config.json (Llama, Mistral, Qwen2/3, Gemma, OLMo-2, GPT-2, GPT-NeoX and other
// Llama-style models). Missing keys take the transformers class defaults, recorded as defaulted.

import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { ConfigError, LineIndex, validateArch, type ArchConfig } from '../arch';
import { RawConfig, type RawEntry } from './common';

function collect(node: Node, prefix: string, lines: LineIndex, out: Map<string, RawEntry>): void {
  if (node.type !== 'object') return;
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (!k || !v) continue;
    const key = prefix + String(k.value);
    if (v.type === 'object') {
      collect(v, key + '.', lines, out);
      continue;
    }
    const { line, column } = lines.position(k.offset);
    const value = v.type === 'array' ? (v.children ?? []).map((c) => c.value) : v.value;
    out.set(key, { key, value, pos: { line, column, offset: k.offset, length: k.length } });
  }
}

/** Llama-style defaults per model_type (transformers configuration_*.py). */
const DEFAULTS: Record<string, { vocab?: number; d?: number; f?: number; L?: number; h?: number; g?: number; tied: boolean; headDim?: number }> = {
  llama: { vocab: 32000, d: 4096, f: 11008, L: 32, h: 32, tied: false },
  mistral: { vocab: 32000, d: 4096, f: 14336, L: 32, h: 32, g: 8, tied: false },
  qwen2: { vocab: 151936, d: 4096, f: 22016, L: 32, h: 32, g: 32, tied: false },
  qwen3: { vocab: 151936, d: 4096, f: 22016, L: 32, h: 32, g: 32, tied: false, headDim: 128 },
  gemma: { vocab: 256000, d: 3072, f: 24576, L: 28, h: 16, g: 16, tied: true, headDim: 256 },
  olmo2: { vocab: 50304, d: 4096, f: 11008, L: 32, h: 32, tied: false },
};

export function parseHfConfigJson(text: string, file?: string): ArchConfig {
  const errors: ParseError[] = [];
  const lines = new LineIndex(text);
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const e = errors[0];
    const { line, column } = lines.position(e.offset);
    throw new ConfigError(`invalid JSON: ${printParseErrorCode(e.error)}`, file, line, column);
  }
  if (!root || root.type !== 'object') throw new ConfigError('expected a JSON object at the top level', file, 1, 1);
  const entries = new Map<string, RawEntry>();
  collect(root, '', lines, entries);
  const hasText = [...entries.keys()].some((k) => k.startsWith('text_config.'));
  const raw = new RawConfig(entries, file, hasText ? ['text_config.', ''] : ['']);
  const modelType = (raw.str('family', ['model_type']) ?? '').toLowerCase();
  if (modelType === 'gpt2' || (!modelType && raw.has(['n_embd']))) return gpt2(raw);
  if (modelType === 'gpt_neox') return neox(raw);
  const arch = llamaLike(raw, modelType);
  const experts = raw.int('experts', ['num_local_experts', 'num_experts', 'n_routed_experts']);
  if (experts !== undefined && experts > 1) {
    const active = raw.int('activeExperts', ['num_experts_per_tok', 'moe_top_k'], 2) as number;
    const expertMlp = raw.int('expertMlp', ['moe_intermediate_size'], arch.mlp) as number;
    const sharedMlp = raw.num('sharedMlp', ['shared_expert_intermediate_size'], 0, { integer: true }) as number;
    arch.moe = { experts, active, expertMlp, sharedMlp, sharedGate: sharedMlp > 0 && modelType === 'qwen2_moe' };
    if (raw.has(['mlp_only_layers', 'decoder_sparse_step', 'first_k_dense_replace', 'n_shared_experts']))
      arch.warnings.push('mixture of experts with dense layers or other expert layouts: every layer is counted as an expert layer');
    arch.keys.splice(0, arch.keys.length, ...raw.keys.sort((a, b) => a.offset - b.offset));
    arch.defaulted = [...new Set(raw.defaulted)];
  } else if (/moe|mixtral|deepseek/.test(modelType)) {
    arch.warnings.push(`model_type '${modelType}' looks like a mixture of experts but no expert count was found: counted as dense`);
  }
  return arch;
}

function llamaLike(raw: RawConfig, modelType: string): ArchConfig {
  const base = modelType.replace(/_.*$/, '');
  const known = DEFAULTS[modelType] ?? DEFAULTS[base];
  if (!known && modelType) raw.warnings.push(`model_type '${modelType}' is not one of llama, mistral, qwen2, qwen3, gemma, olmo2, gpt2, gpt_neox: counted as a Llama-style model (SwiGLU, RMSNorm, RoPE)`);
  const dflt = known ?? { tied: false };
  const d = raw.int('dModel', ['hidden_size', 'd_model', 'n_embd'], dflt.d) ?? raw.need('dModel', ['hidden_size']);
  const L = raw.int('layers', ['num_hidden_layers', 'n_layers', 'num_layers'], dflt.L) ?? raw.need('layers', ['num_hidden_layers']);
  const h = raw.int('heads', ['num_attention_heads', 'n_heads'], dflt.h) ?? raw.need('heads', ['num_attention_heads']);
  const g = raw.int('kvHeads', ['num_key_value_heads', 'n_kv_heads', 'num_kv_heads'], dflt.g ?? h) as number;
  const headDim = raw.int('headDim', ['head_dim'], dflt.headDim ?? Math.floor(d / h)) as number;
  const f = raw.int('mlp', ['intermediate_size', 'ffn_hidden_size'], dflt.f) ?? raw.need('mlp', ['intermediate_size']);
  const V = raw.int('vocab', ['vocab_size'], dflt.vocab) ?? raw.need('vocab', ['vocab_size']);
  const tied = raw.bool('tied', ['tie_word_embeddings'], dflt.tied);
  let qkvBias: boolean, attnOutBias: boolean;
  if (modelType === 'qwen2' || modelType === 'qwen2_moe') {
    qkvBias = true; // hard-coded in Qwen2Attention: q, k, v with bias, o without
    attnOutBias = false;
  } else {
    qkvBias = attnOutBias = raw.bool('attnBias', ['attention_bias'], false);
  }
  const mlpBias = raw.bool('mlpBias', ['mlp_bias'], false);
  raw.str('activation', ['hidden_act', 'hidden_activation']);
  const gated = !['phi', 'starcoder2', 'falcon', 'opt'].includes(modelType);
  if (!gated) raw.warnings.push(`model_type '${modelType}': counted with a two-matrix MLP, RMSNorm-sized norms and no biases; check against the model card`);
  const arch = raw.finish('hf-json', {
    family: modelType || 'llama',
    dModel: d, layers: L, heads: h, kvHeads: g, headDim, mlp: f, mlpKind: gated ? 'gated' : 'plain', vocab: V, tied,
    norm: 'rmsnorm', normBias: false, normsPerLayer: modelType === 'gemma2' || modelType === 'gemma3' ? 4 : 2, finalNorm: true,
    qkvBias, attnOutBias, mlpBias,
    qkNorm: modelType === 'qwen3' || modelType === 'gemma3' ? 'head' : modelType === 'olmo2' ? 'full' : undefined,
    positions: 'rope',
    seqLen: undefined,
  });
  validateArch(arch, raw.file);
  return arch;
}

function gpt2(raw: RawConfig): ArchConfig {
  const d = raw.int('dModel', ['n_embd', 'hidden_size'], 768) as number;
  const L = raw.int('layers', ['n_layer', 'num_hidden_layers'], 12) as number;
  const h = raw.int('heads', ['n_head', 'num_attention_heads'], 12) as number;
  const f = raw.int('mlp', ['n_inner'], 4 * d) as number;
  const V = raw.int('vocab', ['vocab_size'], 50257) as number;
  const P = raw.int('maxPositions', ['n_positions', 'max_position_embeddings'], 1024) as number;
  raw.int('seqLen', ['n_ctx']);
  const tied = raw.bool('tied', ['tie_word_embeddings'], true);
  const arch = raw.finish('hf-json', {
    family: 'gpt2', dModel: d, layers: L, heads: h, kvHeads: h, headDim: Math.floor(d / h), mlp: f, mlpKind: 'plain', vocab: V, tied,
    norm: 'layernorm', normBias: true, normsPerLayer: 2, finalNorm: true, qkvBias: true, attnOutBias: true, mlpBias: true,
    positions: 'learned', maxPositions: P,
  });
  validateArch(arch, raw.file);
  return arch;
}

function neox(raw: RawConfig): ArchConfig {
  const d = raw.int('dModel', ['hidden_size'], 6144) as number;
  const L = raw.int('layers', ['num_hidden_layers'], 44) as number;
  const h = raw.int('heads', ['num_attention_heads'], 64) as number;
  const f = raw.int('mlp', ['intermediate_size'], 24576) as number;
  const V = raw.int('vocab', ['vocab_size'], 50432) as number;
  const tied = raw.bool('tied', ['tie_word_embeddings'], false);
  const bias = raw.bool('attnBias', ['attention_bias'], true);
  const arch = raw.finish('hf-json', {
    family: 'gpt_neox', dModel: d, layers: L, heads: h, kvHeads: h, headDim: Math.floor(d / h), mlp: f, mlpKind: 'plain', vocab: V, tied,
    norm: 'layernorm', normBias: true, normsPerLayer: 2, finalNorm: true, qkvBias: bias, attnOutBias: bias, mlpBias: true,
    positions: 'rope',
  });
  validateArch(arch, raw.file);
  return arch;
}
