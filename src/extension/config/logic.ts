// Config insights without VS Code: parse a model config, combine it with the active fit, and turn
// the result into hover markdown, a CodeLens title, an off-optimal diagnostic and quick-fix edits
// (as offset/length/text triples the host turns into a WorkspaceEdit). Everything here is pure and
// cheap (parsing + closed forms), so hovers never wait on the worker. Unit-tested in
// test/unit/extension/config. Built as its own bundle (dist/extensionConfig.js) and required on
// first use, so activating the extension does not parse the YAML/TOML/JSON parsers.
import {
  configInsights,
  countParams,
  keyAt,
  NON_EMBEDDING_CONVENTIONS,
  optimalForCompute,
  parseModelConfig,
  proposeShape,
  type ArchConfig,
  type ChinchillaParams,
  type ConfigInsights,
  type KeyLocation,
  type NChoice,
  type NonEmbeddingConvention,
} from '../../core/plan';
import { hfTrainingFromJson } from '../../core/plan/configs/hfTraining';
import type { FitReport } from '../../core/report/fitReport';

export interface PlanningSettings {
  /** N / N_opt (or its inverse) above this ratio raises the off-optimal diagnostic. */
  offOptimalThreshold: number;
  /** Which parameter count the active fit's N column used. */
  lawParameterCount: NChoice;
  /** Training tokens to assume when a config has none (0 = use the compute-optimal D for the model's size). */
  defaultTokens: number;
  /** Off switches. */
  hover: boolean;
  codeLens: boolean;
  diagnostics: boolean;
}

export const DEFAULT_PLANNING: PlanningSettings = { offOptimalThreshold: 2, lawParameterCount: 'total', defaultTokens: 0, hover: true, codeLens: true, diagnostics: true };

const N_CHOICES: NChoice[] = ['total', 'nanoGPT', 'torchtitan', 'OLMo', 'Kaplan', 'Chinchilla'];

export function readPlanningSettings(get: <T>(key: string) => T | undefined): PlanningSettings {
  const s = { ...DEFAULT_PLANNING };
  const th = Number(get<number>('planning.offOptimalThreshold'));
  if (Number.isFinite(th) && th > 1) s.offOptimalThreshold = th;
  const n = get<string>('planning.lawParameterCount');
  if (n && (N_CHOICES as string[]).includes(n)) s.lawParameterCount = n as NChoice;
  const t = get<number | string>('planning.defaultTokens');
  const tv = typeof t === 'string' ? parseHuman(t) : Number(t);
  if (Number.isFinite(tv) && tv > 0) s.defaultTokens = tv;
  for (const k of ['hover', 'codeLens', 'diagnostics'] as const) {
    const v = get<boolean>(`planning.${k}`);
    if (typeof v === 'boolean') s[k] = v;
  }
  return s;
}

function parseHuman(text: string): number {
  const m = /^\s*([0-9.]+(?:e[+-]?\d+)?)\s*([kKMBT]?)\s*$/.exec(text);
  if (!m) return NaN;
  return Number(m[1]) * ({ '': 1, k: 1e3, K: 1e3, M: 1e6, B: 1e9, T: 1e12 } as Record<string, number>)[m[2]];
}

// ------------------------------------------------------------------ the active fit as a Chinchilla law

export { lawFromReport, type FitLaw } from '../../core/plan/fitLaw';
import { lawFromReport, type FitLaw } from '../../core/plan/fitLaw';

/** Tokens that make a model of N parameters compute-optimal under the law (C = 6·N·D). */
export function optimalTokensForN(law: ChinchillaParams, N: number): number {
  const { A, B, alpha, beta } = law;
  const G = ((alpha * A) / (beta * B)) ** (1 / (alpha + beta));
  const a = beta / (alpha + beta);
  // N = G (C/6)^a  →  C/6 = (N/G)^(1/a) = N·D
  return (N / G) ** (1 / a) / N;
}

// ------------------------------------------------------------------ analysis

