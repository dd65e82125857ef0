// The design's pieces (Sherman–Morrison update, the region, the greedy result) and, in a reduced
// simulation, whether designed runs narrow the target's interval more than a naive grid of the
// same compute when both are actually observed and refitted (test/support/designSimulation.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { designRuns } from '../../../../src/core/design/design';
import { applyUpdate, updateFor } from '../../../../src/core/design/greedy';
import { allowed, candidates, designRegion } from '../../../../src/core/design/region';
import { targetFunction } from '../../../../src/core/design/target';
import { createLaw } from '../../../../src/core/laws/registry';
import { InputError } from '../../../../src/core/errors';
import { predictOne } from '../../../../src/core/laws/types';
import { runFit } from '../../../../src/core/fit/fit';
import { DEFAULT_TOLERANCES } from '../../../../src/core/fit/problem';
import { CHINCHILLA_OBJECTIVE } from '../../../../src/core/optimize/objective';
import { Rng } from '../../../../src/core/optimize/rng';
import { chinchillaLoss, optimalForCompute } from '../../../../src/core/plan/computeOptimal';
import { TRUTH } from '../../../support/coverage';
import { designSimulation } from '../../../support/designSimulation';

function inv3(m: number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [A, -(b * i - c * h), b * f - c * e, B, a * i - c * g, -(a * f - c * d), C, -(a * h - b * g), a * e - b * d].map((v) => v / det);
}

test('the rank-one update equals inverting Σ⁻¹ + ssᵀ/σ², and the gain is the drop in gᵀΣg', () => {
  const cov = Float64Array.from([2, 0.5, 0.1, 0.5, 1, 0.2, 0.1, 0.2, 0.5]);
  const s = Float64Array.of(0.3, -1.2, 0.7), g = Float64Array.of(1, 2, -0.5), noise = 0.4;
  const up = updateFor(cov, s, g, noise);
  const after = applyUpdate(cov, up);
  const info = inv3([...cov]).map((v, idx) => v + (s[Math.floor(idx / 3)] * s[idx % 3]) / noise);
  const direct = inv3(info);
  direct.forEach((v, idx) => assert.ok(Math.abs(v - after[idx]) < 1e-12, `entry ${idx}: ${v} vs ${after[idx]}`));
  const q = (M: ArrayLike<number>) => [0, 1, 2].reduce((t, a) => t + [0, 1, 2].reduce((u, b) => u + g[a] * M[a * 3 + b] * g[b], 0), 0);
  assert.ok(Math.abs(q(cov) - q(after) - up.gain) < 1e-12);
});

test('candidates stay inside the region: budget share, tokens/param, max N, epochs of a data-constrained law', () => {
  const data = { N: [1e7, 1e8, 1e9], D: [2e8, 4e9, 2e10], U: [1e9, 1e9, 1e9] };
  const r = designRegion(['N', 'D'], data, { maxN: 5e8, flopsPerParamToken: 6 });
  assert.deepEqual(r.tokensPerParam, [20, 40]);
  const cands = candidates(r, 1e19);
  assert.ok(cands.length > 100);
  for (const c of cands) assert.ok(allowed(r, c, 1e19) && c.N <= 5e8 && c.flops <= 1e19 * (1 + 1e-9));
  const dc = designRegion(['N', 'D', 'U'], data, { flopsPerParamToken: 6 });
  assert.equal(dc.maxEpochs, 20);
  for (const c of candidates(dc, 1e21)) assert.ok(c.D <= 2e10 * (1 + 1e-9), 'no more epochs than the data reached');
  assert.throws(() => designRegion(['x'], { x: [1] }, { flopsPerParamToken: 6 }), InputError);
});

async function fitted(seed: number) {
  const rng = new Rng(seed, 1);
  const N: number[] = [], D: number[] = [], y: number[] = [];
  for (const C of [1e18, 1e19, 1e20]) for (const f of [0.25, 0.5, 1, 2, 4]) {
    const n = f * optimalForCompute(TRUTH, C).N;
    N.push(n), D.push(C / (6 * n)), y.push(chinchillaLoss(TRUTH, n, C / (6 * n)) * Math.exp(0.01 * rng.normal()));
  }
  return runFit({ lawId: 'chinchilla', lawOptions: {}, x: { N: Float64Array.from(N), D: Float64Array.from(D) }, y: Float64Array.from(y), objective: CHINCHILLA_OBJECTIVE, fixed: {}, starts: { kind: 'random', count: 64 }, seed, tolerances: { ...DEFAULT_TOLERANCES } },
    { bootstrap: 60, diagnostics: false, provenance: { tool: 't', version: '0', mapping: {}, derived: {} } });
}

