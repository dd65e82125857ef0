import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeForTargetLoss, optimalForCompute, type ChinchillaParams } from '../../../../src/core/plan/computeOptimal';
import { inferenceAwareForLoss, tokensForLoss } from '../../../../src/core/plan/inference';
import { estimateTrainingTime, planForTime } from '../../../../src/core/plan/wallclock';
import { proposeRun, proposeShape, shapeLadder } from '../../../../src/core/plan/proposeConfig';
import { parseHfConfigJson } from '../../../../src/core/plan/configs';
import { countParams } from '../../../../src/core/plan/paramCount';
import { attentionConventionForLaw, configuredTokens, flopsPerToken, trainingFlops } from '../../../../src/core/plan/flops';
import { parseNanoGptPy } from '../../../../src/core/plan/configs';

const CH: ChinchillaParams = { E: 1.82, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 };
const GPT2 = parseHfConfigJson('{"model_type":"gpt2","n_embd":768,"n_layer":12,"n_head":12,"n_positions":1024,"vocab_size":50257}');

test('FLOP conventions by name: 6N + 12·L·h·dh·T for GPT-2 small, T = 1024', () => {
  // torchtitan N (85,056,000): 6N = 510,336,000; attention 12·12·12·64·1024 = 113,246,208
  const t = flopsPerToken(GPT2, { seqLen: 1024 });
  assert.equal(t.attention, 113_246_208);
  assert.equal(t.total, 623_582_208);
  assert.match(t.convention, /torchtitan/);
  // nanoGPT estimate_mfu uses get_num_params() = 123,653,376
  assert.equal(flopsPerToken(GPT2, { n: 'nanoGPT', seqLen: 1024 }).total, 6 * 123_653_376 + 113_246_208);
  // plain 6ND with total N
  const f = trainingFlops(GPT2, 1e9, { n: 'total', attention: false });
  assert.equal(f.flops, 6 * 124_439_808 * 1e9);
  assert.equal(f.convention, '6ND (N: total)');
});

