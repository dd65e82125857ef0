import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../../src/cli/main';
import { chinchillaLoss, computeForTargetLoss, optimalForCompute } from '../../../../src/core/plan/computeOptimal';
import { inferenceAwareForLoss } from '../../../../src/core/plan/inference';
import { configInsights } from '../../../../src/core/plan/insights';
import { parseHfConfigJson } from '../../../../src/core/plan/configs';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'plan-cli-'));
const LAW = ['--law', 'chinchilla', '--params', 'E=1.82,A=482.01,B=2085.43,alpha=0.3478,beta=0.3658'];

test('params --json has the contract keys and the Llama-3-8B count', async () => {
  const f = join(dir, 'config.json');
  writeFileSync(f, '{"model_type":"llama","hidden_size":4096,"intermediate_size":14336,"num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":8,"vocab_size":128256,"tie_word_embeddings":false}');
  const r = await cli('params', f, '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  for (const k of ['total', 'nonEmbedding', 'layers', 'dModel', 'heads', 'kvHeads', 'mlp', 'vocab', 'tied', 'format']) assert.ok(k in j, k);
  assert.equal(j.total, 8_030_261_248);
  assert.equal(j.nonEmbedding, 8_030_261_248 - 128256 * 4096);
  assert.equal(j.kvHeads, 8);
  assert.equal(j.tied, false);
  assert.equal(j.format, 'hf-json');
});

test('params: located config errors and bad flags exit 2', async () => {
  const f = join(dir, 'bad.json');
  writeFileSync(f, '{"hidden_size": 4096,\n  "num_hidden_layers": true}');
  const r = await cli('params', f, '--json');
  assert.equal(r.code, 2);
  assert.match(r.err, /bad\.json:2:3: 'num_hidden_layers' must be a number/);
  assert.equal((await cli('params', f, '--nope')).code, 2);
  assert.equal((await cli('params', join(dir, 'missing.json'))).code, 2);
  assert.equal((await cli('params', f, '--convention', 'foo')).code, 2);
});

test('hparams --json returns Step Law lr and batchTokens', async () => {
  const r = await cli('hparams', '--N', '1B', '--D', '100B', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.ok(Math.abs(j.lr / (1.79 * 1e9 ** -0.713 * 1e11 ** 0.307) - 1) < 1e-12);
  assert.ok(Math.abs(j.batchTokens / (0.58 * 1e11 ** 0.571) - 1) < 1e-12);
  assert.equal((await cli('hparams', '--N', '1B')).code, 2);
  assert.equal((await cli('hparams', '--N', 'x', '--D', '1')).code, 2);
  assert.equal((await cli('hparams', '--N', '1B', '--D', '1T', '--law', 'other')).code, 2);
});

test('isoflop on a CSV of synthetic runs recovers the exponent; a single budget fails with exit 1', async () => {
  const p = { E: 1.82, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 };
  const lines = ['N,C,loss'];
  for (const C of [1e18, 1e19, 1e20, 1e21]) {
    const nOpt = optimalForCompute(p, C).N;
    for (let u = -0.8; u <= 0.81; u += 0.2) {
      const N = nOpt * 1.3 * 10 ** u;
      lines.push(`${N},${C},${chinchillaLoss(p, N, C / (6 * N))}`);
    }
  }
  const f = join(dir, 'iso.csv');
  writeFileSync(f, lines.join('\n') + '\n');
  const r = await cli('isoflop', f, '--json', '--bootstrap', '50', '--seed', '1');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.budgets.length, 4);
  assert.ok(Math.abs(j.a - 0.3658 / 0.7136) < 0.01, `a = ${j.a}`);
  assert.ok(Array.isArray(j.aInterval) && j.aInterval.length === 2);
  const text = await cli('isoflop', f);
  assert.match(text.out, /N_opt ∝ C\^a, a = 0\.5/);
  const one = join(dir, 'one.csv');
  writeFileSync(one, lines.slice(0, 10).join('\n') + '\n');
  assert.equal((await cli('isoflop', one)).code, 1);
  assert.equal((await cli('isoflop')).code, 2);
});

test('envelope on a long CSV of synthetic training curves recovers the exponent; bad input exits 2', async () => {
  const p = { E: 1.82, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 };
  const lines = ['run,N,tokens,loss'];
  for (let e = 7; e <= 10.001; e += 0.125) {
    const N = Math.round(10 ** e);
    for (let t = 1; t <= 300; t *= 1.06) lines.push(`gpt-${e.toFixed(3)},${N},${N * t},${chinchillaLoss(p, N, N * t)}`);
  }
  const f = join(dir, 'curves.csv');
  writeFileSync(f, lines.join('\n') + '\n');
  const r = await cli('envelope', f, '--json', '--bootstrap', '30', '--seed', '2');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  const a = p.beta / (p.alpha + p.beta);
  assert.ok(Math.abs(j.a - a) < 0.015, `a = ${j.a} vs ${a}`);
  assert.ok(Math.abs(j.b - (1 - a)) < 0.015, `b = ${j.b}`);
  assert.equal(j.runs, 25);
  assert.ok(j.aInterval[0] < j.a && j.a < j.aInterval[1]);
  assert.equal(j.columns.run, 'run');
  for (const e of j.envelope.slice(0, 3)) assert.ok(Math.abs(e.D * 6 * e.N / e.C - 1) < 1e-9);
  const text = await cli('envelope', f, '--bootstrap', '0');
  assert.match(text.out, /N_opt ∝ C\^a, a = 0\.5/);
  // One model size only: a usage error naming what is missing; a run with two sizes: also exit 2.
  const one = join(dir, 'one-size.csv');
  writeFileSync(one, lines.filter((l, i) => i === 0 || l.startsWith('gpt-7.000,')).join('\n') + '\n');
  const r1 = await cli('envelope', one);
  assert.equal(r1.code, 2);
  assert.match(r1.err, /at least two model sizes/);
  const mixed = join(dir, 'mixed.csv');
  writeFileSync(mixed, 'run,N,tokens,loss\na,1e8,1e9,3\na,2e8,2e9,2.9\n');
  assert.match((await cli('envelope', mixed)).err, /run 'a' has two model sizes/);
  assert.equal((await cli('envelope')).code, 2);
});

test('plan --json: allocation from the closed form, proposed config, hparams, inference-aware block', async () => {
  const r = await cli('plan', ...LAW, '--compute', '1e21', '--inference-tokens', '1T', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  const o = optimalForCompute({ E: 1.82, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 }, 1e21);
  assert.ok(Math.abs(j.N / o.N - 1) < 1e-12 && Math.abs(j.D / o.D - 1) < 1e-12);
  assert.ok(Math.abs(j.loss - o.loss) < 1e-12);
  assert.ok(j.tokensPerParam > 10 && j.tokensPerParam < 30);
  assert.ok(Math.abs(j.proposed.params.total / o.N - 1) < 0.05);
  assert.equal(typeof JSON.parse(j.proposed.snippet).hidden_size, 'number');
  assert.ok(j.hparams.lr > 0 && j.hparams.batchTokens > 0);
  assert.ok(j.inference.N < o.N && j.inference.D > o.D);
  assert.equal((await cli('plan', ...LAW)).code, 2);
  assert.equal((await cli('plan', '--law', 'chinchilla', '--params', 'E=1', '--compute', '1e21')).code, 2);
  assert.equal((await cli('plan', ...LAW, '--compute', '1e21', '--family', 'rwkv')).code, 2);
  assert.equal((await cli('plan', ...LAW, '--time', '3600')).code, 2); // needs --peak-flops
});

test('configInsights: FLOPs, tokens/param, predicted loss and the optimum for the same compute', () => {
  const a = parseHfConfigJson('{"model_type":"gpt2","n_embd":768,"n_layer":12,"n_head":12,"vocab_size":50257}');
  const p = { E: 1.82, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 };
  const ins = configInsights(a, { law: p, tokens: 10e9 });
  assert.equal(ins.lawN, 124_439_808);
  assert.ok(Math.abs(ins.predictedLoss! - chinchillaLoss(p, 124_439_808, 10e9)) < 1e-12);
  const o = optimalForCompute(p, 6 * 124_439_808 * 10e9);
  assert.ok(Math.abs(ins.optimal!.N / o.N - 1) < 1e-12);
  assert.equal(ins.farFromOptimal, Math.abs(Math.log(124_439_808 / o.N)) > Math.log(2));
  assert.ok(Math.abs(ins.tokensPerParam! - 10e9 / 124_439_808) < 1e-9);
  assert.equal(configInsights(a).tokens, undefined);
});

test('hparams Power Lines flags: tau and the weight decay for a user-fitted tau_opt, by hand', async () => {
  const r = await cli('hparams', '--N', '1e9', '--D', '2e10', '--lr', '1e-3', '--batch-tokens', '1e6', '--weight-decay', '0.1', '--tau-c', '0.5', '--tau-m', '-0.5', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  // tau = 1e6 / (1e-3 · 0.1 · 2e10) = 0.5
  assert.ok(Math.abs(j.adamwTimescale - 0.5) < 1e-12);
  // tau_opt = 0.5 · 20^-0.5; lambda = 1e6 / (1e-3 · tau_opt · 2e10)
  const tauOpt = 0.5 / Math.sqrt(20);
  assert.ok(Math.abs(j.powerLines.tauOpt / tauOpt - 1) < 1e-12);
  assert.ok(Math.abs(j.powerLines.weightDecay / (1e6 / (1e-3 * tauOpt * 2e10)) - 1) < 1e-12);
  assert.equal((await cli('hparams', '--N', '1e9', '--D', '2e10', '--tau-c', '0.5')).code, 2);
});

test('plan: one FLOP count and one model of time; the breakdown is in the output', async () => {
  const C = 1e21, peak = 989e12, devices = 8;
  // MFU model: exactly C / (devices · peak · MFU), the plan's own C (6·N·D), nothing added.
  const r = await cli('plan', ...LAW, '--compute', String(C), '--peak-flops', String(peak), '--devices', String(devices), '--mfu', '0.4', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.time.model, 'mfu');
  assert.equal(j.time.flops, C);
  assert.ok(Math.abs(j.time.seconds / (C / (devices * peak * 0.4)) - 1) < 1e-12, `${j.time.seconds}`);
  assert.equal(j.time.memorySeconds, 0);
  assert.match(j.time.flopConvention, /6·N·D/);
  assert.match(j.conventions.time, /^mfu: FLOPs ÷ \(devices × peak × MFU\)/);
  const text = await cli('plan', ...LAW, '--compute', String(C), '--peak-flops', String(peak), '--devices', String(devices), '--mfu', '0.4');
  assert.match(text.out, /time: [\d.]+ h = 1\.000e\+21 FLOPs \(C = 6·N·D .*\) ÷ \(8 device\(s\) × 9\.890e\+14 FLOP\/s × MFU 0\.4\)/);
  // Roofline: hardware numbers only, max of the two terms; with an MFU it is refused (never stacked).
  const roof = JSON.parse((await cli('plan', ...LAW, '--compute', String(C), '--peak-flops', String(peak), '--bandwidth', '3.35e12', '--time-model', 'roofline', '--json')).out);
  assert.equal(roof.time.model, 'roofline');
  assert.equal(roof.time.seconds, Math.max(roof.time.computeSeconds, roof.time.memorySeconds));
  assert.ok(Math.abs(roof.time.computeSeconds / (C / peak) - 1) < 1e-12);
  const both = await cli('plan', ...LAW, '--compute', String(C), '--peak-flops', String(peak), '--bandwidth', '3.35e12', '--time-model', 'roofline', '--mfu', '0.4');
  assert.equal(both.code, 2);
  assert.match(both.err, /not combined/);
  assert.equal((await cli('plan', ...LAW, '--compute', String(C), '--peak-flops', String(peak), '--time-model', 'roofline')).code, 2);
  assert.equal((await cli('plan', ...LAW, '--compute', String(C), '--peak-flops', String(peak), '--time-model', 'gpu')).code, 2);
  // Planning by time: the allocation spends exactly the time's FLOPs.
  const byTime = JSON.parse((await cli('plan', ...LAW, '--time', '86400', '--peak-flops', String(peak), '--devices', String(devices), '--mfu', '0.5', '--json')).out);
  assert.ok(Math.abs(byTime.C / (86400 * devices * peak * 0.5) - 1) < 1e-9, `C ${byTime.C}`);
  assert.ok(Math.abs(byTime.timePlan.estimate.seconds / 86400 - 1) < 1e-9);
});

test('plan --target-loss: the least compute for the loss, and with --inference-tokens the inference-aware allocation', async () => {
  const p = { E: 1.82, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 };
  const r = JSON.parse((await cli('plan', ...LAW, '--target-loss', '2.3', '--json')).out);
  const o = computeForTargetLoss(p, 2.3);
  assert.ok(Math.abs(r.N / o.N - 1) < 1e-9 && Math.abs(r.D / o.D - 1) < 1e-9);
  const inf = JSON.parse((await cli('plan', ...LAW, '--target-loss', '2.3', '--inference-tokens', '2T', '--json')).out);
  const want = inferenceAwareForLoss(p, 2.3, 2e12);
  assert.ok(Math.abs(inf.N / want.N - 1) < 1e-9 && Math.abs(inf.D / want.D - 1) < 1e-9);
  assert.ok(Math.abs(inf.loss - 2.3) < 1e-9);
  assert.equal(inf.C, want.trainFlops);
  assert.ok(inf.inference.savings > 0);
  assert.equal((await cli('plan', ...LAW, '--target-loss', '2.3', '--compute', '1e21')).code, 2);
  assert.equal((await cli('plan', ...LAW, '--target-loss', '1.5')).code, 1); // below E: unreachable
});
