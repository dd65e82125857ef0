import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../../src/cli/main';
import { mplPredict } from '../../../../src/core/laws/multipower';
import { scheduleLRs, parseScheduleSpec } from '../../../../src/core/schedule/schedule';
import { Rng } from '../../../../src/core/optimize/rng';
import { missingRefData, refData } from '../../../support/refdata';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const P400 = 'L0=2.37474466,A=0.65421216,alpha=0.42878731,B=523.42464371,C=2.02462735,beta=0.59350493,gamma=0.63472457';

test('curve predict --against the authors\' WSD curve gives their per-file metrics (400M log)', async (t) => {
  const file = refData('multipower_law/csv_400/wsd_20000_24000.csv');
  if (!file) return t.skip(missingRefData('multipower_law/csv_400/wsd_20000_24000.csv'));
  const r = await cli('curve', 'predict', '--law', 'multipower', '--params', P400, '--schedule', 'wsd:warmup=2160,total=24000,decay=20000,peak=3e-4,end=3e-5,shape=exp', '--against', file, '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.step.length, 171);
  assert.equal(j.step.length, j.loss.length);
  assert.equal(j.lr.length, j.loss.length);
  // thu-yao-01-luo/MultiPowerLaw logs/400.log, test set, wsd_20000_24000.csv
  const pub = { r2: 0.997763615530206, mae: 0.00470199637397302, rmse: 0.008001083702835981, meanRelErr: 0.0016505813618152504, worstRelErr: 0.007989191843878736 };
  for (const [k, v] of Object.entries(pub)) assert.equal(Number(j.metrics[k].toPrecision(4)), Number(v.toPrecision(4)), `${k}: ${j.metrics[k]} vs ${v}`);
});

test('curve fit → fit file → curve predict on synthetic CSV logs; usage errors exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'curve-cli-'));
  const truth = [2.5, 0.6, 0.45, 450, 2.0, 0.6, 0.6];
  const specs = ['cosine:warmup=300,total=6000,peak=3e-4,end=3e-5', 'constant:warmup=300,total=6000,peak=3e-4', 'two-stage:warmup=300,total=6000,switch=3000,peak=3e-4,second=6e-5'];
  const rng = new Rng(3);
  const files = specs.map((spec, i) => {
    const eta = scheduleLRs(parseScheduleSpec(spec));
    const steps: number[] = [];
    for (let s = 300; s <= 6000; s += 30) steps.push(s); // 6000 is outside the schedule: dropped
    const inside = steps.filter((s) => s < 6000);
    const loss = mplPredict(truth, eta, inside);
    const lines = ['step,lr,loss', ...inside.map((s, k) => `${s},${eta[s]},${loss[k] * Math.exp(0.001 * rng.normal())}`), '6000,3e-5,2.9'];
    const f = join(dir, `run${i}.csv`);
    writeFileSync(f, lines.join('\n') + '\n');
    return f;
  });
  const out = join(dir, 'fit.json');
  const fit = await cli('curve', 'fit', ...files, '--law', 'multipower', ...specs.flatMap((s) => ['--schedule', s]), '--out', out, '--quiet');
  assert.equal(fit.code, 0, fit.err);
  assert.match(fit.err, /1 row\(s\) with a step that is not an integer in 1..5999/);
  const saved = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(saved.kind, 'scaling-laws/curve-fit');
  assert.ok(Math.abs(saved.params.L0 - 2.5) < 0.05, `L0 ${saved.params.L0}`);
  assert.equal(saved.inputs.length, 3);
  const wsd = 'wsd:warmup=300,total=6000,decay=5000,peak=3e-4,end=3e-5,shape=linear';
  const pr = await cli('curve', 'predict', '--fit', out, '--schedule', wsd, '--json');
  assert.equal(pr.code, 0, pr.err);
  const j = JSON.parse(pr.out);
  assert.equal(j.step[j.step.length - 1], 5999);
  const truthFinal = mplPredict(truth, scheduleLRs(parseScheduleSpec(wsd)), [5999])[0];
  assert.ok(Math.abs(j.loss[j.loss.length - 1] - truthFinal) / truthFinal < 3e-3, `${j.loss[j.loss.length - 1]} vs ${truthFinal}`);
  assert.equal(j.metrics, undefined);

  // usage errors → exit 2
  assert.equal((await cli('curve', 'predict', '--law', 'multipower', '--params', 'L0=2', '--schedule', wsd)).code, 2);
  assert.equal((await cli('curve', 'predict', '--law', 'multipower', '--params', P400, '--schedule', 'cosine:warmup=1')).code, 2);
  assert.equal((await cli('curve', 'predict', '--law', 'multipower', '--params', P400)).code, 2);
  assert.equal((await cli('curve', 'fit', files[0], '--law', 'nope')).code, 2);
  assert.equal((await cli('curve', 'fit', files[0], '--law', 'multipower', '--out', files[0])).code, 2);
  assert.equal((await cli('curve', 'frobnicate')).code, 2);
  assert.equal((await cli('curve', 'fit', join(dir, 'missing.csv'), '--law', 'power')).code, 2);
});