export type TokensSource = 'config' | 'setting' | 'optimal' | 'none';

export interface ConfigAnalysis {
  file: string;
  arch: ArchConfig;
  insights: ConfigInsights;
  tokensSource: TokensSource;
  fit?: FitLaw;
  settings: PlanningSettings;
  /** How the training length was read from a Trainer file beside the config (and what was assumed). */
  trainingNotes?: string[];
}

/** A Trainer file beside an HF config.json (training_args.json or trainer_state.json). */
export interface TrainingSidecar {
  name: string;
  text: string;
}

/** Cheap pre-check before loading parsers: does the text mention a model-size key at all? */
export function mightBeModelConfig(text: string): boolean {
  return /\b(hidden_size|n_embd|d_model|dim|num_layers|n_layers|n_layer|num_hidden_layers|flavor)\b/.test(text);
}

/** Parse and analyse; undefined for anything that is not a model config we understand (never throws). */
export function analyzeConfig(text: string, file: string, fit: FitLaw | undefined, settings: PlanningSettings = DEFAULT_PLANNING, sidecar?: TrainingSidecar): ConfigAnalysis | undefined {
  if (!mightBeModelConfig(text)) return undefined;
  let arch: ArchConfig;
  try {
    arch = parseModelConfig(text, file);
  } catch {
    return undefined;
  }
  // An HF model config holds no training length: the Trainer's own files beside it do.
  let trainingNotes: string[] | undefined;
  if (arch.training?.tokens === undefined && sidecar) {
    const h = hfTrainingFromJson(sidecar.text, sidecar.name, arch.maxPositions ?? arch.seqLen);
    if (h?.training.tokens) {
      arch = { ...arch, training: { ...arch.training, ...h.training } };
      trainingNotes = h.notes;
    }
  }
  if (!arch.keys.some((k) => k.field === 'dModel' || k.field === 'layers' || k.field === 'flavor')) return undefined;
  try {
    const base = { law: fit?.law, draws: fit?.draws, lawN: settings.lawParameterCount, farThreshold: Math.log(settings.offOptimalThreshold) };
    let insights = configInsights(arch, base);
    let tokensSource: TokensSource = insights.tokens !== undefined ? 'config' : 'none';
    if (insights.tokens === undefined && settings.defaultTokens > 0) {
      insights = configInsights(arch, { ...base, tokens: settings.defaultTokens });
      tokensSource = 'setting';
    } else if (insights.tokens === undefined && fit) {
      const N = settings.lawParameterCount === 'total' ? insights.counts.total : insights.counts.conventions[settings.lawParameterCount];
      const D = optimalTokensForN(fit.law, N);
      if (Number.isFinite(D) && D > 0) {
        insights = configInsights(arch, { ...base, tokens: D });
        insights.farFromOptimal = false;
        tokensSource = 'optimal';
      }
    }
    return { file, arch, insights, tokensSource, fit, settings, ...(trainingNotes ? { trainingNotes } : {}) };
  } catch {
    return undefined;
  }
}

// ------------------------------------------------------------------ formatting

