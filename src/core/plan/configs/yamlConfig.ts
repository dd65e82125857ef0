// YAML configs: Megatron-LM / NeMo (num_layers, hidden_size, ffn_hidden_size, num_query_groups, ...)
// and OLMo (d_model, n_layers, fused mlp_hidden_size, padded embedding_size), usually under model:.

import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node } from 'yaml';
import { ConfigError, validateArch, type ArchConfig } from '../arch';
import { padVocab } from '../paramCount';
import { RawConfig, type RawEntry } from './common';

function collect(node: unknown, prefix: string, lc: LineCounter, out: Map<string, RawEntry>): void {
  if (!isMap(node)) return;
  for (const item of node.items) {
    const k = item.key as Node | null;
    if (!k || !isScalar(k)) continue;
    const key = prefix + String(k.value);
    const v = item.value as Node | null;
    if (isMap(v)) {
      collect(v, key + '.', lc, out);
      continue;
    }
    const [start, end] = k.range ?? [0, 0];
    const { line, col } = lc.linePos(start);
    const value = v === null ? null : isScalar(v) ? v.value : isSeq(v) ? v.toJSON() : null;
    out.set(key, { key, value, pos: { line, column: col, offset: start, length: end - start } });
  }
}

export function readYaml(text: string, file?: string): Map<string, RawEntry> {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0];
    throw new ConfigError(`invalid YAML: ${e.message.split('\n')[0]}`, file, pos?.line, pos?.col);
  }
  const out = new Map<string, RawEntry>();
  collect(doc.contents, '', lc, out);
  return out;
}

export function yamlKind(entries: Map<string, RawEntry>): 'olmo' | 'megatron' | undefined {
  const has = (k: string) => entries.has(k) || entries.has('model.' + k);
  if (has('d_model') && has('n_layers')) return 'olmo';
  if (has('num_layers') && has('hidden_size')) return 'megatron';
  return undefined;
}

export function parseYamlConfig(text: string, file?: string): ArchConfig {
  const entries = readYaml(text, file);
  const kind = yamlKind(entries);
  if (kind === 'olmo') return olmo(new RawConfig(entries, file, ['model.', '']));
  if (kind === 'megatron') return megatron(new RawConfig(entries, file, ['model.', '']));
  throw new ConfigError('no model size found: expected Megatron/NeMo keys (num_layers, hidden_size, num_attention_heads) or OLMo keys (d_model, n_layers, n_heads), at the top level or under model:', file, 1, 1);
}

function megatron(raw: RawConfig): ArchConfig {
  const L = raw.need('layers', ['num_layers']);
  const d = raw.need('dModel', ['hidden_size']);
  const h = raw.need('heads', ['num_attention_heads']);
  const f = raw.int('mlp', ['ffn_hidden_size'], 4 * d) as number;
  const g = raw.int('kvHeads', ['num_query_groups'], h) as number;
  const dh = raw.int('headDim', ['kv_channels'], Math.floor(d / h)) as number;
  const act = (raw.str('activation', ['activation']) ?? '').toLowerCase();
  const gated = /glu/.test(act) || raw.bool('gated', ['swiglu', 'gated_linear_unit'], false);
  let bias = raw.bool('bias', ['bias', 'add_bias_linear'], true);
  if (raw.has(['disable_bias_linear'])) bias = !raw.bool('bias', ['disable_bias_linear'], false);
  const normName = (raw.str('norm', ['normalization']) ?? 'layernorm').toLowerCase();
  const norm = /rms/.test(normName) ? 'rmsnorm' : 'layernorm';
  const posType = (raw.str('positions', ['position_embedding_type']) ?? 'learned_absolute').toLowerCase();
  const positions = posType === 'rope' ? 'rope' : posType === 'alibi' ? 'alibi' : posType === 'none' ? 'none' : 'learned';
  const seqLen = raw.int('seqLen', ['encoder_seq_length', 'seq_length']);
  const maxPos = raw.int('maxPositions', ['max_position_embeddings'], seqLen);
  if (positions === 'learned' && maxPos === undefined) throw raw.error('learned position embeddings need max_position_embeddings or encoder_seq_length');
  let tied = raw.bool('tied', ['share_embeddings_and_output_weights'], true);
  if (raw.has(['untie_embeddings_and_output_weights'])) tied = !raw.bool('tied', ['untie_embeddings_and_output_weights'], false);
  let V = raw.int('vocab', ['padded_vocab_size', 'vocab_size', 'tokenizer.vocab_size']);
  const divisible = raw.int('vocabDivisibleBy', ['make_vocab_size_divisible_by'], 128) as number;
  const tp = raw.int('tensorParallel', ['tensor_model_parallel_size'], 1) as number;
  let vocabUnpadded: number | undefined;
  if (V === undefined) {
    V = 50257;
    raw.defaulted.push('vocab');
    raw.warnings.push('no vocab_size in the config (Megatron/NeMo take it from the tokenizer): assumed the GPT-2 tokenizer, 50257, padded');
  }
  if (!raw.has(['padded_vocab_size'])) {
    vocabUnpadded = V;
    V = padVocab(V, divisible * tp);
  }
  const training = trainingSettings(raw, ['global_batch_size'], ['trainer.max_steps', 'train_iters', 'max_steps'], ['optim.lr', 'lr'], seqLen);
  const arch = raw.finish('megatron-yaml', {
    family: 'megatron', dModel: d, layers: L, heads: h, kvHeads: g, headDim: dh, mlp: f, mlpKind: gated ? 'gated' : 'plain',
    vocab: V, vocabUnpadded: vocabUnpadded !== V ? vocabUnpadded : undefined, tied,
    norm, normBias: norm === 'layernorm', normsPerLayer: 2, finalNorm: true, qkvBias: bias, attnOutBias: bias, mlpBias: bias,
    positions, maxPositions: positions === 'learned' ? maxPos : undefined, seqLen, training,
  });
  validateArch(arch, raw.file);
  return arch;
}

