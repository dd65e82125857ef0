// Config insights without VS Code: hover markdown, CodeLens, the off-optimal decision and the quick-fix
// edits, checked against published counts and hand-derived closed forms (the Chinchilla first-order
// condition alpha·A/N^alpha = beta·B/D^beta at the optimum), never against the code's own output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModelConfig, countParams } from '../../../../src/core/plan';
import type { FitReport } from '../../../../src/core/report/fitReport';
import {
  analyzeConfig, applyEdits, codeLensTitle, DEFAULT_PLANNING, hoverKey, hoverMarkdown, human, lawFromReport, offOptimalDiagnostic, optimalTokensForN, quickFixes,
  readPlanningSettings, valueRange, type FitLaw,
} from '../../../../src/extension/config/logic';

const root = join(__dirname, '../../../..');
const example = (f: string) => readFileSync(join(root, 'examples/configs', f), 'utf8');
const P = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
const fit: FitLaw = { law: P, draws: [], label: 'chinchilla fit of runs.csv' };
const L = (N: number, D: number, p = P) => p.E + p.A / N ** p.alpha + p.B / D ** p.beta;
/** Compute-optimal N for C = 6ND by hand: minimise L(N, C/6N) → N = G (C/6)^(beta/(alpha+beta)), G = (alpha A / (beta B))^(1/(alpha+beta)). */
const Nopt = (C: number, p = P) => ((p.alpha * p.A) / (p.beta * p.B)) ** (1 / (p.alpha + p.beta)) * (C / 6) ** (p.beta / (p.alpha + p.beta));
/** Tokens making N optimal, from the first-order condition alpha·A/N^alpha = beta·B/D^beta. */
const Dfoc = (N: number, p = P) => ((p.beta * p.B * N ** p.alpha) / (p.alpha * p.A)) ** (1 / p.beta);
const rel = (a: number, b: number) => Math.abs(a / b - 1);

test('Llama-2-7B config.json hover: published parameter count, conventions named, loss at the compute-optimal D for its size', () => {
  const text = example('config.json');
  const a = analyzeConfig(text, 'config.json', fit);
  assert.ok(a);
  assert.equal(a.insights.counts.total, 6_738_415_616); // published Llama-2-7B count
  assert.equal(a.tokensSource, 'optimal', 'config.json sets no tokens');
  const N = 6_738_415_616;
  const D = Dfoc(N);
  assert.ok(rel(a.insights.tokens!, D) < 1e-9, `D ${a.insights.tokens} vs first-order condition ${D}`);
  assert.ok(rel(a.insights.predictedLoss!, L(N, D)) < 1e-12);
  const line = text.split('\n').findIndex((l) => l.includes('"hidden_size"')) + 1;
  const col = text.split('\n')[line - 1].indexOf('hidden_size') + 3; // inside the key
  const key = hoverKey(a, line, col);
  assert.equal(key?.key, 'hidden_size');
  const md = hoverMarkdown(a, key);
  assert.match(md, /6,738,415,616/);
  assert.match(md, /Non-embedding .*torchtitan.*Kaplan/);
  assert.ok(md.includes(L(N, D).toFixed(4)), 'predicted loss shown to 4 decimals');
  assert.match(md, /compute-optimal D for this size/);
  assert.match(md, /\[Open the fit\]\(command:scalingLaws\.showActiveFit\)/);
  assert.match(md, /`hidden_size` — model width d_model = 4096/);
  // a position outside any key: no hover
  assert.equal(hoverKey(a, 1, 1), undefined);
  // optimalTokensForN is the first-order condition
  assert.ok(rel(optimalTokensForN(P, 1e9), Dfoc(1e9)) < 1e-9);
});

