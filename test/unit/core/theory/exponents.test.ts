// Numerical compute-optimal exponents: helpers against exact answers, and the paper's II/III number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError, exponentHeatmap, geometricGrid, linearFit, measureExponents, parabolaVertex } from '../../../../src/core/theory';

test('helpers: parabola vertex, least squares, geometric grid', () => {
  const f = (x: number) => 2 + 3 * (x - 1.3) ** 2;
  const [xs, ys] = parabolaVertex(1, f(1), 1.2, f(1.2), 1.9, f(1.9));
  assert.ok(Math.abs(xs - 1.3) < 1e-12 && Math.abs(ys - 2) < 1e-12);
  const fit = linearFit([1, 2, 3, 4], [1.5, 3.5, 5.5, 7.5]);
  assert.ok(Math.abs(fit.slope - 2) < 1e-12 && Math.abs(fit.intercept + 0.5) < 1e-12 && fit.se < 1e-12);
  assert.deepEqual(geometricGrid(64, 256, 2), [64, 91, 128, 181, 256]);
});

test('alpha = beta = 0.7 (II/III boundary), W-averaged (deterministic equivalent), d = 64..1024: xi ≈ 1/2, eta a little below the theory 0.643', () => {
  // Finite-size bias: the W-averaged eta drifts up with the grid (0.601 for d ≤ 1024, 0.610 for
  // d ≤ 2048 in our runs) towards 0.643; the paper reports 0.648 measured. Single-W measurements
  // scatter by about ±0.03 around that (0.59-0.64 for seeds 1-4).
  const r = measureExponents({ alpha: 0.7, beta: 0.7, method: 'deterministic' });
  assert.equal(r.closedForm.phase, 'II/III');
  assert.ok(Math.abs(r.xi - 0.5) < 0.03, `xi ${r.xi}`);
  assert.ok(r.eta > 0.643 - 0.06 && r.eta < 0.643 + 0.01, `eta ${r.eta}`);
  for (const f of r.frontier) assert.ok(f.dStar >= r.dGrid[0] && f.dStar <= r.dGrid[r.dGrid.length - 1]);
});

test('alpha = beta = 0.7, exact method, one W per d (seed 1): eta within 0.06 of 0.643', () => {
  const r = measureExponents({ alpha: 0.7, beta: 0.7 });
  assert.ok(Math.abs(r.eta - 0.643) < 0.06, `eta ${r.eta}`);
});

test('phase Ia (0.75, 0.25), W-averaged: measured exponents near the closed form 0.4 / 0.4', () => {
  // (single-W xi scatters 0.29-0.38 over seeds 1-3; eta 0.396-0.412)
  const r = measureExponents({ alpha: 0.75, beta: 0.25, method: 'deterministic' });
  assert.ok(Math.abs(r.eta - 0.4) < 0.03, `eta ${r.eta}`);
  assert.ok(Math.abs(r.xi - 0.4) < 0.03, `xi ${r.xi}`);
});

test('progress and cancellation hooks', () => {
  const seen: number[] = [];
  const r = measureExponents({ alpha: 0.75, beta: 0.25, dMin: 16, dMax: 64, perDecade: 10 }, { onProgress: (done, total) => seen.push(done / total) });
  assert.ok(r.frontier.length > 0);
  assert.equal(seen[seen.length - 1], 1);
  let calls = 0;
  assert.throws(() => measureExponents({ alpha: 0.7, beta: 0.7 }, { shouldStop: () => ++calls > 3 }), CancelledError);
  const cells: number[] = [];
  const h = exponentHeatmap([0.3, 0.75], [0.1, 0.25], { dMin: 16, dMax: 64 }, { onProgress: (d) => cells.push(d) });
  assert.deepEqual(cells, [1, 2, 3, 4]);
  assert.equal(h.find((c) => c.alpha === 0.3 && c.beta === 0.1)!.phase, 'undefined');
  assert.equal(h.find((c) => c.alpha === 0.75 && c.beta === 0.25)!.source, 'closed-form');
});