export function human(x: number | undefined, digits = 3): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  for (const [v, s] of [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']] as [number, string][]) if (a >= v && a < 1e15) return `${+(x / v).toPrecision(digits)}${s}`;
  return a >= 1e15 || (a > 0 && a < 1e-3) ? x.toExponential(digits - 1) : String(+x.toPrecision(digits));
}

const sci = (x: number | undefined, d = 3) => (x === undefined || !Number.isFinite(x) ? '–' : x.toExponential(d - 1));
const grouped = (x: number) => Math.round(x).toLocaleString('en-US');
const loss = (x: number) => x.toFixed(4);

const FIELD_TEXT: Record<string, string> = {
  dModel: 'model width d_model', layers: 'transformer layers', heads: 'attention heads', kvHeads: 'key/value heads (GQA groups)', headDim: 'head dimension',
  mlp: 'MLP intermediate width', mlpFused: 'fused MLP width (gate + up)', vocab: 'embedding rows (vocabulary)', vocabUnpadded: 'tokenizer vocabulary (before padding)',
  tied: 'tied input/output embeddings', seqLen: 'training sequence length', steps: 'training steps', batchSize: 'sequences per optimizer step',
  tokens: 'training tokens', lr: 'learning rate', flavor: 'model flavor (sizes from the codebase table)', family: 'model family', gradAccum: 'gradient accumulation steps', maxPositions: 'learned position rows',
};

export const HOVER_COMMANDS = ['scalingLaws.showActiveFit', 'scalingLaws.planning.open', 'scalingLaws.fit'];

function tokensText(a: ConfigAnalysis): string {
  const t = a.insights.tokens;
  if (t === undefined) return '';
  const tr = a.arch.training;
  switch (a.tokensSource) {
    case 'config':
      if (a.trainingNotes) return `${human(t)} (${a.trainingNotes.join('; ')})`;
      return tr?.tokens !== undefined && !(tr.steps && (tr.batchTokens || tr.batchSize)) ? `${human(t)} (from the config)` : `${human(t)} (steps ${grouped(tr?.steps ?? 0)} × ${grouped(tr?.batchTokens ?? (tr?.batchSize ?? 0) * (a.arch.seqLen ?? 0))} tokens per step)`;
    case 'setting':
      return `${human(t)} (setting scalingLaws.planning.defaultTokens; the config sets none)`;
    case 'optimal':
      return `${human(t)} (the config sets none: compute-optimal D for this size under the fit)`;
    default:
      return '';
  }
}

/** Markdown for a hover on `key` (or the whole config when key is undefined). Links use command: URIs from HOVER_COMMANDS. */
/**
 * Text from the user's config (names, values, warnings quoting it) inside the hover's trusted
 * markdown: every character that could open a link, a command URI, HTML or a table cell is
 * backslash-escaped, and newlines cannot start new blocks.
 */
export function mdText(s: string): string {
  return String(s).replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]()<>|~&!#]/g, '\\$&');
}