test('nanoGPT train config: tokens = steps × batch × accumulation × block, FLOPs, tokens/param, loss by hand, off-optimal diagnostic', () => {
  const text = example('train_gpt2_small.py');
  const a = analyzeConfig(text, 'train_gpt2_small.py', fit);
  assert.ok(a);
  const D = 600000 * 12 * 40 * 1024;
  const N = 124_373_760; // GPT-2 small with a 50304 vocabulary, tied, learned positions
  assert.equal(a.insights.tokens, D);
  assert.equal(a.insights.counts.total, N);
  assert.equal(a.tokensSource, 'config');
  const md = hoverMarkdown(a, a.arch.keys.find((k) => k.key === 'n_layer'));
  assert.ok(md.includes((D / N).toFixed(1)), 'tokens per parameter');
  assert.ok(md.includes(L(N, D).toFixed(4)), 'predicted loss');
  assert.ok(md.includes((6 * N * D).toExponential(2)), '6·N·D FLOPs in the fit convention');
  assert.match(md, /steps 600,000 × 491,520 tokens per step/);
  const ratio = N / Nopt(6 * N * D);
  assert.ok(rel(a.insights.sizeRatio!, ratio) < 1e-9);
  const diag = offOptimalDiagnostic(a);
  assert.ok(diag, `ratio ${ratio} is beyond a factor 2`);
  assert.equal(diag.key.key, 'n_embd');
  assert.match(diag.message, new RegExp(`${(1 / ratio).toFixed(1)}× smaller`));
  // the threshold is a setting: a factor 10 tolerates this run
  const lenient = analyzeConfig(text, 'train_gpt2_small.py', fit, { ...DEFAULT_PLANNING, offOptimalThreshold: 10 });
  assert.equal(offOptimalDiagnostic(lenient!), undefined);
  // no fit → no diagnostic, no loss, a link to fit instead
  const nofit = analyzeConfig(text, 'train_gpt2_small.py', undefined)!;
  assert.equal(offOptimalDiagnostic(nofit), undefined);
  assert.equal(nofit.insights.predictedLoss, undefined);
  assert.match(hoverMarkdown(nofit), /command:scalingLaws\.fit/);
  assert.match(codeLensTitle(a), /124M params .* 295B tokens .*loss/);
});

test('quick fix 1 keeps the model and sets max_iters for the compute-optimal tokens; only that literal changes', () => {
  const text = example('train_gpt2_small.py');
  const a = analyzeConfig(text, 'train_gpt2_small.py', fit)!;
  const fixes = quickFixes(text, a);
  const keep = fixes.find((f) => /^Train /.test(f.title));
  assert.ok(keep, fixes.map((f) => f.title).join('; '));
  const steps = Math.ceil(Dfoc(124_373_760) / (12 * 40 * 1024));
  assert.deepEqual(keep.edits.map((e) => e.newText), [String(steps)]);
  const after = applyEdits(text, keep.edits);
  const diff = after.split('\n').filter((l, i) => l !== text.split('\n')[i]);
  assert.deepEqual(diff, [`max_iters = ${steps}`]);
});

test('quick fix 2 resizes to the compute-optimal N for the same FLOPs: the edited file parses to within 15 % of N_opt and D_opt', () => {
  const text = example('train_gpt2_small.py');
  const a = analyzeConfig(text, 'train_gpt2_small.py', fit)!;
  const resize = quickFixes(text, a).find((f) => /^Resize/.test(f.title));
  assert.ok(resize);
  const N = 124_373_760, D = 600000 * 12 * 40 * 1024;
  const C = 6 * N * D;
  const nOpt = Nopt(C), dOpt = C / (6 * nOpt);
  const after = applyEdits(text, resize.edits);
  const arch = parseModelConfig(after, 'train.py');
  const total = countParams(arch).total;
  assert.ok(rel(total, nOpt) < 0.15, `resized ${total} vs N_opt ${nOpt}`);
  const tokens = arch.training!.steps! * 12 * 40 * 1024;
  assert.ok(rel(tokens, dOpt) < 0.15, `tokens ${tokens} vs D_opt ${dOpt}`);
  // every edit replaced a number literal with an integer
  for (const e of resize.edits) {
    assert.match(text.slice(e.offset, e.offset + e.length), /^\d[\d_]*$/);
    assert.match(e.newText, /^\d+$/);
  }
  // n_head still divides n_embd (a launchable shape)
  assert.equal(arch.dModel % arch.heads, 0);
});

test('predicted-loss interval: 2.5/97.5 percentiles over the fit draws, by hand', () => {
  const draws = [0.95, 1, 1.05, 1.1].map((s) => ({ ...P, A: P.A * s, B: P.B / s }));
  const text = example('train_gpt2_small.py');
  const a = analyzeConfig(text, 'train_gpt2_small.py', { ...fit, draws })!;
  const N = 124_373_760, D = 600000 * 12 * 40 * 1024;
  const v = draws.map((d) => L(N, D, d)).sort((x, y) => x - y);
  const q = (p: number) => {
    const pos = (p / 100) * (v.length - 1), lo = Math.floor(pos);
    return v[lo] + (v[lo + 1] - v[lo]) * (pos - lo);
  };
  assert.ok(rel(a.insights.predictedInterval![0], q(2.5)) < 1e-12);
  assert.ok(rel(a.insights.predictedInterval![1], q(97.5)) < 1e-12);
  assert.ok(hoverMarkdown(a).includes(`95 % ${q(2.5).toFixed(4)}–${q(97.5).toFixed(4)}`));
});

