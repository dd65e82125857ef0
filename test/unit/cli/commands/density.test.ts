// scaling-laws density: the Densing Law (Xiao et al. 2024, arXiv 2412.04315) two-step effective size
// (score → loss → size at D0 = 1T tokens) and the frontier trend, on models built to have known
// densities; checked against an independent numpy computation (bench/peers/densing_numpy.py). The
// project's earlier loss-matched variant stays under --method loss-matched.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { main } from '../../../../src/cli/main';
import { hasScipy, NO_SCIPY, runPythonJson } from '../../../support/scipy';

async function cli(...argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const REF = { E: 1.82, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 };
const refLoss = (N: number, D: number) => REF.E + REF.A / N ** REF.alpha + REF.B / D ** REF.beta;
const dir = mkdtempSync(join(tmpdir(), 'sl-density-'));
const PARAMS = ['--law', 'chinchilla', '--params', Object.entries(REF).map(([k, v]) => `${k}=${v}`).join(',')];
const PEER = resolve(__dirname, '../../../../bench/peers/densing_numpy.py');

test('loss-matched variant (--method loss-matched) recovers built-in densities and the doubling time of their trend', async () => {
  // Model i, released at month t, has density 0.5 exp(0.2 t): its loss is the reference's at 0.5 e^{0.2t} N.
  const lines = ['model,month,params,tokens,loss'];
  const truth: number[] = [];
  for (let t = 0; t <= 10; t++) {
    const N = 1e9 * (1 + (t % 3)), D = 2e12, rho = 0.5 * Math.exp(0.2 * t);
    truth.push(rho);
    lines.push(`m${t},${t},${N},${D},${refLoss(rho * N, D)}`);
  }
  lines.push(`too-good,11,1e9,2e12,${REF.E + REF.B / 2e12 ** REF.beta - 0.01}`);
  const f = join(dir, 'models.csv');
  writeFileSync(f, lines.join('\n') + '\n');
  const r = await cli('density', f, ...PARAMS, '--method', 'loss-matched', '--time', 'month', '--bootstrap', '40', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.method, 'loss-matched');
  assert.equal(j.rows.length, 12);
  truth.forEach((rho, i) => assert.ok(Math.abs(j.rows[i].density / rho - 1) < 1e-9, `row ${i}: ${j.rows[i].density} vs ${rho}`));
  assert.equal(j.rows[11].density, null); // unbounded: below the reference's floor at these tokens
  assert.ok(j.warnings.some((w: string) => /too-good.*unbounded/.test(w)), j.warnings.join('\n'));
  // Every model raises the maximum density here, so the frontier is all 11 finite ones.
  assert.equal(j.trend.kind, 'frontier');
  assert.ok(Math.abs(j.trend.r - 0.2) < 1e-9 && Math.abs(j.trend.rho0 - 0.5) < 1e-9, JSON.stringify(j.trend));
  assert.ok(Math.abs(j.trend.doublingTime - Math.LN2 / 0.2) < 1e-8);
  assert.equal(j.trend.points, 11);
  assert.ok(j.trend.doublingTimeInterval[0] <= j.trend.doublingTime && j.trend.doublingTime <= j.trend.doublingTimeInterval[1]);
  const text = await cli('density', f, ...PARAMS, '--method', 'loss-matched', '--time', 'month');
  assert.match(text.out, /doubles every 3\.47 units of month/);
  assert.match(text.out, /loss-matched/);
});

test('loss-matched intervals come from the reference fit\'s bootstrap; bad input exits 2', async () => {
  const fitFile = join(dir, 'ref.json');
  const samples = Array.from({ length: 50 }, (_, b) => [REF.E + 0.02 * Math.sin(b), REF.A, REF.B, REF.alpha, REF.beta]);
  writeFileSync(fitFile, JSON.stringify({ law: 'chinchilla', params: REF, bootstrap: { k: 50, seed: 0, converged: 50, se: {}, ci95: {}, samples } }));
  const f = join(dir, 'one.csv');
  writeFileSync(f, `N,D,loss\n1e9,1e12,${refLoss(2e9, 1e12)}\n`);
  const r = await cli('density', f, '--fit', fitFile, '--method', 'loss-matched', '--json');
  assert.equal(r.code, 0, r.err);
  const row = JSON.parse(r.out).rows[0];
  assert.ok(Math.abs(row.density - 2) < 1e-9);
  assert.ok(row.densityInterval[0] < 2 && row.densityInterval[1] > 2, JSON.stringify(row));
  assert.equal((await cli('density', f)).code, 2); // no reference
  assert.equal((await cli('density', f, '--law', 'kaplan', '--params', 'Nc=1,alphaN=0.07')).code, 2);
  assert.equal((await cli('density', f, ...PARAMS, '--method', 'loss-matched', '--time', 'nope')).code, 2);
  assert.equal((await cli('density', f, ...PARAMS, '--method', 'nope')).code, 2);
  // Without the performance step the paper's density cannot be computed: exit 2, naming both ways out.
  const noPerf = await cli('density', f, ...PARAMS);
  assert.equal(noPerf.code, 2);
  assert.match(noPerf.err, /--perf-fit/);
  assert.match(noPerf.err, /--method loss-matched/);
});

// ---------------------------------------------------------------- the paper's two-step density

// Reference loss law in the paper's form (Eq. 2, no irreducible term) and a loss-to-score sigmoid
// (Eq. 3) in the project's downstream-sigmoid names.
const PAPER_REF = { E: 0, A: 400, B: 2000, alpha: 0.3, beta: 0.3 };
const PERF = { a: 0.7, c: 0.25, s: 6, L0: 1.2 };
const D0 = 1e12;
const score = (nEff: number) => {
  const L = PAPER_REF.E + PAPER_REF.A / nEff ** PAPER_REF.alpha + PAPER_REF.B / D0 ** PAPER_REF.beta;
  return PERF.c + PERF.a / (1 + Math.exp(PERF.s * (L - PERF.L0)));
};
const REF_FLAGS = ['--law', 'chinchilla', '--params', Object.entries(PAPER_REF).map(([k, v]) => `${k}=${v}`).join(',')];
const PERF_FLAGS = ['--perf-params', Object.entries(PERF).map(([k, v]) => `${k}=${v}`).join(',')];

/** Models whose maximum density doubles every 100 days (the frontier), and laggards below it. */
function frontierModels(): { name: string; t: number; N: number; rho: number; frontier: boolean }[] {
  const front = [0, 45, 110, 170, 260, 330, 410, 480, 560];
  const rhoAt = (t: number) => 0.2 * 2 ** (t / 100);
  const out = front.map((t, i) => ({ name: `front-${i}`, t, N: 1e9 * (1 + (i % 4) * 2.3), rho: rhoAt(t), frontier: true }));
  // Laggards: released between frontier models, at 15-90 % of the last record (never a new record).
  let u = 0.37;
  for (let i = 0; i < 21; i++) {
    u = (u * 9301 + 49297) % 233280 / 233280;
    const t = Math.round(5 + 550 * ((i + 0.5) / 21));
    const last = Math.max(...front.filter((f) => f <= t));
    out.push({ name: `lag-${i}`, t, N: 1.5e9 * (1 + (i % 5) * 3.1), rho: rhoAt(last) * (0.15 + 0.75 * u), frontier: false });
  }
  return out.sort((a, b) => a.t - b.t);
}

function isoDate(days: number): string {
  return new Date(Date.UTC(2023, 1, 24) + days * 86_400_000).toISOString().slice(0, 10);
}

test('two-step density (Xiao et al. Eq. 4) recovers built-in densities; the frontier that doubles every 100 days gives 100 days', async () => {
  const models = frontierModels();
  const lines = ['model,release,params,score'];
  for (const m of models) lines.push(`${m.name},${isoDate(m.t)},${m.N},${score(m.rho * m.N)}`);
  const f = join(dir, 'open-models.csv');
  writeFileSync(f, lines.join('\n') + '\n');
  const r = await cli('density', f, ...REF_FLAGS, ...PERF_FLAGS, '--time', 'release', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.method, 'two-step');
  assert.equal(j.d0, 1e12);
  models.forEach((m, i) => assert.ok(Math.abs(j.rows[i].density / m.rho - 1) < 1e-9, `${m.name}: ${j.rows[i].density} vs ${m.rho}`));
  // The trend goes through the models that set the maximum density, as the paper fits it.
  assert.deepEqual(j.trend.models, models.filter((m) => m.frontier).map((m) => m.name));
  assert.ok(Math.abs(j.trend.doublingTime - 100) < 1e-8, `doubling ${j.trend.doublingTime}`);
  assert.equal(j.trend.timeUnit, 'days since 2023-02-24');
  // All models (the earlier variant, by name only): a slower, wrong doubling time on the same data.
  const all = JSON.parse((await cli('density', f, ...REF_FLAGS, ...PERF_FLAGS, '--time', 'release', '--trend', 'all', '--json')).out);
  assert.equal(all.trend.kind, 'all');
  assert.equal(all.trend.points, models.length);
  assert.ok(all.trend.doublingTime > 101, `all-models doubling ${all.trend.doublingTime}`);
  const text = await cli('density', f, ...REF_FLAGS, ...PERF_FLAGS, '--time', 'release');
  assert.match(text.out, /doubles every 100 .*days/);
  assert.match(text.out, /two-step/);
});

test('two-step density agrees with an independent numpy computation (bench/peers/densing_numpy.py)', async (t) => {
  if (!hasScipy()) return t.skip(NO_SCIPY);
  // Scores with noise, so the frontier is whatever the data make it, plus one score above the ceiling.
  const models = frontierModels().map((m, i) => ({ ...m, S: score(m.rho * m.N) + 0.01 * Math.sin(3.7 * i) }));
  models.push({ name: 'beyond', t: 600, N: 2e9, rho: NaN, frontier: false, S: PERF.c + PERF.a + 0.01 });
  const lines = ['model,day,params,score', ...models.map((m) => `${m.name},${m.t},${m.N},${m.S}`)];
  const f = join(dir, 'noisy.csv');
  writeFileSync(f, lines.join('\n') + '\n');
  const r = await cli('density', f, ...REF_FLAGS, ...PERF_FLAGS, '--time', 'day', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  // Paper names: c_paper = a, gamma = -s, l = L0, d = c.
  const peer = runPythonJson<{ lossHat: (number | null)[]; density: (number | null)[]; frontier: number[]; A: number; B: number; doubling: number; A_all: number }>(PEER, {
    ref: PAPER_REF, perf: { c: PERF.a, gamma: -PERF.s, l: PERF.L0, d: PERF.c }, d0: D0,
    models: models.map((m) => ({ N: m.N, S: m.S, t: m.t })),
  });
  models.forEach((m, i) => {
    const ours = j.rows[i].density, theirs = peer.density[i];
    if (theirs === null) assert.equal(ours, null, m.name);
    else assert.ok(Math.abs(ours / theirs - 1) < 1e-12, `${m.name}: ${ours} vs numpy ${theirs}`);
  });
  assert.ok(j.warnings.some((w: string) => /beyond: score .* outside the performance law's range/.test(w)), j.warnings.join('\n'));
  assert.deepEqual(j.trend.models, peer.frontier.map((i) => models[i].name));
  assert.ok(Math.abs(j.trend.r / peer.A - 1) < 1e-10, `A ${j.trend.r} vs numpy ${peer.A}`);
  assert.ok(Math.abs(Math.log(j.trend.rho0) - peer.B) < 1e-9);
  assert.ok(Math.abs(j.trend.doublingTime / peer.doubling - 1) < 1e-10);
  const all = JSON.parse((await cli('density', f, ...REF_FLAGS, ...PERF_FLAGS, '--time', 'day', '--trend', 'all', '--json')).out);
  assert.ok(Math.abs(all.trend.r / peer.A_all - 1) < 1e-10, `all: ${all.trend.r} vs numpy ${peer.A_all}`);
  t.diagnostic(`frontier ${peer.frontier.length} of ${models.length} models: doubling ${j.trend.doublingTime.toFixed(2)} days (numpy ${peer.doubling.toFixed(2)}); all models: ${all.trend.doublingTime.toFixed(2)} days`);
});

test('two-step: the performance law comes from a downstream-sigmoid FitReport, with its bootstrap in the interval', async () => {
  const perfFit = join(dir, 'perf.json');
  const samples = Array.from({ length: 40 }, (_, b) => [PERF.a, PERF.c, PERF.s * (1 + 0.05 * Math.sin(1.3 * b)), PERF.L0]);
  writeFileSync(perfFit, JSON.stringify({ law: 'downstream-sigmoid', params: PERF, bootstrap: { k: 40, seed: 0, converged: 40, se: {}, ci95: {}, samples } }));
  const f = join(dir, 'two.csv');
  writeFileSync(f, `model,N,score\nx,3e9,${score(6e9)}\n`);
  const r = await cli('density', f, ...REF_FLAGS, '--perf-fit', perfFit, '--json');
  assert.equal(r.code, 0, r.err);
  const row = JSON.parse(r.out).rows[0];
  assert.ok(Math.abs(row.density - 2) < 1e-9, JSON.stringify(row));
  assert.ok(row.densityInterval[0] < 2 && row.densityInterval[1] > 2, JSON.stringify(row));
  const wrong = join(dir, 'wrong.json');
  writeFileSync(wrong, JSON.stringify({ law: 'downstream', params: { eps: 1, k: 1, gamma: 1 } }));
  const bad = await cli('density', f, ...REF_FLAGS, '--perf-fit', wrong);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /downstream-sigmoid/);
  assert.equal((await cli('density', f, ...REF_FLAGS, ...PERF_FLAGS, '--method', 'loss-matched')).code, 2);
  assert.equal((await cli('density', f, ...REF_FLAGS, ...PERF_FLAGS, '--score', 'nope')).code, 2);
});