/** A code span holding user text: a backtick inside would end it, so it becomes an apostrophe. */
function mdCode(s: string): string {
  return '`' + String(s).replace(/[\r\n]+/g, ' ').replace(/`/g, "'") + '`';
}

export function hoverMarkdown(a: ConfigAnalysis, key?: KeyLocation): string {
  const i = a.insights, c = i.counts;
  const lines: string[] = [];
  const fam = `${mdText(a.arch.family)} (${mdText(a.arch.format)})`;
  lines.push(`**Scaling Laws** · ${fam}`);
  if (key) {
    const what = key.field ? (Object.hasOwn(FIELD_TEXT, key.field) ? FIELD_TEXT[key.field] : mdText(key.field)) : undefined;
    lines.push('', `${mdCode(key.key)}${what ? ` — ${what}` : ''}${key.value !== undefined && typeof key.value !== 'object' ? ` = ${mdText(String(key.value))}` : ''}`);
  }
  lines.push('', '| | |', '|---|---|');
  lines.push(`| Parameters (total) | **${human(c.total)}** (${grouped(c.total)}) |`);
  if (c.active !== undefined) lines.push(`| Active per token (MoE) | ${human(c.active)} (${grouped(c.active)}) |`);
  const convs = Object.keys(NON_EMBEDDING_CONVENTIONS) as NonEmbeddingConvention[];
  const groups = new Map<number, string[]>();
  for (const k of convs) groups.set(c.conventions[k], [...(groups.get(c.conventions[k]) ?? []), k]);
  lines.push(`| Non-embedding | ${[...groups].map(([v, ks]) => `${human(v)} (${ks.join(', ')})`).join(' · ')} |`);
  if (i.tokens !== undefined && i.flops) {
    lines.push(`| Tokens | ${tokensText(a)} |`);
    if (i.predictedLoss !== undefined && a.fit) {
      const iv = i.predictedInterval ? ` (95 % ${loss(i.predictedInterval[0])}–${loss(i.predictedInterval[1])})` : ' (no bootstrap draws: no interval)';
      lines.push(`| Predicted loss | **${loss(i.predictedLoss)}**${iv} — ${mdText(a.fit.label)} |`);
    }
    lines.push(`| Training FLOPs | ${sci(i.flops.flops)} (${i.flops.convention}) · ${sci(6 * (i.lawN ?? c.total) * i.tokens)} (6·N·D, N ${a.settings.lawParameterCount}: the fit's convention) |`);
    lines.push(`| Tokens per parameter | ${i.tokensPerParam !== undefined ? i.tokensPerParam.toFixed(1) : '–'} (N ${a.settings.lawParameterCount}; Chinchilla ≈ 20) |`);
  }
  if (i.optimal) {
    const ratio = i.sizeRatio ?? 1;
    const verdict = a.tokensSource === 'optimal' ? 'by construction' : ratio >= 1 ? `this model is ${ratio.toFixed(2)}× N_opt` : `this model is ${(1 / ratio).toFixed(2)}× smaller than N_opt`;
    lines.push(`| Compute-optimal for the same FLOPs | N = ${human(i.optimal.N)}, D = ${human(i.optimal.D)} (${i.optimal.tokensPerParam.toFixed(1)} tokens/param, loss ${loss(i.optimal.loss)}); ${verdict} |`);
  }
  if (i.hparams) lines.push(`| Suggested LR, batch | ${sci(i.hparams.lr)}, ${human(i.hparams.batchTokens)} tokens (Step Law, N = ${human(c.conventions.Kaplan)} ${i.hparams.nConvention} convention) |`);
  const notes: string[] = [];
  if (!a.fit) notes.push('No active Chinchilla fit: fit a log (Scaling Laws: Fit Scaling Law) for predicted loss and the compute-optimal alternative.');
  if (i.tokens === undefined) notes.push('No token count in this config: set tokens, or steps × batch × sequence length, or the setting scalingLaws.planning.defaultTokens.');
  if (a.fit?.maxN && i.lawN && i.lawN > 10 * a.fit.maxN) notes.push(`N is ${(i.lawN / a.fit.maxN).toFixed(0)}× the largest fitted N: far extrapolation.`);
  if (a.arch.defaulted.length) notes.push(`Defaults used for: ${a.arch.defaulted.map(mdText).join(', ')}.`);
  for (const w of a.arch.warnings) notes.push(mdText(w));
  if (notes.length) lines.push('', ...notes.map((n) => `- ${n}`));
  const links = a.fit ? ['[Open the fit](command:scalingLaws.showActiveFit)', '[Planning panel](command:scalingLaws.planning.open)'] : ['[Fit a log…](command:scalingLaws.fit)'];
  lines.push('', links.join(' · '));
  return lines.join('\n');
}

/** The key under (1-based) line/column, with a little slack for the quotes around JSON keys. */
export function hoverKey(a: ConfigAnalysis, line: number, column: number): KeyLocation | undefined {
  return keyAt(a.arch, line, column) ?? keyAt(a.arch, line, column - 1);
}

/** One-line summary for the CodeLens at the top of a config. */
export function codeLensTitle(a: ConfigAnalysis): string {
  const i = a.insights;
  const parts = [`${human(i.counts.total)} params (${human(i.counts.nonEmbedding)} non-emb.)`];
  if (i.tokens !== undefined && a.tokensSource !== 'optimal') parts.push(`${human(i.tokens)} tokens`, `${sci(i.flops?.flops)} FLOPs`, `${(i.tokensPerParam ?? 0).toFixed(1)} tok/param`);
  if (i.predictedLoss !== undefined) parts.push(`loss ${loss(i.predictedLoss)}${i.predictedInterval ? ` [${loss(i.predictedInterval[0])}, ${loss(i.predictedInterval[1])}]` : ''}${a.tokensSource === 'optimal' ? ' if trained compute-optimally' : ''}`);
  if (i.optimal && a.tokensSource !== 'optimal') parts.push(`optimum ${human(i.optimal.N)} / ${human(i.optimal.D)} tok`);
  return `Scaling Laws: ${parts.join(' · ')}`;
}

// ------------------------------------------------------------------ diagnostic + quick fixes

export interface OffOptimal {
  message: string;
  /** Where to put the squiggle: the model-width key, else the first recognised key. */
  key: KeyLocation;
  ratio: number;
}

/** An information diagnostic when the configured run is further from compute-optimal than the threshold. */
export function offOptimalDiagnostic(a: ConfigAnalysis): OffOptimal | undefined {
  const i = a.insights;
  if (!a.fit || !i.optimal || i.sizeRatio === undefined || a.tokensSource === 'optimal' || a.tokensSource === 'none') return undefined;
  const r = i.sizeRatio;
  if (!(Math.abs(Math.log(r)) > Math.log(a.settings.offOptimalThreshold))) return undefined;
  const key = a.arch.keys.find((k) => k.field === 'dModel') ?? a.arch.keys.find((k) => k.field === 'layers') ?? a.arch.keys.find((k) => k.field === 'flavor') ?? a.arch.keys[0];
  if (!key) return undefined;
  const how = r > 1 ? `${r.toFixed(1)}× larger` : `${(1 / r).toFixed(1)}× smaller`;
  const message = `This model (${human(i.lawN)} parameters, ${human(i.tokens)} tokens) is ${how} than compute-optimal for its ${sci(6 * (i.lawN ?? 0) * (i.tokens ?? 0))} FLOPs under the ${a.fit.label}: N_opt = ${human(i.optimal.N)}, D_opt = ${human(i.optimal.D)} (predicted loss ${loss(i.predictedLoss ?? NaN)} → ${loss(i.optimal.loss)}). Threshold ${a.settings.offOptimalThreshold}× (scalingLaws.planning.offOptimalThreshold).`;
  return { message, key, ratio: r };
}

export interface TextEditSpec {
  /** 0-based character offset and length of the text replaced. */
  offset: number;
  length: number;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEditSpec[];
  /** What the config becomes (checked by re-parsing the edited text). */
  result: { total: number; lawN: number; tokens?: number };
}

/** The value literal after a key (`"k": 4096`, `k: 4096`, `k = 4096`), on the same line; undefined when it is not a plain number. */
export function valueRange(text: string, key: KeyLocation): { offset: number; length: number; text: string } | undefined {
  const from = key.offset + key.length;
  const eol = text.indexOf('\n', from);
  const rest = text.slice(from, eol < 0 ? text.length : eol);
  const m = /^\s*["']?\s*[:=]\s*/.exec(rest);
  if (!m) return undefined;
  const v = /^[+-]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(rest.slice(m[0].length));
  if (!v) return undefined;
  return { offset: from + m[0].length, length: v[0].length, text: v[0] };
}

export function applyEdits(text: string, edits: TextEditSpec[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

const intText = (x: number) => String(Math.round(x));

/** Edits that set the token count to D (via the tokens key, else the steps key). */
function tokenEdits(text: string, a: ConfigAnalysis, D: number): TextEditSpec[] | undefined {
  const tokensKey = a.arch.keys.find((k) => k.field === 'tokens');
  const stepsKey = a.arch.keys.find((k) => k.field === 'steps');
  if (tokensKey) {
    const r = valueRange(text, tokensKey);
    if (r) return [{ offset: r.offset, length: r.length, newText: intText(D) }];
  }
  if (stepsKey && a.insights.tokens && a.arch.training?.steps) {
    const perStep = a.insights.tokens / a.arch.training.steps;
    const r = valueRange(text, stepsKey);
    if (r && perStep > 0) return [{ offset: r.offset, length: r.length, newText: intText(Math.max(1, Math.ceil(D / perStep))) }];
  }
  return undefined;
}

function reparse(text: string, a: ConfigAnalysis): QuickFix['result'] | undefined {
  const b = analyzeConfig(text, a.file, a.fit, { ...a.settings, defaultTokens: 0 });
  if (!b) return undefined;
  return { total: b.insights.counts.total, lawN: b.insights.lawN ?? b.insights.counts.total, tokens: b.tokensSource === 'config' ? b.insights.tokens : undefined };
}

/**
 * Quick fixes for an off-optimal config: (1) keep the model, train the compute-optimal tokens for its
 * size; (2) resize to the compute-optimal N for the same FLOPs (a shape of the same family: width,
 * depth, heads, MLP) and train D_opt. Each is verified by re-parsing the edited text; a fix whose
 * result misses its target by more than 15 % is not offered.
 */
export function quickFixes(text: string, a: ConfigAnalysis): QuickFix[] {
  const out: QuickFix[] = [];
  const i = a.insights;
  if (!a.fit || !i.optimal || i.lawN === undefined || a.tokensSource === 'optimal' || a.tokensSource === 'none') return out;
  const N = i.lawN;
  const close = (x: number | undefined, y: number) => x !== undefined && Math.abs(x / y - 1) < 0.15;
  // 1. same model, compute-optimal tokens for it
  const Dn = optimalTokensForN(a.fit.law, N);
  const t1 = tokenEdits(text, a, Dn);
  if (t1) {
    const res = reparse(applyEdits(text, t1), a);
    if (res && close(res.tokens, Dn)) out.push({ title: `Train ${human(Dn)} tokens (compute-optimal for this ${human(N)}-parameter model)`, edits: t1, result: res });
  }
  // 2. same FLOPs, compute-optimal shape and tokens
  const target = i.optimal;
  const family = a.arch.family === 'gpt2' || a.arch.mlpKind === 'plain' ? 'gpt2' : 'llama';
  let shape: ArchConfig;
  try {
    shape = proposeShape(target.N, { family, vocab: a.arch.vocab, headDim: a.arch.headDim, tied: a.arch.tied, seqLen: a.arch.seqLen, nConvention: a.settings.lawParameterCount, kvGroups: a.arch.heads / a.arch.kvHeads }).arch;
  } catch {
    return out;
  }
  const values: Record<string, number> = { dModel: shape.dModel, layers: shape.layers, heads: shape.heads, kvHeads: shape.kvHeads, mlp: shape.mlp, mlpFused: 2 * shape.mlp };
  if (family === 'gpt2') delete values.mlp; // GPT-2 n_inner follows 4·d when unset; set it only when present
  if (family === 'gpt2' && a.arch.keys.some((k) => k.field === 'mlp')) values.mlp = 4 * shape.dModel;
  const edits: TextEditSpec[] = [];
  const changed: string[] = [];
  for (const k of a.arch.keys) {
    if (!k.field || !(k.field in values)) continue;
    const r = valueRange(text, k);
    if (!r) continue;
    const nv = intText(values[k.field]);
    if (r.text.replace(/_/g, '') === nv) continue;
    edits.push({ offset: r.offset, length: r.length, newText: nv });
    changed.push(`${k.key.split('.').pop()} ${r.text}→${nv}`);
  }
  if (!edits.length) return out;
  const te = tokenEdits(text, a, target.D);
  if (te) edits.push(...te);
  const res = reparse(applyEdits(text, edits), a);
  if (res && close(res.lawN, target.N) && (!te || close(res.tokens, target.D))) {
    out.push({ title: `Resize to the compute-optimal ${human(res.lawN)} parameters${te ? ` and ${human(target.D)} tokens` : ''} for the same FLOPs (${changed.join(', ')})`, edits, result: res });
  }
  return out;
}

/** Re-export for the host and the planning panel. */
export { countParams, optimalForCompute };
