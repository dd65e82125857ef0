import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MPL_PARAM_NAMES, mplEvaluate, mplPredict, prepareMplCurve } from '../../../../src/core/laws/multipower';
import { multipowerLaw } from '../../../../src/core/curves/curveLaws';
import { fitCurves, makeCurveObjective, predictCurve } from '../../../../src/core/curves/fitCurves';
import { scheduleFromLog, scheduleLRs } from '../../../../src/core/schedule/schedule';
import { Rng } from '../../../../src/core/optimize/rng';
import { naiveMpl, range, synthCurve } from './helpers';

const P400 = [2.37474466, 0.65421216, 0.42878731, 523.42464371, 2.02462735, 0.59350493, 0.63472457];

function schedules(): [string, Float64Array][] {
  const rng = new Rng(7);
  const noisySteps = range(0, 6000, 50);
  const noisy = scheduleFromLog(noisySteps, noisySteps.map((s) => 3e-4 * (1 - s / 7000) * (1 + 0.05 * rng.next())), 6000, true);
  return [
    ['cosine', scheduleLRs({ kind: 'cosine', warmup: 500, total: 6000, peak: 3e-4, end: 3e-5 })],
    ['wsd-exp', scheduleLRs({ kind: 'wsd', warmup: 500, total: 6000, decay: 4800, peak: 3e-4, end: 3e-5, shape: 'exp' })],
    ['wsd-linear', scheduleLRs({ kind: 'wsd', warmup: 500, total: 6000, decay: 4800, peak: 3e-4, end: 0, shape: 'linear' })],
    ['two-stage', scheduleLRs({ kind: 'two-stage', warmup: 500, total: 6000, switch: 3000, peak: 3e-4, second: 3e-5 })],
    ['inverse-sqrt', scheduleLRs({ kind: 'inverse-sqrt', warmup: 300, total: 6000, peak: 1e-3 })],
    ['noisy log', noisy],
  ];
}

test('multi-power law: exact and block-summed evaluation both match a direct transcription of the formula', () => {
  const steps = [1, 2, 37, 499, 500, 501, 1777, 3000, 3001, 4799, 4800, 4801, 5999];
  const params = [P400, [3.0, 0.5, 0.5, 364, 0.3, 1.3, 0.2]];
  for (const [name, eta] of schedules()) {
    for (const p of params) {
      const exact = mplPredict(p, eta, steps, { exact: true });
      const fast = mplPredict(p, eta, steps, { exact: false });
      steps.forEach((s, i) => {
        const ref = naiveMpl(p, eta, s);
        assert.ok(Math.abs(exact[i] - ref) <= 1e-11 * ref, `${name} exact at ${s}: ${exact[i]} vs ${ref}`);
        assert.ok(Math.abs(fast[i] - ref) <= 1e-9 * ref, `${name} fast at ${s}: ${fast[i]} vs ${ref}`);
      });
    }
  }
});

test('block summation stays accurate on a long cosine schedule and is much cheaper than exact', () => {
  const eta = scheduleLRs({ kind: 'cosine', warmup: 2160, total: 72000, peak: 3e-4, end: 3e-5 });
  const steps = range(2176, 72000, 1024);
  const fast = prepareMplCurve(eta, steps);
  const exact = prepareMplCurve(eta, steps, { exact: true });
  const a = new Float64Array(steps.length), b = new Float64Array(steps.length);
  mplEvaluate(P400, fast, a);
  mplEvaluate(P400, exact, b);
  for (let i = 0; i < steps.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= 1e-10 * b[i], `step ${steps[i]}: ${a[i]} vs ${b[i]}`);
  assert.ok(fast.plan.cost * 8 < exact.plan.cost, `plan cost ${fast.plan.cost} vs exact ${exact.plan.cost}`);
});

