// nanoGPT-style Python config files (config/train_gpt2.py and train.py globals): plain
// `name = value` assignments. Nothing is executed: values are literals (numbers, strings,
// True/False/None) or arithmetic (+ - * / // **, parentheses) over literals and names assigned
// earlier in the file. Other lines are ignored. Defaults are train.py's globals.

import { ConfigError, LineIndex, validateArch, type ArchConfig } from '../arch';
import { RawConfig, type RawEntry } from './common';

type Value = number | string | boolean | null;

class Expr {
  private i = 0;
  constructor(private s: string, private names: Map<string, RawEntry>) {}
  parse(): Value {
    const v = this.additive();
    this.ws();
    if (this.i < this.s.length) throw new Error(`unexpected '${this.s.slice(this.i, this.i + 10)}'`);
    return v;
  }
  private ws() {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }
  private num(v: Value, op: string): number {
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v !== 'number') throw new Error(`'${op}' needs numbers`);
    return v;
  }
  private additive(): Value {
    let v = this.term();
    for (;;) {
      this.ws();
      const c = this.s[this.i];
      if (c !== '+' && c !== '-') return v;
      this.i++;
      const r = this.term();
      if (c === '+' && typeof v === 'string' && typeof r === 'string') v = v + r;
      else v = c === '+' ? this.num(v, c) + this.num(r, c) : this.num(v, c) - this.num(r, c);
    }
  }
  private term(): Value {
    let v = this.power();
    for (;;) {
      this.ws();
      const op = this.s.startsWith('//', this.i) ? '//' : this.s[this.i] === '*' && this.s[this.i + 1] !== '*' ? '*' : this.s[this.i] === '/' ? '/' : this.s[this.i] === '%' ? '%' : '';
      if (!op) return v;
      this.i += op.length;
      const a = this.num(v, op), b = this.num(this.power(), op);
      v = op === '*' ? a * b : op === '/' ? a / b : op === '//' ? Math.floor(a / b) : a - b * Math.floor(a / b);
    }
  }
  private power(): Value {
    const v = this.unary();
    this.ws();
    if (this.s.startsWith('**', this.i)) {
      this.i += 2;
      return this.num(v, '**') ** this.num(this.power(), '**');
    }
    return v;
  }
  private unary(): Value {
    this.ws();
    if (this.s[this.i] === '-') {
      this.i++;
      return -this.num(this.unary(), '-');
    }
    if (this.s[this.i] === '+') {
      this.i++;
      return this.num(this.unary(), '+');
    }
    return this.atom();
  }
  private atom(): Value {
    this.ws();
    const rest = this.s.slice(this.i);
    if (rest[0] === '(') {
      this.i++;
      const v = this.additive();
      this.ws();
      if (this.s[this.i] !== ')') throw new Error("missing ')'");
      this.i++;
      return v;
    }
    let m = /^(\d[\d_]*\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/.exec(rest);
    if (m) {
      this.i += m[0].length;
      return Number(m[0].replace(/_/g, ''));
    }
    m = /^(?:'([^'\\]*)'|"([^"\\]*)")/.exec(rest);
    if (m) {
      this.i += m[0].length;
      return m[1] ?? m[2];
    }
    m = /^[A-Za-z_]\w*/.exec(rest);
    if (m) {
      this.i += m[0].length;
      if (m[0] === 'True') return true;
      if (m[0] === 'False') return false;
      if (m[0] === 'None') return null;
      const e = this.names.get(m[0]);
      if (!e) throw new Error(`'${m[0]}' is not assigned earlier in the file`);
      return e.value as Value;
    }
    throw new Error(`cannot read '${rest.slice(0, 12)}'`);
  }
}

/** The assignments of a nanoGPT config, with positions (later assignments override earlier ones). */
export function readPyAssignments(text: string, file?: string): Map<string, RawEntry> {
  const out = new Map<string, RawEntry>();
  const lines = new LineIndex(text);
  const re = /^([A-Za-z_]\w*)[ \t]*=(?!=)[ \t]*(.*?)[ \t]*(?:#.*)?$/gm;
  for (let m; (m = re.exec(text)); ) {
    const [, name, expr] = m;
    if (!expr) continue;
    const offset = m.index;
    const { line, column } = lines.position(offset);
    let value: Value;
    try {
      value = new Expr(expr, out).parse();
    } catch (e) {
      // Model-size keys must be readable; anything else we cannot evaluate is simply skipped.
      if (SIZE_KEYS.has(name)) throw new ConfigError(`cannot read the value of '${name}' without running Python: ${(e as Error).message}`, file, line, column + m[0].indexOf(expr, name.length));
      continue;
    }
    out.set(name, { key: name, value, pos: { line, column, offset, length: name.length } });
  }
  return out;
}

const SIZE_KEYS = new Set(['n_layer', 'n_head', 'n_embd', 'vocab_size', 'block_size', 'bias', 'n_kv_head']);

/** True when the text looks like a nanoGPT config (assigns at least one of n_layer, n_head, n_embd). */
export function looksLikeNanoGpt(text: string): boolean {
  return /^(n_layer|n_head|n_embd)\s*=/m.test(text);
}

export function parseNanoGptPy(text: string, file?: string): ArchConfig {
  const raw = new RawConfig(readPyAssignments(text, file), file);
  const L = raw.int('layers', ['n_layer'], 12) as number;
  const h = raw.int('heads', ['n_head'], 12) as number;
  const d = raw.int('dModel', ['n_embd'], 768) as number;
  const g = raw.int('kvHeads', ['n_kv_head']) ?? h;
  const V = raw.int('vocab', ['vocab_size'], 50304) as number;
  const T = raw.int('seqLen', ['block_size'], 1024) as number;
  const bias = raw.bool('bias', ['bias'], false);
  if (d % h !== 0) {
    const e = raw.entry(['n_embd']);
    throw raw.error(`n_embd (${d}) must be divisible by n_head (${h})`, e);
  }
  // Training settings (train.py: tokens_per_iter = gradient_accumulation_steps * batch_size * block_size).
  const batch = raw.num('batchSize', ['batch_size'], undefined, { integer: true, positive: true });
  const gas = raw.num('gradAccum', ['gradient_accumulation_steps'], undefined, { integer: true, positive: true });
  const steps = raw.num('steps', ['max_iters'], undefined, { integer: true, positive: true });
  const lr = raw.num('lr', ['learning_rate']);
  const training: ArchConfig['training'] = {};
  if (batch !== undefined) {
    training.batchSize = batch * (gas ?? 1);
    training.batchTokens = training.batchSize * T;
    if (steps !== undefined) training.tokens = training.batchTokens * steps;
  }
  if (steps !== undefined) training.steps = steps;
  if (lr !== undefined) training.lr = lr;
  const arch = raw.finish('nanogpt-py', {
    family: 'nanogpt', dModel: d, layers: L, heads: h, kvHeads: g, headDim: d / h, mlp: 4 * d, mlpKind: 'plain', vocab: V, tied: true,
    norm: 'layernorm', normBias: bias, normsPerLayer: 2, finalNorm: true, qkvBias: bias, attnOutBias: bias, mlpBias: bias,
    positions: 'learned', maxPositions: T, seqLen: T,
    training: Object.keys(training).length ? training : undefined,
  });
  validateArch(arch, file);
  return arch;
}