test('attention FLOPs: PaLM\'s 12·L·h·dh·T and Kaplan\'s Table 1 term, by name; Kaplan\'s with Kaplan\'s N', () => {
  // Kaplan et al. 2020, Table 1: forward 2·n_layer·n_ctx·d_attn per token; training = 3 × forward.
  // GPT-2 small: 3 · 2 · 12 · 1024 · 768 = 56,623,104, half of PaLM's 12 · 12 · 12 · 64 · 1024 = 113,246,208.
  const k = flopsPerToken(GPT2, { seqLen: 1024, attention: 'kaplan' });
  assert.equal(k.attention, 3 * 2 * 12 * 1024 * 768);
  assert.equal(k.attentionConvention, 'kaplan');
  assert.match(k.convention, /Kaplan Table 1/);
  const p = flopsPerToken(GPT2, { seqLen: 1024, attention: 'palm' });
  assert.equal(p.attention, 2 * k.attention);
  assert.match(p.convention, /^6N\+12LhdT \(PaLM;/);
  // The default follows the N convention: Kaplan's N (non-embedding block matrices, 84,934,656) → Kaplan's term.
  const kn = flopsPerToken(GPT2, { n: 'Kaplan', seqLen: 1024 });
  assert.equal(kn.attentionConvention, 'kaplan');
  assert.equal(kn.total, 6 * 84_934_656 + 56_623_104);
  assert.equal(flopsPerToken(GPT2, { seqLen: 1024 }).attentionConvention, 'palm');
  assert.equal(attentionConventionForLaw('kaplan-e'), 'kaplan');
  assert.equal(attentionConventionForLaw('chinchilla'), 'palm');
});

test('configured tokens from a nanoGPT config (steps × batch × block)', () => {
  const a = parseNanoGptPy('n_layer=2\nn_head=2\nn_embd=64\nbatch_size = 8\ngradient_accumulation_steps = 4\nblock_size = 256\nmax_iters = 1000\n');
  assert.equal(configuredTokens(a), 8 * 4 * 256 * 1000);
});

test('inference-aware allocation: with no inference it is the Chinchilla allocation for the target loss', () => {
  const target = 2.2;
  const r = inferenceAwareForLoss(CH, target, 0);
  const c = computeForTargetLoss(CH, target);
  assert.ok(Math.abs(r.N / c.N - 1) < 1e-5, `${r.N} vs ${c.N}`);
  assert.ok(Math.abs(r.D / c.D - 1) < 1e-5);
  assert.ok(Math.abs(r.loss - target) < 1e-10);
  assert.ok(r.savings < 1e-9);
});

test('inference-aware allocation satisfies the first-order condition and shifts to smaller N, more D', () => {
  const target = 2.1, T = 5e12;
  const r = inferenceAwareForLoss(CH, target, T);
  // d/dN [6 N D(N) + 2 N T] = 6 D + 6 N D'(N) + 2 T = 0, D'(N) = -(alpha A N^-(alpha+1)) / (beta B D^-(beta+1))
  const dD = -(CH.alpha * CH.A * r.N ** -(CH.alpha + 1)) / (CH.beta * CH.B * r.D ** -(CH.beta + 1));
  const grad = 6 * r.D + 6 * r.N * dD + 2 * T;
  assert.ok(Math.abs(grad) / (6 * r.D + 2 * T) < 1e-5, `relative gradient ${grad}`);
  assert.ok(r.N < r.chinchilla.N && r.D > r.chinchilla.D);
  assert.ok(r.totalFlops < r.chinchilla.totalFlops && r.savings > 0);
  assert.ok(Math.abs(tokensForLoss(CH, r.N, target) / r.D - 1) < 1e-12);
  assert.throws(() => inferenceAwareForLoss(CH, 1.5, T), /irreducible/);
});

test('wall-clock, MFU model: FLOPs ÷ (devices · peak · MFU) and nothing added; the FLOP count is the caller\'s', () => {
  const hw = { peakFlops: 1e14, memoryBandwidth: 1e12, utilization: 0.5, devices: 4 };
  const t = estimateTrainingTime(GPT2, 1e9, hw, { batchTokens: 524288, seqLen: 1024 });
  assert.equal(t.model, 'mfu');
  assert.ok(Math.abs(t.seconds - (623_582_208 * 1e9) / (4 * 1e14 * 0.5)) < 1e-6);
  assert.equal(t.memorySeconds, 0);
  assert.equal(t.bound, 'mfu');
  assert.match(t.flopConvention, /PaLM/);
  // A plan passes its own count (C = 6·N·D): the time is exactly C / (devices · peak · MFU).
  const C = 6 * 124_439_808 * 1e9;
  const p = estimateTrainingTime(GPT2, 1e9, hw, { flops: C, flopConvention: 'C = 6·N·D' });
  assert.equal(p.seconds, C / (4 * 1e14 * 0.5));
  assert.equal(p.flopConvention, 'C = 6·N·D');
  // No MFU given: the default 0.4 is used and reported as an assumption.
  const d = estimateTrainingTime(GPT2, 1e9, { peakFlops: 1e14 }, { flops: C });
  assert.equal(d.seconds, C / (1e14 * 0.4));
  assert.match(String(d.assumptions.utilizationSource), /assumed/);
  assert.throws(() => estimateTrainingTime(GPT2, 1e9, { peakFlops: 0 }), RangeError);
});

test('wall-clock, roofline: max(FLOPs at peak, bytes at bandwidth) from hardware numbers, never with an MFU', () => {
  const hw = { peakFlops: 1e14, memoryBandwidth: 1e12 };
  const t = estimateTrainingTime(GPT2, 1e9, hw, { model: 'roofline', batchTokens: 524288, seqLen: 1024 });
  const flops = 623_582_208 * 1e9;
  assert.ok(Math.abs(t.computeSeconds - flops / 1e14) < 1e-6);
  const steps = Math.ceil(1e9 / 524288); // 1908
  assert.equal(t.steps, 1908);
  const bytes = steps * 34 * 124_439_808 + 1e9 * 12 * (34 * 768 + 5 * 12 * 1024) * 2;
  assert.ok(Math.abs(t.memorySeconds - bytes / 1e12) < 1e-6);
  assert.equal(t.seconds, Math.max(t.computeSeconds, t.memorySeconds));
  assert.equal(t.bound, t.computeSeconds >= t.memorySeconds ? 'compute' : 'memory');
  assert.throws(() => estimateTrainingTime(GPT2, 1e9, { ...hw, utilization: 0.5 }, { model: 'roofline' }), /hardware numbers only/);
  assert.throws(() => estimateTrainingTime(GPT2, 1e9, { peakFlops: 1e14 }, { model: 'roofline' }), /bandwidth/);
});

test('planning by time (MFU model) spends exactly the budget\'s FLOPs, 6·N·D, and lands on the FLOP-optimal allocation', () => {
  const hw = { peakFlops: 1e15, utilization: 0.5, devices: 8 };
  const seconds = 86400;
  const C = seconds * 1e15 * 0.5 * 8;
  const shapes = shapeLadder(1e8, 1e11, 121);
  const r = planForTime(CH, seconds, hw, shapes, { lawN: 'total' });
  const opt = optimalForCompute(CH, C);
  assert.ok(Math.abs(6 * r.best.N * r.best.D / C - 1) < 1e-12);
  assert.ok(Math.abs(r.best.time.seconds / seconds - 1) < 1e-12);
  assert.ok(Math.abs(Math.log(r.best.N / opt.N)) < 0.15, `N ${r.best.N} vs ${opt.N}`);
  assert.ok(r.best.loss - opt.loss < 1e-3);
});

test('proposed shapes: near the target, launchable, and the snippet re-parses to the same count', () => {
  const s = proposeShape(6.74e9, { vocab: 32000 });
  assert.ok(Math.abs(s.relError) < 0.03, `${s.relError}`);
  assert.equal(s.arch.dModel % 128, 0);
  assert.equal(s.arch.heads % s.arch.kvHeads, 0);
  const a = optimalForCompute(CH, 1e21);
  const r = proposeRun(a.N, a.D);
  assert.ok(Math.abs(r.params.total / a.N - 1) < 0.05);
  assert.ok(r.steps * r.batchTokens >= a.D && (r.steps - 1) * r.batchTokens < a.D);
  assert.equal(r.batchTokens % r.seqLen, 0);
  const back = parseHfConfigJson(r.snippet);
  assert.equal(countParams(back).total, r.params.total);
  const g = proposeRun(1.24e8, 2.5e9, { family: 'gpt2' });
  assert.equal(countParams(parseHfConfigJson(g.snippet)).total, g.params.total);
  assert.ok(Math.abs(g.params.relError) < 0.05);
  // Step Law LR with Kaplan N of the proposed shape
  assert.ok(r.lr > 1e-4 && r.lr < 1e-2);
});
