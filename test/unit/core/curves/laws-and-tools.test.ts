import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lraEvaluate, prepareLraCurve } from '../../../../src/core/laws/lrAnnealing';
import { mplPredict } from '../../../../src/core/laws/multipower';
import { lrAnnealingLaw, stepPowerLaw } from '../../../../src/core/curves/curveLaws';
import { fitCurves } from '../../../../src/core/curves/fitCurves';
import { averageMetrics, curveMetrics } from '../../../../src/core/curves/metrics';
import { mplFinalLoss, optimizeFreeSchedule, optimizeWsd } from '../../../../src/core/curves/optimizeSchedule';
import { extrapolateRun } from '../../../../src/core/curves/extrapolate';
import { scheduleLRs } from '../../../../src/core/schedule/schedule';
import { range, synthCurve } from './helpers';

const P = [2.4, 0.65, 0.43, 520, 2.0, 0.59, 0.63];

test('metrics: hand-computed values', () => {
  const y = [3, 2, 1], p = [2.5, 2, 1.5];
  const m = curveMetrics(y, p);
  // SS_res = 0.25 + 0 + 0.25 = 0.5, SS_tot = 2 → R² = 0.75
  assert.equal(m.r2, 0.75);
  assert.equal(m.mae, 1 / 3);
  assert.equal(m.rmse, Math.sqrt(0.5 / 3));
  assert.ok(Math.abs(m.meanRelErr - (0.5 / 3 + 0 + 0.5) / 3) < 1e-15);
  assert.equal(m.worstRelErr, 0.5);
  const avg = averageMetrics([m, curveMetrics([1, 2], [1, 2])]);
  assert.equal(avg.r2, (0.75 + 1) / 2);
  assert.equal(avg.n, 5);
});

test('LR-annealing law: S2 by hand on a tiny schedule, momentum only after the warmup', () => {
  // eta: warmup 0, .5, 1 (peak at index 2), then 1, .8, .8, .5
  const eta = Float64Array.of(0, 0.5, 1, 1, 0.8, 0.8, 0.5);
  const lam = 0.5;
  const c = prepareLraCurve(eta, [2, 3, 4, 5, 6], lam);
  // m3 = 0; m4 = 0.2; m5 = 0.1; m6 = 0.05 + 0.3 = 0.35 → S2 = 0, 0, .2, .3, .65
  [0, 0, 0.2, 0.3, 0.65].forEach((v, i) => assert.ok(Math.abs(c.S2[i] - v) < 1e-15, `S2[${i}] ${c.S2[i]} vs ${v}`));
  [1.5, 2.5, 3.3, 4.1, 4.6].forEach((v, i) => assert.ok(Math.abs(c.S1[i] - v) < 1e-15, `S1[${i}]`));
  const pred = new Float64Array(5), jac = new Float64Array(20);
  const p = [2, 1, 0.5, 0.3];
  lraEvaluate(p, c, pred, jac);
  assert.ok(Math.abs(pred[4] - (2 + Math.pow(4.6, -0.5) - 0.3 * 0.65)) < 1e-14);
  for (let j = 0; j < 4; j++) {
    const h = 1e-6, up = p.slice(), dn = p.slice();
    up[j] += h;
    dn[j] -= h;
    const a = new Float64Array(5), b = new Float64Array(5);
    lraEvaluate(up, c, a);
    lraEvaluate(dn, c, b);
    for (let i = 0; i < 5; i++) assert.ok(Math.abs((a[i] - b[i]) / (2 * h) - jac[i * 4 + j]) < 1e-7, `d/dp${j} at ${i}`);
  }
});

test('LR-annealing law: joint fit recovers known parameters from noisy synthetic curves', () => {
  const truth = [2.3, 0.7, 0.45, 0.25];
  const W = 300, T = 6000;
  const curves = [
    scheduleLRs({ kind: 'cosine', warmup: W, total: T, peak: 3e-4, end: 3e-5 }),
    scheduleLRs({ kind: 'wsd', warmup: W, total: T, decay: 4500, peak: 3e-4, end: 3e-5, shape: 'linear' }),
  ].map((eta, i) =>
    synthCurve(`c${i}`, eta, range(W, T, 25), (s) => {
      const out = new Float64Array(s.length);
      lraEvaluate(truth, prepareLraCurve(eta, s), out);
      return out;
    }, 0.001, 30 + i),
  );
  const fit = fitCurves(lrAnnealingLaw(), curves);
  const p = fit.fits[0].params;
  assert.ok(Math.abs(p.L0 - 2.3) < 0.05, `L0 ${p.L0}`);
  assert.ok(Math.abs(p.alpha - 0.45) < 0.05, `alpha ${p.alpha}`);
  assert.ok(Math.abs(p.C - 0.25) < 0.03, `C ${p.C}`);
});