test('curve extrapolate and curve optimize; a log\'s lr column is used when no schedule is given', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'curve-cli-'));
  const truth = [2.4, 0.65, 0.43, 441.7, 2.07, 0.59, 0.64];
  const eta = scheduleLRs(parseScheduleSpec('cosine:warmup=300,total=8000,peak=3e-4,end=3e-5'));
  const steps: number[] = [];
  for (let s = 320; s < 8000; s += 40) steps.push(s);
  const loss = mplPredict(truth, eta, steps);
  // the log holds the whole planned LR column (every 40 steps from 0) but the loss only up to step 4000
  const lines = ['step,lr,loss'];
  for (let s = 0; s < 8000; s += 40) {
    const k = steps.indexOf(s);
    lines.push(`${s},${eta[s]},${k >= 0 && s <= 4000 ? loss[k] : ''}`);
  }
  lines.push(`7999,${eta[7999]},`);
  const f = join(dir, 'live.csv');
  writeFileSync(f, lines.join('\n') + '\n');
  const r = await cli('curve', 'extrapolate', f, '--bootstrap', '20', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.step, 7999);
  const finalTrue = mplPredict(truth, eta, [7999])[0];
  assert.ok(Math.abs(j.estimate - finalTrue) / finalTrue < 0.01, `${j.estimate} vs ${finalTrue}`);
  assert.ok(j.lower < j.estimate && j.estimate < j.upper);
  const text = await cli('curve', 'extrapolate', f, '--bootstrap', '10');
  assert.match(text.out, /est\. final loss \d\.\d{4} ± \d\.\d{4} at step 7999/);

  const params = 'L0=2.4,A=0.65,alpha=0.43,B=441.7,C=2.07,beta=0.59,gamma=0.64';
  const o = await cli('curve', 'optimize', '--law', 'multipower', '--params', params, '--schedule', 'cosine:warmup=300,total=8000,peak=3e-4,end=3e-5', '--json');
  assert.equal(o.code, 0, o.err);
  const oj = JSON.parse(o.out);
  assert.ok(Math.abs(oj.given.finalLoss - finalTrue) < 1e-12, 'cosine final loss equals the prediction');
  assert.ok(oj.wsd.loss < oj.given.finalLoss);
  assert.equal((await cli('curve', 'optimize', '--law', 'power', '--params', 'E=1,A=1,alpha=1', '--schedule', 'constant:warmup=0,total=10,peak=1')).code, 2);
});

test('curve fit --law power needs no schedule; multipower without one is a usage error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'curve-cli-'));
  const f = join(dir, 'plain.csv');
  const lines = ['step,loss'];
  for (let s = 100; s <= 5000; s += 100) lines.push(`${s},${2 + 10 * Math.pow(s, -0.5)}`);
  writeFileSync(f, lines.join('\n') + '\n');
  const r = await cli('curve', 'fit', f, '--law', 'power', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.ok(Math.abs(j.fits[0].params.E - 2) < 1e-4 && Math.abs(j.fits[0].params.alpha - 0.5) < 1e-4, JSON.stringify(j.fits[0].params));
  assert.ok(Array.isArray(j.fits[0].vector));
  const m = await cli('curve', 'fit', f, '--law', 'multipower');
  assert.equal(m.code, 2);
  assert.match(m.err, /no schedule/);
});
