// Cross-validation checked against a closed form: a power law with E fixed at 0, fitted by least
// squares in log space, is ordinary least squares of ln L on ln N, whose leave-one-out residuals
// are e_i / (1 − h_ii) (the hat-matrix identity), computed here independently of the fitter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignFolds, crossValidate } from '../../../../src/core/fit/crossValidate';
import { runFit } from '../../../../src/core/fit/fit';
import { DEFAULT_TOLERANCES, type FitProblem } from '../../../../src/core/fit/problem';

function rng(seed: number) {
  return () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
}

function powerProblem(n: number, sd: number, seed: number): { problem: FitProblem; lnN: number[]; lnL: number[] } {
  const r = rng(seed);
  const N: number[] = [], L: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = 1e7 * 10 ** (3 * (i / (n - 1)));
    // Box–Muller normal noise on ln L.
    const z = Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r());
    N.push(x);
    L.push(40 * x ** -0.15 * Math.exp(sd * z));
  }
  const problem: FitProblem = {
    lawId: 'power', lawOptions: { x: 'N' }, x: { N: Float64Array.from(N) }, y: Float64Array.from(L),
    objective: { kind: 'l2', delta: 0, space: 'log', reduction: 'sum' }, fixed: { E: 0 }, starts: { kind: 'default' }, seed: 0, tolerances: { ...DEFAULT_TOLERANCES },
  };
  return { problem, lnN: N.map(Math.log), lnL: L.map(Math.log) };
}

/** OLS of y on [1, x]: leave-one-out residuals by the hat-matrix identity. */
function olsLooRmse(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b) / n, my = y.reduce((a, b) => a + b) / n;
  const sxx = x.reduce((a, v) => a + (v - mx) ** 2, 0);
  const b = x.reduce((a, v, i) => a + (v - mx) * (y[i] - my), 0) / sxx;
  const a = my - b * mx;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const h = 1 / n + (x[i] - mx) ** 2 / sxx;
    ss += ((y[i] - a - b * x[i]) / (1 - h)) ** 2;
  }
  return Math.sqrt(ss / n);
}

test('leave-one-out RMSE equals the hat-matrix closed form for log-space OLS (power law, E = 0)', async () => {
  for (const seed of [1, 2, 3]) {
    const { problem, lnN, lnL } = powerProblem(30, 0.02, seed);
    const report = await runFit(problem, { bootstrap: 0, diagnostics: false, provenance: { tool: 'test', version: '0', mapping: {}, derived: {} } });
    const cv = crossValidate(problem, report);
    assert.equal(cv.method, 'leave-one-out');
    assert.equal(cv.unconverged, 0);
    const exact = olsLooRmse(lnN, lnL);
    assert.ok(Math.abs(cv.rmse - exact) / exact < 1e-5, `seed ${seed}: CV RMSE ${cv.rmse} vs closed form ${exact}`);
    assert.ok(cv.rmse > report.comparison.rmse, 'out-of-sample error exceeds the in-sample error');
  }
});

test('folds: one per point, one per run when runs hold several points, k-fold on large tables', () => {
  assert.equal(assignFolds(5).method, 'leave-one-out');
  const byRun = assignFolds(6, { runs: ['a', 'a', 'b', 'b', 'c', 'c'] });
  assert.equal(byRun.method, 'leave-one-run-out');
  assert.deepEqual([...byRun.fold], [0, 0, 1, 1, 2, 2]);
  const big = assignFolds(1000);
  assert.equal(big.folds, 10);
  assert.equal(big.fold[13], 3);
  // Every fold non-empty.
  assert.equal(new Set(big.fold).size, 10);
});
