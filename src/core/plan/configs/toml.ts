// TOML configs where sizes appear: torchtitan-style [model] tables with dim/n_layers/n_heads/
// n_kv_heads/ffn_dim_multiplier/multiple_of/vocab_size, HF-style keys (hidden_size, ...) or
// OLMo-style keys (d_model, ...); and older torchtitan files that only name a flavor
// ([model] name = "llama3", flavor = "8B"), resolved from torchtitan's flavor table.

import { parse as parseToml, TomlError } from 'smol-toml';
import { ConfigError, LineIndex, validateArch, type ArchConfig } from '../arch';
import { llamaFfnWidth } from '../paramCount';
import { RawConfig, flatten, type RawEntry } from './common';

interface Flavor { dim: number; n_layers: number; n_heads: number; n_kv_heads?: number; ffn_dim_multiplier?: number; multiple_of: number; vocab_size: number }

/** torchtitan model flavors (torchtitan/models/llama3/__init__.py and llama2, before the 2026 config refactor). */
export const TORCHTITAN_FLAVORS: Record<string, Record<string, Flavor>> = {
  llama3: {
    debugmodel: { dim: 256, n_layers: 6, n_heads: 16, multiple_of: 256, vocab_size: 2000 },
    '8B': { dim: 4096, n_layers: 32, n_heads: 32, n_kv_heads: 8, ffn_dim_multiplier: 1.3, multiple_of: 1024, vocab_size: 128256 },
    '70B': { dim: 8192, n_layers: 80, n_heads: 64, n_kv_heads: 8, ffn_dim_multiplier: 1.3, multiple_of: 4096, vocab_size: 128256 },
    '405B': { dim: 16384, n_layers: 126, n_heads: 128, n_kv_heads: 8, ffn_dim_multiplier: 1.2, multiple_of: 4096, vocab_size: 128256 },
  },
  llama2: {
    '7B': { dim: 4096, n_layers: 32, n_heads: 32, multiple_of: 256, vocab_size: 32000 },
    '13B': { dim: 5120, n_layers: 40, n_heads: 40, multiple_of: 256, vocab_size: 32000 },
    '70B': { dim: 8192, n_layers: 80, n_heads: 64, n_kv_heads: 8, ffn_dim_multiplier: 1.3, multiple_of: 4096, vocab_size: 32000 },
  },
};

