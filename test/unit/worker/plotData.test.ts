// Plot series computed in the worker: curves pass through the law, bands bracket the fit,
// IsoFLOP slices bottom out at the closed-form compute-optimal N.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FitReport } from '../../../src/core/report/fitReport';
import { buildPlotData } from '../../../src/worker/plotData';

const P = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
const L = (N: number, D: number, p = P) => p.E + p.A / N ** p.alpha + p.B / D ** p.beta;

function report(N: number[], D: number[], samples?: number[][]): FitReport {
  const loss = N.map((n, i) => L(n, D[i]));
  return {
    law: 'chinchilla', lawOptions: {}, formula: '', inputs: ['N', 'D'], params: { ...P },
    objective: { kind: 'huber', delta: 1e-3, space: 'log', reduction: 'sum', value: 0 },
    data: { inputs: { N, D }, loss, predicted: loss },
    bootstrap: samples ? { k: samples.length, seed: 0, converged: samples.length, se: {}, ci95: {}, samples } : undefined,
  } as unknown as FitReport;
}

test('loss-vs-N curves follow the law at each D slice; the band brackets the curve', () => {
  const N = [1e7, 1e8, 1e9, 1e7, 1e8, 1e9], D = [1e9, 1e9, 1e9, 1e10, 1e10, 1e10];
  const samples = Array.from({ length: 40 }, (_, j) => [P.E * (1 + (j - 20) * 1e-3), P.A, P.B, P.alpha, P.beta]);
  const { plots, recommendation } = buildPlotData(report(N, D, samples));
  const nPlot = plots.axes.find((a) => a.axis === 'N')!;
  assert.equal(nPlot.curves.length, 2);
  for (const c of nPlot.curves) {
    const d = c.name.includes('10B') ? 1e10 : 1e9;
    c.x.forEach((x, i) => assert.ok(Math.abs(c.y[i] - L(x, d)) < 1e-12));
    c.x.forEach((_, i) => assert.ok(c.lo![i] <= c.y[i] + 1e-12 && c.y[i] <= c.hi![i] + 1e-12));
  }
  assert.ok(plots.axes.some((a) => a.axis === 'C'));
  assert.ok(recommendation && Math.abs((6 * recommendation.N * recommendation.D) / recommendation.C - 1) < 1e-9);
});

test('IsoFLOP slices bottom out at the closed-form N_opt(C)', () => {
  const N: number[] = [], D: number[] = [];
  for (const C of [1e18, 1e19, 1e20]) for (const n of [1e7, 3e7, 1e8, 3e8, 1e9]) {
    N.push(n);
    D.push(C / (6 * n));
  }
  const { plots } = buildPlotData(report(N, D));
  const iso = plots.axes.find((a) => a.axis === 'isoflop');
  assert.ok(iso, 'isoflop plot present');
  assert.equal(iso!.curves.length, 3);
  const G = ((P.alpha * P.A) / (P.beta * P.B)) ** (1 / (P.alpha + P.beta));
  for (const c of iso!.curves) {
    const C = Number(c.name.replace('C = ', ''));
    const nOpt = G * (C / 6) ** (P.beta / (P.alpha + P.beta));
    let best = 0;
    c.y.forEach((y, i) => { if (y < c.y[best]) best = i; });
    const step = c.x[1] / c.x[0];
    assert.ok(Math.abs(Math.log(c.x[best] / nOpt)) <= Math.log(step), `C=${C}: argmin ${c.x[best]} vs ${nOpt}`);
  }
  // A plain N×D grid has no shared budgets: no IsoFLOP plot.
  assert.equal(buildPlotData(report([1e7, 1e8, 1e9], [1e9, 2e9, 3e9])).plots.axes.some((a) => a.axis === 'isoflop'), false);
});
