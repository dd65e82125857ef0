// Allocations beyond the Chinchilla closed form:
// - data-constrained (Muennighoff et al. 2023): the authors' worked example in huggingface/datablations
//   README ("Parametric Fit"): C = 1e22 FLOPs with 25B unique tokens → 237336955477.55 tokens (9.49
//   epochs) and 7022364735.88 parameters, found by their grid search along the iso-FLOP line; and the
//   two models of their Figure 1 (right): L(6.34e9, 242e9, 25e9) = 2.2256440889984477,
//   L(8.67e9, 178e9, 25e9) = 2.2269634075087867.
// - inference-aware for a target loss (Sardana et al. 2024): against an independent Newton solve of the
//   first-order condition (bench/peers/sardana_scipy.py).
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { dataConstrainedLoss } from '../../../../src/core/laws/dataConstrained';
import { optimalForCompute, type ChinchillaParams } from '../../../../src/core/plan/computeOptimal';
import { dataConstrainedOptimal } from '../../../../src/core/plan/dataConstrainedOptimal';
import { inferenceAwareForLoss } from '../../../../src/core/plan/inference';
import { hasScipy, NO_SCIPY, runPythonJson } from '../../../support/scipy';

// The authors' C4 fit (README): a, b, e, alpha, beta, rd_star, rn_star.
const C4 = { E: Math.exp(0.6254804), A: Math.exp(6.255414), B: Math.exp(7.3049974), alpha: 0.3526596, beta: 0.3526596, RD_star: 15.387756, RN_star: 5.309743 };

test('data-constrained law: the authors\' Figure 1 (right) losses', () => {
  assert.ok(Math.abs(dataConstrainedLoss(C4, 6.34e9, 242e9, 25e9) - 2.2256440889984477) < 1e-13);
  assert.ok(Math.abs(dataConstrainedLoss(C4, 8.67e9, 178e9, 25e9) - 2.2269634075087867) < 1e-13);
});

test('data-constrained allocation reproduces Muennighoff et al.\'s worked example (1e22 FLOPs, 25B unique tokens)', () => {
  const C = 1e22, U = 25e9;
  // Their procedure, run on our law: the iso-FLOP grid around the Chinchilla allocation.
  const ch = optimalForCompute(C4, C);
  let best = { l: Infinity, N: 0, D: 0 };
  for (let j = 0; j < 500; j++) {
    const i = 1.0001 + ((3 - 1.0001) * j) / 499;
    for (const [N, D] of [[ch.N / i, ch.D * i], [ch.N * i, ch.D / i]]) {
      const l = dataConstrainedLoss(C4, N, D, Math.min(U, D));
      if (l < best.l) best = { l, N, D };
    }
  }
  assert.ok(Math.abs(best.N / 7022364735.879969 - 1) < 1e-9, `grid N ${best.N}`);
  assert.ok(Math.abs(best.D / 237336955477.55075 - 1) < 1e-9, `grid D ${best.D}`);
  // The continuous optimum: within one step of their grid (i steps by 0.004), a hair lower in loss.
  const a = dataConstrainedOptimal(C4, C, U);
  assert.ok(Math.abs(Math.log(a.N / 7.022364735879969e9)) < Math.log(1.004), `N ${a.N}`);
  assert.ok(Math.abs(Math.log(a.D / 237.33695547755075e9)) < Math.log(1.004), `D ${a.D}`);
  assert.ok(Math.abs(a.epochs - 9.49) < 0.01, `epochs ${a.epochs}`);
  assert.ok(a.loss <= best.l + 1e-15);
  assert.ok(Math.abs(6 * a.N * a.D / C - 1) < 1e-12);
  // Unlimited unique data: no repetition, and the law is the Chinchilla law: the closed form.
  const free = dataConstrainedOptimal(C4, C, 1e15);
  assert.ok(Math.abs(free.N / ch.N - 1) < 1e-6 && free.epochs === 1, `N ${free.N} vs ${ch.N}`);
  assert.throws(() => dataConstrainedOptimal(C4, C, 0), /unique tokens/);
});

test('inference-aware allocation for a target loss agrees with a Newton solve of Sardana et al.\'s condition', (t) => {
  if (!hasScipy()) return t.skip(NO_SCIPY);
  const hoffmann: ChinchillaParams = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
  const epoch: ChinchillaParams = { E: 1.82, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 };
  const cases = [
    { ...hoffmann, loss: 2.0177, T: 2e12 },
    { ...hoffmann, loss: 1.9, T: 1e14 },
    { ...epoch, loss: 2.1, T: 5e12 },
    { ...epoch, loss: 2.3, T: 1e9 },
  ];
  const peer = runPythonJson<{ results: { N: number; D: number; total: number; chinchillaN: number }[] }>(resolve(__dirname, '../../../../bench/peers/sardana_scipy.py'), { cases });
  cases.forEach((c, i) => {
    const ours = inferenceAwareForLoss(c, c.loss, c.T);
    const p = peer.results[i];
    assert.ok(Math.abs(ours.N / p.N - 1) < 1e-6, `case ${i}: N ${ours.N} vs ${p.N}`);
    assert.ok(Math.abs(ours.D / p.D - 1) < 1e-6, `case ${i}: D ${ours.D} vs ${p.D}`);
    assert.ok(Math.abs(ours.totalFlops / p.total - 1) < 1e-10, `case ${i}: total ${ours.totalFlops} vs ${p.total}`);
    assert.ok(Math.abs(ours.chinchilla.N / p.chinchillaN - 1) < 1e-6, `case ${i}: Chinchilla N ${ours.chinchilla.N} vs ${p.chinchillaN}`);
    t.diagnostic(`E ${c.E}, loss ${c.loss}, ${c.T.toExponential(0)} inference tokens: N ${(ours.N / 1e9).toFixed(3)}B (Chinchilla ${(ours.chinchilla.N / 1e9).toFixed(3)}B), D ${(ours.D / 1e9).toFixed(0)}B, ${(100 * ours.savings).toFixed(1)} % less compute`);
  });
});