test('designRuns: k runs within the budget, each with a reason and a config; narrower than now and than the naive grid (forecast)', async () => {
  const report = await fitted(3);
  const d = designRuns(report, { target: { kind: 'compute', C: 1e23, flopsPerParamToken: 6 }, budget: 3e20, k: 3 });
  assert.equal(d.runs.length, 3);
  assert.ok(d.budget.designedFlops <= 3e20 * (1 + 1e-9));
  for (const r of d.runs) {
    assert.match(r.why.text, /^pins \w+ \(variance −\d+ %\)/);
    assert.ok(r.config && r.config.layers > 0);
  }
  assert.ok(d.width.designed.relative < d.width.before.relative);
  assert.ok(d.width.designedVsNaive <= 1 + 1e-9);
  assert.ok(d.warnings.some((w) => /decades beyond the largest run/.test(w)), d.warnings.join(' | '));
  assert.throws(() => targetFunction(createLaw('data-constrained'), { kind: 'compute', C: 1e23, flopsPerParamToken: 6 }), InputError);
  assert.throws(() => designRuns({ ...report, bootstrap: undefined }, { target: { kind: 'compute', C: 1e23, flopsPerParamToken: 6 }, budget: 1e20, k: 2 }), /bootstrap/);
});

test('simulation (reduced): designed runs, observed and refitted, narrow the interval more than the naive grid of the same compute', async () => {
  // Measured on refits of freshly observed runs, not on the design's own forecast: it can fail.
  const r = await designSimulation({ seeds: 8, bootstrap: 60, sigma: 0.01, k: 4, budget: 3e20, target: { kind: 'compute', C: 1e23, flopsPerParamToken: 6 }, starts: { kind: 'random', count: 64 } });
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  assert.ok(mean(r.designed.widths) < mean(r.naive.widths), `designed ${mean(r.designed.widths)} vs naive ${mean(r.naive.widths)}`);
  assert.ok(mean(r.designed.widths) < mean(r.before.widths));
  assert.ok(r.designed.covered >= 6, `designed intervals cover the truth in ${r.designed.covered}/8`);
});

test('data-constrained law: new runs keep the data\'s unique tokens and epochs; the target is taken at that U', async () => {
  const q = { E: 1.87, A: 521, B: 1488, alpha: 0.3527, beta: 0.3527, RD_star: 15.4, RN_star: 5.3 };
  const law = createLaw('data-constrained');
  const rng = new Rng(5, 1);
  const N: number[] = [], D: number[] = [], U: number[] = [], y: number[] = [];
  for (const n of [5e7, 1e8, 2e8, 4e8, 8e8]) for (const epochs of [1, 2, 4, 8]) for (const u of [1e9, 4e9]) {
    N.push(n), D.push(u * epochs), U.push(u);
    y.push(predictOne(law, q, { N: n, D: u * epochs, U: u }) * Math.exp(0.01 * rng.normal()));
  }
  const report = await runFit({ lawId: 'data-constrained', lawOptions: {}, x: { N: Float64Array.from(N), D: Float64Array.from(D), U: Float64Array.from(U) }, y: Float64Array.from(y), objective: CHINCHILLA_OBJECTIVE, fixed: {}, starts: { kind: 'random', count: 64 }, seed: 1, tolerances: { ...DEFAULT_TOLERANCES } },
    { bootstrap: 40, diagnostics: false, provenance: { tool: 't', version: '0', mapping: {}, derived: {} } });
  const d = designRuns(report, { target: { kind: 'loss', at: { N: 7e9, D: 1.4e11 } }, budget: 1e20, k: 3, configs: false });
  assert.equal(d.runs.length, 3);
  for (const r of d.runs) assert.ok(r.U === 4e9 && r.D / 4e9 <= 8 * (1 + 1e-9), JSON.stringify(r));
  assert.equal(d.target.at.U, 4e9);
  assert.ok(d.warnings.some((w) => /U = 4\.00e\+9/.test(w)), d.warnings.join(' | '));
});
