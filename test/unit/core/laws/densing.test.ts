// Densing Law pieces (Xiao et al. 2024, arXiv 2412.04315): Eq. 4's inverse of the performance law,
// the frontier (maximum density over time) and the trend through it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { densingTrend, densityFrontier, effectiveParamsFromScore, lossForScore } from '../../../../src/core/laws/densing';

const PERF = { a: 0.7, c: 0.25, s: 6, L0: 1.2 };
const sigmoid = (L: number) => PERF.c + PERF.a / (1 + Math.exp(PERF.s * (L - PERF.L0)));

test('lossForScore inverts the performance law; scores outside (c, c + a) have no loss', () => {
  for (const L of [0.4, 1.0, 1.2, 1.9, 3]) assert.ok(Math.abs(lossForScore(PERF, sigmoid(L)) - L) < 1e-12, `L = ${L}`);
  assert.ok(Number.isNaN(lossForScore(PERF, 0.25)));
  assert.ok(Number.isNaN(lossForScore(PERF, 0.95)));
  assert.ok(Number.isNaN(lossForScore(PERF, 1.2)));
  // Paper's form (E = 0): N^ = ((L^ - b D0^-beta) / a)^(-1/alpha); a loss at or below b D0^-beta is unbounded.
  const ref = { E: 0, A: 400, B: 2000, alpha: 0.3, beta: 0.3 };
  const N = 7e9, L = ref.A / N ** ref.alpha + ref.B / 1e12 ** ref.beta;
  assert.ok(Math.abs(effectiveParamsFromScore(ref, PERF, sigmoid(L)) / N - 1) < 1e-9);
  assert.equal(effectiveParamsFromScore(ref, PERF, sigmoid(ref.B / 1e12 ** ref.beta - 0.01)), Infinity);
});

test('the frontier keeps the models that raise the maximum density, the best one per release time', () => {
  const t = [0, 10, 10, 20, 30, 30, 40, 50];
  const rho = [1, 0.8, 1.5, 1.4, 2.0, 2.5, 0.5, NaN];
  assert.deepEqual(densityFrontier(t, rho), [0, 2, 5]);
  // A bootstrap replicate without row 2: row 3 (1.4 > 1) becomes a record.
  assert.deepEqual(densityFrontier(t, rho, [1, 1, 0, 1, 1, 1, 1, 1]), [0, 3, 5]);
});

test('trend through the frontier: the paper\'s A ≈ 0.0073 per day is a doubling every ≈ 95 days (§3.3)', () => {
  const t = [0, 30, 60, 90, 150, 200, 300, 400], rho: number[] = [];
  t.forEach((d, i) => rho.push(0.1 * Math.exp(0.0073 * d) * (i % 2 ? 0.3 : 1))); // every other model lags
  const tr = densingTrend(t, rho);
  assert.deepEqual(tr.used, [0, 2, 4, 6]);
  assert.ok(Math.abs(tr.r - 0.0073) < 1e-12 && Math.abs(tr.rho0 - 0.1) < 1e-12);
  assert.equal(Math.round(tr.doublingTime), 95);
  assert.ok(Math.abs(tr.r2 - 1) < 1e-12);
  const all = densingTrend(t, rho, { kind: 'all' });
  assert.equal(all.points, 8);
  const boot = densingTrend(t, rho, { bootstrap: 200, seed: 3 });
  assert.ok(boot.bootstrap && boot.bootstrap.k > 150);
  assert.ok(boot.bootstrap.rInterval[0] <= 0.0073 + 1e-12 && 0.0073 - 1e-12 <= boot.bootstrap.rInterval[1]);
  assert.throws(() => densingTrend([0, 10], [2, 1]), /frontier has 1 model/);
});
