// Answers from a fitted law (the predict / optimal tasks that the CLI and the palette share),
// checked against the formulas written out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FitReport } from '../../../src/core/report/fitReport';
import { nodeTaskContext } from '../../../src/node/taskContext';
import { optimalTask, predictTask } from '../../../src/tasks/answers';

const P = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
const report = (extra: Partial<FitReport> = {}): FitReport => ({ law: 'chinchilla', lawOptions: {}, formula: '', inputs: ['N', 'D'], params: { ...P }, ...extra }) as FitReport;
const ctx = nodeTaskContext();

test('prediction equals the Chinchilla formula written out', () => {
  const N = 7e9, D = 1.4e12;
  const p = predictTask({ report: report(), at: { N, D } }, ctx);
  assert.ok(Math.abs(p.prediction - (P.E + P.A / N ** P.alpha + P.B / D ** P.beta)) < 1e-12);
  assert.match(p.text, /7B.*1\.4T/);
  assert.equal(p.interval, undefined);
});

test('predict refuses inputs the law does not read and non-positive values', () => {
  assert.throws(() => predictTask({ report: report(), at: { N: 1e9, D: 2e10, X: 5 } }, ctx), /reads only N, D/);
  assert.throws(() => predictTask({ report: report(), at: { N: -1, D: 2e10 } }, ctx), /positive/);
});

test('compute-optimal allocation satisfies C = kND and the first-order condition; the budget for its loss is C again', () => {
  const C = 5.76e23;
  for (const k of [6, 8]) {
    const a = optimalTask({ report: report(), compute: C, flopsPerParamToken: k }, ctx);
    assert.ok(Math.abs((k * a.N * a.D) / C - 1) < 1e-9);
    // Along C fixed, dL/dN = 0: alpha A / N^alpha = beta B / D^beta.
    const lhs = (P.alpha * P.A) / a.N ** P.alpha, rhs = (P.beta * P.B) / a.D ** P.beta;
    assert.ok(Math.abs(lhs / rhs - 1) < 1e-9);
    assert.equal(a.flopConvention, `C = ${k}·N·D`);
    const b = optimalTask({ report: report(), targetLoss: a.loss, flopsPerParamToken: k }, ctx);
    assert.ok(Math.abs(b.C / C - 1) < 1e-6);
  }
  assert.throws(() => optimalTask({ report: report({ law: 'kaplan' }), compute: C }, ctx), /chinchilla/);
  assert.throws(() => optimalTask({ report: report(), targetLoss: 1.5 }, ctx), /irreducible/);
  assert.throws(() => optimalTask({ report: report(), targetLoss: 1e300 }, ctx), /any budget reaches it/);
  assert.throws(() => optimalTask({ report: report({ params: { ...P, A: -1 } }), compute: C }, ctx), /A = -1 is not positive/);
});

test('bootstrap draws give a confidence interval around the prediction', () => {
  const samples = [0.98, 0.99, 1, 1.01, 1.02].flatMap((f) => [[P.E * f, P.A, P.B, P.alpha, P.beta]]);
  const r = report({ bootstrap: { k: 5, seed: 0, converged: 5, se: {}, ci95: {}, samples } });
  const p = predictTask({ report: r, at: { N: 1e9, D: 2e10 } }, ctx);
  assert.ok(p.interval && p.interval[0] < p.prediction && p.prediction < p.interval[1]);
  assert.match(p.text, /confidence interval/);
});