test('bad or foreign files give no insights and never throw', () => {
  const cases: [string, string][] = [
    ['{"hidden_size": 4096,,}', 'config.json'],
    ['{"name": "x", "version": "1.0.0", "dependencies": {}}', 'package.json'],
    ['{"hidden_size": "wide", "num_hidden_layers": 2}', 'config.json'],
    ['{"hidden_size": 4096, "num_attention_heads": 32, "num_key_value_heads": 5, "num_hidden_layers": 2, "intermediate_size": 8, "vocab_size": 10}', 'config.json'],
    ['model:\n  d_model: [1, 2\n', 'model.yaml'],
    ['import torch\nn_layer = foo()\n', 'train.py'],
    ['[model]\ndim = "x"\n', 'train.toml'],
    ['', 'config.json'],
    ['\u0000\u0001\u0002', 'weights.json'],
  ];
  for (const [text, file] of cases) assert.equal(analyzeConfig(text, file, fit), undefined, `${file}: ${text}`);
  // a fit without Chinchilla parameters contributes nothing (no crash)
  assert.equal(lawFromReport({ law: 'kaplan', params: { Nc: 8.8e13, alphaN: 0.076 } } as unknown as FitReport), undefined);
});

test('lawFromReport reads bootstrap samples in the report parameter order', () => {
  const report = {
    law: 'chinchilla', params: { alpha: 0.34, beta: 0.28, E: 1.69, A: 406.4, B: 410.7 },
    bootstrap: { samples: [[0.3, 0.2, 1.5, 400, 410], [0.35, 0.3, 1.7, 420, 400]] },
    provenance: { input: { file: '/w/runs.csv' } }, data: { inputs: { N: [1e7, 3e8] } },
  } as unknown as FitReport;
  const f = lawFromReport(report)!;
  assert.deepEqual(f.law, P);
  assert.deepEqual(f.draws[0], { E: 1.5, A: 400, B: 410, alpha: 0.3, beta: 0.2 });
  assert.equal(f.label, 'chinchilla fit of runs.csv');
  assert.equal(f.maxN, 3e8);
});

test('valueRange finds the literal after a key in JSON, YAML, TOML and Python', () => {
  const at = (text: string, key: string) => {
    const offset = text.indexOf(key);
    return valueRange(text, { key, offset, length: key.length, line: 1, column: offset + 1 })?.text;
  };
  assert.equal(at('{ "hidden_size" : 4096, "x": 1 }', '"hidden_size"'), '4096');
  assert.equal(at('  d_model: 2048  # width', 'd_model'), '2048');
  assert.equal(at('max_duration: 739_328\n', 'max_duration'), '739_328');
  assert.equal(at('steps = 1e5\n', 'steps'), '1e5');
  assert.equal(at("n_embd = 768 # comment", 'n_embd'), '768');
  assert.equal(at('flavor = "8B"', 'flavor'), undefined);
  assert.equal(applyEdits('a=1 b=22', [{ offset: 2, length: 1, newText: '333' }, { offset: 6, length: 2, newText: '4' }]), 'a=333 b=4');
});

test('settings: threshold ratio, parameter-count convention, default tokens in 1.4T notation', () => {
  const v: Record<string, unknown> = { 'planning.offOptimalThreshold': 3, 'planning.lawParameterCount': 'Kaplan', 'planning.defaultTokens': '1.4T', 'planning.hover': false };
  const s = readPlanningSettings(<T>(k: string) => v[k] as T);
  assert.deepEqual(s, { ...DEFAULT_PLANNING, offOptimalThreshold: 3, lawParameterCount: 'Kaplan', defaultTokens: 1.4e12, hover: false });
  const badValues: Record<string, unknown> = { 'planning.offOptimalThreshold': 0.5, 'planning.lawParameterCount': 'bogus' };
  const bad = readPlanningSettings(<T>(k: string) => badValues[k] as T);
  assert.equal(bad.offOptimalThreshold, 2);
  assert.equal(bad.lawParameterCount, 'total');
  // default tokens apply to configs without a token count, and make the loss / diagnostic available
  const a = analyzeConfig(example('config.json'), 'config.json', fit, s)!;
  assert.equal(a.tokensSource, 'setting');
  assert.equal(a.insights.tokens, 1.4e12);
  const N = a.insights.counts.conventions.Kaplan;
  assert.ok(rel(a.insights.predictedLoss!, L(N, 1.4e12)) < 1e-12, 'loss uses the Kaplan count when the fit used it');
});

test('OLMo YAML: hover on model.d_model names the key and the fused-width warning', () => {
  const text = example('olmo-1b.yaml');
  const a = analyzeConfig(text, 'olmo-1b.yaml', fit)!;
  const key = hoverKey(a, 2, 4);
  assert.equal(key?.key, 'model.d_model');
  const md = hoverMarkdown(a, key);
  assert.match(md, /fused gate\+up width/);
  assert.match(md, /\*\*1\.18B\*\*/);
});