test('power law in steps: per-curve fits recover each curve', () => {
  const eta = scheduleLRs({ kind: 'constant', warmup: 0, total: 5000, peak: 1e-3 });
  const mk = (E: number, A: number, a: number, seed: number) => synthCurve(`p${seed}`, eta, range(50, 5000, 50), (s) => Float64Array.from(s, (x) => E + A * Math.pow(x, -a)), 0.0005, seed);
  const fit = fitCurves(stepPowerLaw(), [mk(2, 10, 0.5, 1), mk(3, 4, 0.3, 2)]);
  assert.equal(fit.fits.length, 2);
  assert.ok(Math.abs(fit.fits[0].params.E - 2) < 0.05 && Math.abs(fit.fits[0].params.alpha - 0.5) < 0.05, JSON.stringify(fit.fits[0].params));
  assert.ok(Math.abs(fit.fits[1].params.E - 3) < 0.1 && Math.abs(fit.fits[1].params.alpha - 0.3) < 0.05, JSON.stringify(fit.fits[1].params));
  // in tokens (x = step * 4096): same E and alpha, A multiplied by 4096^alpha
  const tok = fitCurves(stepPowerLaw(4096), [mk(2, 10, 0.5, 1)]).fits[0].params;
  const st = fit.fits[0].params;
  assert.ok(Math.abs(tok.E - st.E) < 1e-4 && Math.abs(tok.alpha - st.alpha) < 1e-4, `${JSON.stringify(tok)} vs ${JSON.stringify(st)}`);
  assert.ok(Math.abs(tok.A / (st.A * Math.pow(4096, st.alpha)) - 1) < 1e-3, `A ${tok.A} vs ${st.A * Math.pow(4096, st.alpha)}`);
});

test('final-loss value equals the curve prediction; its LR gradient matches finite differences', () => {
  const eta = scheduleLRs({ kind: 'cosine', warmup: 50, total: 400, peak: 3e-4, end: 3e-5 });
  const f = mplFinalLoss(P, eta);
  const ref = mplPredict(P, eta, [399])[0];
  assert.ok(Math.abs(f - ref) < 1e-13, `${f} vs ${ref}`);
  const g = new Float64Array(400);
  mplFinalLoss(P, eta, g);
  for (const j of [0, 1, 10, 49, 50, 51, 200, 398, 399]) {
    const h = 1e-9;
    const up = Float64Array.from(eta), dn = Float64Array.from(eta);
    up[j] += h;
    dn[j] -= h;
    const num = (mplFinalLoss(P, up) - mplFinalLoss(P, dn)) / (2 * h);
    assert.ok(Math.abs(num - g[j]) <= 1e-5 * Math.abs(g[j]) + 1e-6, `d/deta[${j}]: ${g[j]} vs FD ${num}`);
  }
});

test('schedule optimisation: WSD grid beats cosine; the free schedule is non-increasing and at least as good', () => {
  const base = { warmup: 200, total: 4000, peak: 3e-4, end: 3e-5 };
  const cos = mplFinalLoss(P, scheduleLRs({ kind: 'cosine', ...base }));
  const wsd = optimizeWsd(P, base);
  assert.ok(wsd.best.loss < cos, `wsd ${wsd.best.loss} vs cosine ${cos}`);
  for (const c of wsd.candidates) assert.ok(wsd.best.loss <= c.loss);
  const free = optimizeFreeSchedule(P, { warmup: 200, total: 4000, peak: 3e-4 }, { maxIter: 200 });
  for (let j = 201; j < 4000; j++) assert.ok(free.eta[j] <= free.eta[j - 1] + 1e-18, `increase at ${j}`);
  assert.ok(free.eta[200] <= 3e-4);
  assert.ok(free.loss <= wsd.best.loss + 1e-9, `free ${free.loss} vs wsd ${wsd.best.loss}`);
  assert.ok(Math.abs(free.loss - mplFinalLoss(P, free.eta)) < 1e-12);
});

test('extrapolation: half a synthetic run; estimates within 1 %, 95 % intervals cover the truth in most realisations', () => {
  const eta = scheduleLRs({ kind: 'cosine', warmup: 300, total: 8000, peak: 3e-4, end: 3e-5 });
  const truth = [2.4, 0.65, 0.43, 441.7, 2.07, 0.59, 0.64];
  const finalTrue = mplPredict(truth, eta, [7999])[0];
  let covered = 0;
  for (const seed of [5, 6, 7, 8]) {
    const full = synthCurve('run', eta, range(320, 8000, 40), (s) => mplPredict(truth, eta, s), 0.002, seed);
    const half = { ...full, steps: full.steps.slice(0, 100), loss: full.loss.slice(0, 100) };
    const r = extrapolateRun(half, { bootstrap: 40, seed: 1 });
    assert.equal(r.step, 7999);
    assert.ok(r.lower < r.estimate && r.estimate < r.upper, JSON.stringify(r));
    assert.ok(Math.abs(r.estimate - finalTrue) / finalTrue < 0.01, `seed ${seed}: ${r.estimate} vs ${finalTrue}`);
    if (r.lower <= finalTrue && finalTrue <= r.upper) covered++;
    if (seed === 5) assert.deepEqual(r, extrapolateRun(half, { bootstrap: 40, seed: 1 }), 'same seed, same numbers');
  }
  assert.ok(covered >= 3, `the interval covered the true final loss in ${covered}/4 realisations`);
});