function olmo(raw: RawConfig): ArchConfig {
  const d = raw.need('dModel', ['d_model']);
  const L = raw.need('layers', ['n_layers']);
  const h = raw.need('heads', ['n_heads']);
  const g = raw.int('kvHeads', ['n_kv_heads'], h) as number;
  const act = (raw.str('activation', ['activation_type']) ?? 'swiglu').toLowerCase();
  const gated = /glu/.test(act);
  const ratio = raw.num('mlpRatio', ['mlp_ratio'], 4) as number;
  const fusedEntry = raw.entry(['mlp_hidden_size']);
  const hidden = raw.int('mlpFused', ['mlp_hidden_size'], ratio * d) as number;
  if (gated && hidden % 2 !== 0) throw raw.error(`mlp_hidden_size (${hidden}) is the fused gate+up width for ${act} and must be even`, fusedEntry);
  const f = gated ? hidden / 2 : hidden;
  if (gated && fusedEntry) raw.warnings.push(`OLMo mlp_hidden_size ${hidden} is the fused gate+up width: the MLP intermediate width is ${f}`);
  const vocabRaw = raw.need('vocabUnpadded', ['vocab_size']);
  const V = raw.int('vocab', ['embedding_size'], vocabRaw) as number;
  if (V < vocabRaw) throw raw.error(`embedding_size (${V}) is smaller than vocab_size (${vocabRaw})`, raw.entry(['embedding_size']));
  const tied = raw.bool('tied', ['weight_tying'], true);
  const bias = raw.bool('bias', ['include_bias'], true);
  const lnBias = raw.has(['bias_for_layer_norm']) ? raw.bool('normBias', ['bias_for_layer_norm'], bias) : bias;
  const lnType = (raw.str('norm', ['layer_norm_type']) ?? 'default').toLowerCase();
  const affine = raw.bool('normAffine', ['layer_norm_with_affine'], true);
  const qkNorm = raw.bool('qkNorm', ['attention_layer_norm'], false);
  const rope = raw.bool('rope', ['rope'], false), alibi = raw.bool('alibi', ['alibi'], false);
  const T = raw.int('seqLen', ['max_sequence_length'], 1024) as number;
  const maxDuration = raw.entry(['max_duration']);
  const training = trainingSettings(raw, ['global_train_batch_size'], [], ['optimizer.learning_rate'], T);
  if (maxDuration) {
    // OLMo writes durations like 739_328 (steps) or 2e12T (tokens); YAML 1.2 leaves '739_328' a string.
    const v = typeof maxDuration.value === 'string' ? maxDuration.value.replace(/_/g, '') : maxDuration.value;
    const t = training ?? {};
    if (typeof v === 'string' && /^\s*[\d.e+]+\s*T\s*$/i.test(v)) t.tokens = Number(v.trim().slice(0, -1));
    else if (typeof v === 'number' || (typeof v === 'string' && /^\s*[\d.e+]+\s*$/.test(v))) {
      t.steps = Number(v);
      if (t.batchTokens) t.tokens = t.steps * t.batchTokens;
    }
    if (maxDuration.pos) raw.keys.push({ ...maxDuration.pos, key: maxDuration.key, field: t.tokens !== undefined && t.steps === undefined ? 'tokens' : 'steps', value: maxDuration.value });
    if (t.tokens && t.batchTokens && t.steps === undefined) t.steps = Math.ceil(t.tokens / t.batchTokens);
  }
  const arch = raw.finish('olmo-yaml', {
    family: 'olmo', dModel: d, layers: L, heads: h, kvHeads: g, headDim: Math.floor(d / h), mlp: f, mlpKind: gated ? 'gated' : 'plain',
    vocab: V, vocabUnpadded: V !== vocabRaw ? vocabRaw : undefined, tied,
    norm: !affine ? 'none' : /rms/.test(lnType) ? 'rmsnorm' : 'layernorm', normBias: lnBias, normsPerLayer: 2, finalNorm: true,
    qkvBias: bias, attnOutBias: bias, mlpBias: bias, headBias: !tied && bias, qkNorm: qkNorm ? 'full' : undefined,
    positions: rope ? 'rope' : alibi ? 'alibi' : 'learned', maxPositions: !rope && !alibi ? T : undefined, seqLen: T, training,
  });
  validateArch(arch, raw.file);
  return arch;
}

function trainingSettings(raw: RawConfig, batchKeys: string[], stepKeys: string[], lrKeys: string[], seqLen?: number): ArchConfig['training'] {
  const out: NonNullable<ArchConfig['training']> = {};
  const gbs = raw.num('batchSize', batchKeys, undefined, { integer: true, positive: true });
  // Step keys may sit outside model: (trainer.max_steps in NeMo); look them up from the top.
  const top = new RawConfig(raw.entries, raw.file, ['']);
  const steps = top.num('steps', stepKeys.length ? [...stepKeys, ...stepKeys.map((k) => 'model.' + k)] : [], undefined, { integer: true });
  const lr = raw.num('lr', lrKeys) ?? top.num('lr', lrKeys);
  raw.keys.push(...top.keys);
  if (gbs !== undefined) {
    out.batchSize = gbs;
    if (seqLen) out.batchTokens = gbs * seqLen;
  }
  if (steps !== undefined && steps > 0) {
    out.steps = steps;
    if (out.batchTokens) out.tokens = steps * out.batchTokens;
  }
  if (lr !== undefined) out.lr = lr;
  return Object.keys(out).length ? out : undefined;
}