test('multi-power Jacobian matches central finite differences', () => {
  for (const [name, eta] of schedules().slice(0, 4)) {
    const steps = [600, 2500, 4900, 5999];
    const c = prepareMplCurve(eta, steps);
    const pred = new Float64Array(steps.length), jac = new Float64Array(steps.length * 7);
    mplEvaluate(P400, c, pred, jac);
    for (let j = 0; j < 7; j++) {
      const h = 1e-6 * Math.max(1, Math.abs(P400[j]));
      const up = P400.slice(), dn = P400.slice();
      up[j] += h;
      dn[j] -= h;
      const fu = mplPredict(up, eta, steps, { exact: true }), fd = mplPredict(dn, eta, steps, { exact: true });
      for (let i = 0; i < steps.length; i++) {
        const num = (fu[i] - fd[i]) / (2 * h);
        const ana = jac[i * 7 + j];
        assert.ok(Math.abs(num - ana) <= 1e-6 * Math.max(1e-3, Math.abs(ana)), `${name} d/d${MPL_PARAM_NAMES[j]} at ${steps[i]}: ${ana} vs FD ${num}`);
      }
    }
  }
});

test('objective gradient (fit space, Huber on log loss) matches finite differences', () => {
  const law = multipowerLaw();
  const eta = scheduleLRs({ kind: 'cosine', warmup: 200, total: 3000, peak: 3e-4, end: 3e-5 });
  const curve = synthCurve('c', eta, range(220, 3000, 40), (s) => mplPredict(P400, eta, s), 0.003, 1);
  const obj = makeCurveObjective(law, [curve]);
  const theta = obj.toFit(Float64Array.of(2.4, 0.6, 0.45, 500, 1.5, 0.55, 0.6));
  const g = new Float64Array(7), tmp = new Float64Array(7);
  obj.fg(theta, g);
  for (let j = 0; j < 7; j++) {
    const h = 1e-6;
    const up = Float64Array.from(theta), dn = Float64Array.from(theta);
    up[j] += h;
    dn[j] -= h;
    const num = (obj.fg(up, tmp) - obj.fg(dn, tmp)) / (2 * h);
    assert.ok(Math.abs(num - g[j]) <= 1e-5 * Math.max(1e-6, Math.abs(g[j])) + 1e-12, `theta ${j}: ${g[j]} vs FD ${num}`);
  }
});

test('joint fit recovers known multi-power parameters from noisy synthetic curves and predicts an unseen schedule', () => {
  const truth = [2.5, 0.6, 0.45, 450, 2.0, 0.6, 0.6];
  const W = 500, T = 8000;
  const train = [
    scheduleLRs({ kind: 'cosine', warmup: W, total: T, peak: 3e-4, end: 3e-5 }),
    scheduleLRs({ kind: 'constant', warmup: W, total: T, peak: 3e-4 }),
    scheduleLRs({ kind: 'two-stage', warmup: W, total: T, switch: 4000, peak: 3e-4, second: 6e-5 }),
  ].map((eta, i) => synthCurve(`train${i}`, eta, range(W, T, 40), (s) => mplPredict(truth, eta, s), 0.001, 10 + i));
  const fit = fitCurves(multipowerLaw(), train);
  const p = fit.fits[0].params;
  assert.ok(Math.abs(p.L0 - truth[0]) < 0.05, `L0 ${p.L0}`);
  assert.ok(Math.abs(p.alpha - truth[2]) < 0.05, `alpha ${p.alpha}`);
  // unseen WSD schedule: noise-free truth vs prediction from the fitted parameters
  const wsd = scheduleLRs({ kind: 'wsd', warmup: W, total: T, decay: 6500, peak: 3e-4, end: 3e-5, shape: 'exp' });
  const steps = range(W, T, 50);
  const a = predictCurve(multipowerLaw(), fit.fits[0].vector, wsd, steps), b = mplPredict(truth, wsd, steps);
  for (let i = 0; i < steps.length; i++) assert.ok(Math.abs(a[i] - b[i]) / b[i] < 2e-3, `step ${steps[i]}: ${a[i]} vs ${b[i]}`);
  assert.ok(fit.curves.every((c) => c.metrics.r2 > 0.99));
});
