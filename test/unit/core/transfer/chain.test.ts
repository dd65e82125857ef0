// Pairing runs across data sets, and prediction chains with per-draw joint intervals, checked
// against hand-written compositions of the formulas (not the laws' own code).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../../src/core/optimize/rng';
import type { FitReport } from '../../../../src/core/report/fitReport';
import { evaluateChain } from '../../../../src/core/transfer/chain';
import { pairByKey } from '../../../../src/core/transfer/pairing';

test('pairByKey: inner join on equal keys, many-to-many in left then right order, unmatched counted', () => {
  const p = pairByKey([3e9, 1e9, 2e9, 5e9], [2e9, 1e9 * (1 + 1e-12), 9e9, 2e9]);
  assert.deepEqual(Array.from(p.left), [1, 2, 2]);
  assert.deepEqual(Array.from(p.right), [1, 0, 3]);
  assert.equal(p.unmatchedLeft, 2);
  assert.equal(p.unmatchedRight, 1);
  assert.equal(pairByKey([1e9], [1.001e9]).left.length, 0, 'keys 0.1 % apart do not match');
});

function report(law: string, params: Record<string, number>, samples?: number[][]): FitReport {
  return {
    law, params, formula: '', inputs: [],
    ...(samples ? { bootstrap: { k: samples.length, seed: 0, converged: samples.length, se: {}, ci95: {}, samples } } : {}),
  } as unknown as FitReport;
}

// numpy's default (linear) percentile, written out independently.
function pct(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (q / 100) * (s.length - 1), lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}

const chin = (p: number[], N: number, D: number) => p[0] + p[1] / N ** p[3] + p[2] / D ** p[4]; // E, A, B, alpha, beta
const l2l = (p: number[], x: number) => p[0] * (x - p[2]) ** p[1] + p[3]; // K, kappa, E_x, E_y
const down = (p: number[], L: number) => p[0] - p[1] * Math.exp(-p[2] * L); // eps, k, gamma

test('chain: compute → loss → other loss → downstream error, point and joint 95 % interval', () => {
  const rng = new Rng(42);
  const c0 = [1.69, 406.4, 410.7, 0.34, 0.28], l0 = [1.1, 0.95, 1.5, 0.7], d0 = [0.86, 2.2, 0.71];
  const jitter = (p: number[], s: number) => p.map((v) => v * (1 + s * rng.normal()));
  const cs = Array.from({ length: 300 }, () => jitter(c0, 0.01));
  const ls = Array.from({ length: 250 }, () => jitter(l0, 0.01));
  const ds = Array.from({ length: 400 }, () => jitter(d0, 0.01));
  const names = (ks: string[], v: number[]) => Object.fromEntries(ks.map((k, j) => [k, v[j]]));
  const reports = [
    report('chinchilla', names(['E', 'A', 'B', 'alpha', 'beta'], c0), cs),
    report('loss-to-loss', names(['K', 'kappa', 'E_x', 'E_y'], l0), ls),
    report('downstream', names(['eps', 'k', 'gamma'], d0), ds),
  ];
  const N = 7e9, D = 1.4e11;
  const r = evaluateChain(reports, { N, D });
  const want = down(d0, l2l(l0, chin(c0, N, D)));
  assert.ok(Math.abs(r.prediction - want) < 1e-12, `${r.prediction} vs ${want}`);
  assert.equal(r.draws, 250);
  const per = Array.from({ length: 250 }, (_, b) => down(ds[b], l2l(ls[b], chin(cs[b], N, D))));
  assert.ok(Math.abs(r.interval![0] - pct(per, 2.5)) < 1e-12 && Math.abs(r.interval![1] - pct(per, 97.5)) < 1e-12);
  assert.equal(r.stages.length, 3);
  assert.equal(r.stages[1].fedInput, 'x');
  assert.ok(Math.abs(r.stages[1].inputs.x - chin(c0, N, D)) < 1e-12);
  const mid = Array.from({ length: 250 }, (_, b) => l2l(ls[b], chin(cs[b], N, D)));
  assert.ok(Math.abs(r.stages[1].interval![1] - pct(mid, 97.5)) < 1e-12);
  assert.ok(r.warnings.some((w) => /400 bootstrap draws; the chain uses the first 250/.test(w)));
  // The chained interval is wider than the last stage's own parameter uncertainty alone.
  const only = Array.from({ length: 250 }, (_, b) => down(ds[b], l2l(l0, chin(c0, N, D))));
  assert.ok(r.interval![1] - r.interval![0] > pct(only, 97.5) - pct(only, 2.5));
});

test('chain: C alone → compute-optimal N, D of each draw; exact stages are flagged', () => {
  const c0 = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
  const C = 5.76e23;
  const r = evaluateChain([report('chinchilla', c0), report('downstream', { eps: 0.86, k: 2.2, gamma: 0.71 })], { C });
  const G = ((c0.alpha * c0.A) / (c0.beta * c0.B)) ** (1 / (c0.alpha + c0.beta));
  const Nopt = G * (C / 6) ** (c0.beta / (c0.alpha + c0.beta));
  const Dopt = (1 / G) * (C / 6) ** (c0.alpha / (c0.alpha + c0.beta));
  assert.ok(Math.abs(r.stages[0].inputs.N / Nopt - 1) < 1e-12);
  assert.ok(Math.abs(r.stages[0].inputs.D / Dopt - 1) < 1e-9);
  assert.equal(r.interval, undefined);
  assert.equal(r.warnings.filter((w) => /treated as exact/.test(w)).length, 2);
  const withN = evaluateChain([report('chinchilla', c0)], { C, N: 1e9 });
  assert.ok(Math.abs(withN.stages[0].inputs.D - C / 6e9) < 1e-3);
});

test('chain: a draw that leaves the law domain (loss below E_x) is dropped and reported', () => {
  const l0 = { K: 1, kappa: 1, E_x: 1.5, E_y: 0.5 };
  const samples = [[1, 1, 1.5, 0.5], [1, 1, 2.5, 0.5], [1, 1.1, 1.4, 0.5], [0.9, 1, 1.5, 0.5]];
  const r = evaluateChain([report('loss-to-loss', l0, samples)], { x: 2 });
  assert.equal(r.finiteDraws, 3);
  assert.ok(r.warnings.some((w) => /1 of 4 chain draws were not finite/.test(w)));
  assert.throws(() => evaluateChain([report('chinchilla', { E: 1, A: 1, B: 1, alpha: 0.3, beta: 0.3 })], { N: 1e9 }), /missing D/);
});
