// Phases explorer host logic: the plane's polygons against the core's phase rule, and the
// compute-optimal exponents of a Chinchilla fit against a direct numerical optimisation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closedFormExponents, interiorPhase } from '../../../../src/core/theory';
import { fitExponents, heatmapAxes, insidePolygon, placeFit, planeRegions, PLANE_MAX } from '../../../../src/extension/phases/phaseLogic';

test('every point of the window lies in exactly one region polygon, the one the phase rule names', () => {
  const regions = planeRegions();
  let checked = 0;
  for (let i = 0; i < 61; i++) {
    for (let k = 0; k < 61; k++) {
      // offsets keep the samples off the boundary lines
      const a = 0.0037 + (i * (PLANE_MAX - 0.01)) / 60, b = 0.0051 + (k * (PLANE_MAX - 0.01)) / 60;
      const hits = regions.filter((r) => insidePolygon(a, b, r.poly));
      assert.equal(hits.length, 1, `(${a}, ${b}) is in ${hits.map((h) => h.name).join(', ') || 'no region'}`);
      const expected = interiorPhase(a, b) ?? 'undefined';
      assert.equal(hits[0].name, expected, `(${a}, ${b})`);
      checked++;
    }
  }
  assert.equal(checked, 61 * 61);
});

test('region labels sit inside their own regions', () => {
  for (const r of planeRegions()) assert.ok(insidePolygon(r.label[0], r.label[1], r.poly), r.name);
});

test('heatmap axes are cell centres and refuse silly sizes', () => {
  const { alphas } = heatmapAxes(6);
  assert.deepEqual(alphas, [0.125, 0.375, 0.625, 0.875, 1.125, 1.375]);
  assert.throws(() => heatmapAxes(1));
  assert.throws(() => heatmapAxes(51));
});

/** argmin over log N of L(N, C/(6N)) by golden section (independent of the closed form). */
function optimum(p: { E: number; A: number; B: number; alpha: number; beta: number }, C: number): { N: number; L: number } {
  const L = (lnN: number) => { const N = Math.exp(lnN), D = C / (6 * N); return p.E + p.A * N ** -p.alpha + p.B * D ** -p.beta; };
  let lo = Math.log(1e3), hi = Math.log(C / 6 / 1e3);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 200; it++) {
    const x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
    if (L(x1) < L(x2)) hi = x2; else lo = x1;
  }
  const x = (lo + hi) / 2;
  return { N: Math.exp(x), L: L(x) };
}

test('fitExponents: xi and eta equal the log-log slopes of the numerically optimal N and L − E', () => {
  const p = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
  const f = fitExponents({ law: 'chinchilla', params: p });
  const o1 = optimum(p, 1e21), o2 = optimum(p, 1e24);
  const xi = Math.log(o2.N / o1.N) / Math.log(1e3);
  const eta = -Math.log((o2.L - p.E) / (o1.L - p.E)) / Math.log(1e3);
  assert.ok(Math.abs(f.xi - xi) < 1e-4, `xi ${f.xi} vs numerical ${xi}`);
  assert.ok(Math.abs(f.eta - eta) < 1e-4, `eta ${f.eta} vs numerical ${eta}`);
  assert.throws(() => fitExponents({ law: 'kaplan', params: { Nc: 1, alphaN: 0.07 } }), /Chinchilla-type/);
  assert.equal(fitExponents({ law: 'overtraining', params: { alpha: 0.3 } }).xi, 0.5);
});

test('placeFit finds the (alpha, beta) whose closed-form exponents were given', () => {
  // exponents of phase II at (1.0, 0.8): a fit with these exponents sits there (II is not degenerate)
  const cf = closedFormExponents('II', 1.0, 0.8)!;
  // a Chinchilla fit with beta/(alpha+beta) = xi and alpha beta/(alpha+beta) = eta
  const beta = cf.eta / (1 - cf.xi), alpha = beta * (1 - cf.xi) / cf.xi;
  const pl = placeFit({ law: 'chinchilla', params: { E: 1, A: 1, B: 1, alpha, beta } });
  assert.ok(pl.distance < 0.01, `distance ${pl.distance}`);
  const best = pl.points[0];
  const again = closedFormExponents(best.phase as 'II', best.alpha, best.beta)!;
  assert.ok(Math.hypot(again.xi - cf.xi, again.eta - cf.eta) < 0.01);
});