/** Key positions by dotted path, from a line scan (smol-toml does not report positions). */
function scanKeys(text: string): Map<string, { line: number; column: number; offset: number; length: number }> {
  const out = new Map<string, { line: number; column: number; offset: number; length: number }>();
  const lines = new LineIndex(text);
  let table = '';
  const re = /^[ \t]*(?:\[\[?\s*([^\]]+?)\s*\]\]?|([A-Za-z0-9_.\-"' ]+?)[ \t]*=)/gm;
  for (let m; (m = re.exec(text)); ) {
    if (m[1] !== undefined) {
      table = m[1].replace(/["'\s]/g, '') + '.';
      continue;
    }
    const keyText = m[2];
    const offset = m.index + m[0].indexOf(keyText);
    const { line, column } = lines.position(offset);
    out.set(table + keyText.replace(/["'\s]/g, ''), { line, column, offset, length: keyText.length });
  }
  return out;
}

export function parseTomlConfig(text: string, file?: string): ArchConfig {
  let data: Record<string, unknown>;
  try {
    data = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    const te = e as TomlError;
    throw new ConfigError(`invalid TOML: ${String(te.message).split('\n')[0]}`, file, te.line, te.column);
  }
  const entries = flatten(data);
  const pos = scanKeys(text);
  for (const [k, e] of entries) {
    const p = pos.get(k);
    if (p) e.pos = p;
  }
  // The table holding the sizes: the first of model., '' or any table with a size key.
  const tables = ['model.', '', ...new Set([...entries.keys()].map((k) => k.slice(0, k.lastIndexOf('.') + 1)))];
  const sizeKeys = ['dim', 'hidden_size', 'd_model', 'n_embd'];
  const prefix = tables.find((t) => sizeKeys.some((k) => entries.has(t + k)));
  if (prefix !== undefined) return generic(new RawConfig(entries, file, [prefix, '']));
  const raw = new RawConfig(entries, file, ['model.', '']);
  const name = raw.str('family', ['name']);
  const flavorEntry = raw.entry(['flavor']);
  const flavor = raw.str('flavor', ['flavor']);
  if (name && flavor) {
    const table = TORCHTITAN_FLAVORS[name];
    const f = table?.[flavor];
    if (!f) throw raw.error(`unknown torchtitan flavor '${name}' / '${flavor}' (known: ${Object.entries(TORCHTITAN_FLAVORS).map(([n, t]) => Object.keys(t).map((k) => `${n}/${k}`).join(', ')).join(', ')})`, flavorEntry);
    const flat = new Map<string, RawEntry>(Object.entries(f).map(([k, v]) => [k, { key: k, value: v }]));
    const fr = new RawConfig(flat, file);
    const arch = generic(fr, name);
    const t = tomlTraining(raw);
    arch.seqLen = t.seqLen;
    arch.training = t.training;
    arch.keys.push(...raw.keys);
    arch.keys.sort((a, b) => a.offset - b.offset);
    arch.warnings.push(...raw.warnings);
    arch.warnings.push(`sizes from torchtitan's '${name}' flavor '${flavor}' table (the TOML names the flavor only)`);
    return arch;
  }
  throw new ConfigError('no model size found: expected [model] with dim/n_layers/n_heads (torchtitan), hidden_size/num_hidden_layers (HF) or d_model/n_layers (OLMo), or [model] name + flavor', file, 1, 1);
}

function generic(raw: RawConfig, family = 'llama'): ArchConfig {
  const d = raw.need('dModel', ['dim', 'hidden_size', 'd_model', 'n_embd']);
  const L = raw.need('layers', ['n_layers', 'num_hidden_layers', 'num_layers', 'n_layer']);
  const h = raw.need('heads', ['n_heads', 'num_attention_heads', 'n_head']);
  const g = raw.int('kvHeads', ['n_kv_heads', 'num_key_value_heads', 'num_query_groups'], h) as number;
  const dh = raw.int('headDim', ['head_dim'], Math.floor(d / h)) as number;
  let f = raw.int('mlp', ['intermediate_size', 'ffn_hidden_size', 'hidden_dim', 'ffn_dim']);
  if (f === undefined) {
    const multipleOf = raw.int('multipleOf', ['multiple_of'], 256) as number;
    const mult = raw.num('ffnDimMultiplier', ['ffn_dim_multiplier']);
    f = llamaFfnWidth(d, multipleOf, mult);
  }
  const V = raw.need('vocab', ['vocab_size']);
  const tied = raw.bool('tied', ['tie_word_embeddings', 'enable_weight_tying', 'weight_tying'], false);
  const { seqLen, training } = tomlTraining(raw);
  const arch = raw.finish('toml', {
    family, dModel: d, layers: L, heads: h, kvHeads: g, headDim: dh, mlp: f, mlpKind: 'gated', vocab: V, tied,
    norm: 'rmsnorm', normBias: false, normsPerLayer: 2, finalNorm: true, qkvBias: false, attnOutBias: false, mlpBias: false,
    positions: 'rope', seqLen, training,
  });
  validateArch(arch, raw.file);
  return arch;
}

/** Training settings from [training] / [optimizer] tables (torchtitan names). */
function tomlTraining(raw: RawConfig): { seqLen?: number; training?: ArchConfig['training'] } {
  const top = new RawConfig(raw.entries, raw.file, ['training.', 'model.', '']);
  const seqLen = top.int('seqLen', ['seq_len', 'max_seq_len', 'block_size']);
  const steps = top.num('steps', ['steps', 'max_steps'], undefined, { integer: true, positive: true });
  let batch = top.num('batchSize', ['global_batch_size'], undefined, { integer: true, positive: true });
  if (batch === undefined) {
    batch = top.num('batchSize', ['batch_size'], undefined, { integer: true, positive: true });
    if (batch !== undefined) raw.warnings.push('batch_size is read as the global batch (torchtitan\'s batch_size is per data-parallel rank: multiply by the number of ranks)');
  }
  const lr = top.num('lr', ['lr', 'learning_rate']) ?? new RawConfig(raw.entries, raw.file, ['optimizer.']).num('lr', ['lr']);
  raw.keys.push(...top.keys.filter((k) => !raw.keys.some((x) => x.key === k.key)));
  const training: NonNullable<ArchConfig['training']> = {};
  if (steps) training.steps = steps;
  if (batch) {
    training.batchSize = batch;
    if (seqLen) training.batchTokens = batch * seqLen;
    if (seqLen && steps) training.tokens = batch * seqLen * steps;
  }
  if (lr !== undefined) training.lr = lr;
  return { seqLen, training: Object.keys(training).length ? training : undefined };
}