test('torchtitan flavor TOML: Llama-2-7B flavor count, tokens = steps × batch × seq_len, steps quick fix', () => {
  const text = '[model]\nname = "llama2"\nflavor = "7B"\n\n[training]\nseq_len = 4096\nsteps = 100\nglobal_batch_size = 8\n';
  const a = analyzeConfig(text, 'llama2_7b.toml', fit)!;
  assert.ok(a, 'flavor-only files are recognised');
  assert.equal(a.insights.counts.total, 6_738_415_616);
  assert.equal(a.insights.tokens, 100 * 8 * 4096);
  const md = hoverMarkdown(a, hoverKey(a, 3, 2));
  assert.match(md, /`model\.flavor` — model flavor/);
  const diag = offOptimalDiagnostic(a)!;
  assert.equal(diag.key.key, 'model.flavor');
  const keep = quickFixes(text, a).find((f) => /^Train /.test(f.title))!;
  const steps = Math.ceil(Dfoc(6_738_415_616) / (8 * 4096));
  assert.equal(applyEdits(text, keep.edits), text.replace('steps = 100', `steps = ${steps}`));
});

test('Megatron YAML: train_iters × global_batch_size × seq_length tokens and the loss by hand', () => {
  const text = 'num_layers: 24\nhidden_size: 1024\nnum_attention_heads: 16\nffn_hidden_size: 4096\nseq_length: 2048\nglobal_batch_size: 512\ntrain_iters: 100000\npadded_vocab_size: 50304\n';
  const a = analyzeConfig(text, 'megatron.yaml', fit)!;
  const D = 100000 * 512 * 2048;
  assert.equal(a.insights.tokens, D);
  const N = a.insights.counts.total;
  assert.ok(rel(a.insights.predictedLoss!, L(N, D)) < 1e-12);
  assert.equal(hoverKey(a, 2, 3)?.key, 'hidden_size');
});

test('HF config.json with default tokens: the resize fix keeps valid JSON and lands within 15 % of N_opt', () => {
  const text = example('config.json');
  const a = analyzeConfig(text, 'config.json', fit, { ...DEFAULT_PLANNING, defaultTokens: 2e13 })!;
  const N = 6_738_415_616, C = 6 * N * 2e13;
  assert.ok(rel(a.insights.optimal!.N, Nopt(C)) < 1e-9);
  assert.ok(offOptimalDiagnostic(a), `N / N_opt = ${N / Nopt(C)}`);
  const fixes = quickFixes(text, a);
  assert.ok(!fixes.some((f) => /^Train /.test(f.title)), 'no token key in config.json: nothing to edit for tokens');
  const resize = fixes.find((f) => /^Resize/.test(f.title))!;
  const edited = applyEdits(text, resize.edits);
  const obj = JSON.parse(edited);
  const total = countParams(parseModelConfig(edited, 'config.json')).total;
  assert.ok(rel(total, Nopt(C)) < 0.15, `${total} vs ${Nopt(C)}`);
  assert.equal(obj.num_attention_heads % obj.num_key_value_heads, 0);
  assert.equal(obj.vocab_size, 32000, 'untouched keys stay');
});

test('an HF config.json with training_args.json beside it: tokens from steps × batch × sequence, and the hover, CodeLens and diagnostic use that one count', () => {
  const args = { per_device_train_batch_size: 16, gradient_accumulation_steps: 8, max_steps: 20000, world_size: 8, max_seq_length: 4096 };
  const a = analyzeConfig(example('config.json'), 'config.json', fit, DEFAULT_PLANNING, { name: 'training_args.json', text: JSON.stringify(args) })!;
  const tokens = 20000 * 16 * 8 * 8 * 4096;
  assert.equal(a.insights.tokens, tokens);
  assert.equal(a.tokensSource, 'config');
  const md = hoverMarkdown(a);
  assert.match(md, /training_args\.json/);
  const tpp = a.insights.tokensPerParam!;
  assert.ok(Math.abs(tpp - tokens / a.insights.lawN!) / tpp < 1e-12);
  // One computation: the CodeLens and the diagnostic quote the same tokens/param as the hover.
  const lens = codeLensTitle(a);
  assert.ok(lens.includes(tpp.toFixed(1)) || lens.includes(human(tokens)), lens);
  const off = offOptimalDiagnostic(a);
  assert.ok(off && off.message.includes(`${human(tokens)} tokens`), off?.message);
  // Without the sidecar the same config has no token count of its own.
  assert.notEqual(analyzeConfig(example('config.json'), 'config.json', fit)!.tokensSource, 'config');
});
