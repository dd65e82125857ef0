// Gauss–Newton covariance against the textbook straight-line formulas, correlation of draws, and the
// conditioning hook's plain words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conditioningWarnings, drawCorrelation, gaussNewtonCovariance } from '../../../../src/core/fit/identifiability';
import { fitPowerLaw } from '../../../../src/core/plan/approaches';
import { Rng } from '../../../../src/core/optimize/rng';

test('Gauss–Newton covariance of a straight line equals s² / Sxx for the slope and the textbook intercept variance', () => {
  const rng = new Rng(4);
  const n = 30;
  const x = Array.from({ length: n }, (_, i) => 20 + i * 0.3);
  const y = x.map((v) => 1.5 + 0.4 * v + 0.05 * rng.normal());
  const J = new Float64Array(n * 2);
  x.forEach((v, i) => { J[2 * i] = 1; J[2 * i + 1] = v; });
  const mx = x.reduce((a, b) => a + b) / n;
  const sxx = x.reduce((a, v) => a + (v - mx) ** 2, 0);
  const s = 0.05;
  const { cov, rank } = gaussNewtonCovariance(J, n, 2, s);
  assert.equal(rank, 2);
  assert.ok(Math.abs(cov[3] / (s * s / sxx) - 1) < 1e-9, 'slope variance');
  assert.ok(Math.abs(cov[0] / (s * s * (1 / n + (mx * mx) / sxx)) - 1) < 1e-9, 'intercept variance');
  assert.ok(Math.abs(cov[1] / (-s * s * mx / sxx) - 1) < 1e-9, 'covariance');
  // and with the residual s.d. as scale it reproduces fitPowerLaw's exponent s.e. on exp-transformed data
  const fitted = fitPowerLaw(x.map(Math.exp), y.map(Math.exp));
  const b = fitted.exponent, a = Math.log(fitted.coefficient);
  const sres = Math.sqrt(y.reduce((acc, v, i) => acc + (v - a - b * x[i]) ** 2, 0) / (n - 2));
  assert.ok(Math.abs(Math.sqrt(gaussNewtonCovariance(J, n, 2, sres).cov[3]) / fitted.se!.exponent - 1) < 1e-9);
  // a column that is a copy of another leaves a direction without information
  const K = new Float64Array(n * 2);
  x.forEach((v, i) => { K[2 * i] = v; K[2 * i + 1] = 2 * v; });
  assert.equal(gaussNewtonCovariance(K, n, 2, s).rank, 1);
});

test('correlation of draws', () => {
  const rng = new Rng(2);
  const draws = Array.from({ length: 4000 }, () => { const u = rng.normal(), v = rng.normal(); return Float64Array.of(u, 0.6 * u + 0.8 * v, v); });
  const c = drawCorrelation(draws, 3);
  assert.ok(Math.abs(c[0][1] - 0.6) < 0.03 && Math.abs(c[1][2] - 0.8) < 0.03 && Math.abs(c[0][2]) < 0.05);
  assert.equal(c[1][1], 1);
});

test('conditioning hook: passes warnings through, judges the projected problem when there is one', () => {
  assert.deepEqual(conditioningWarnings(undefined), []);
  assert.deepEqual(conditioningWarnings({ warnings: ['w'] }), ['w']);
  // a Chinchilla-type full problem is a ridge on any data: only the projected one is judged
  assert.deepEqual(conditioningWarnings({ full: { condition: 3.5e11 }, projected: { condition: 11 } }), []);
  assert.deepEqual(conditioningWarnings({ full: { condition: 3.5e11, weakest: { e: 0.1, b: 0.7, beta: 0.7 } } }), ['the fit is ill-conditioned (condition number 3.5e+11): the data barely constrain the combination of b, beta']);
  assert.match(conditioningWarnings({ projected: { condition: 2e9, weakest: { alpha: 0.2, beta: 0.98 } } })[0], /condition number 2\.0e\+9 of the nonlinear parameters\): the data barely constrain the combination of beta$/);
});
