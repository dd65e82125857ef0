// Synthetic recovery: each transfer law, known parameters + noise → fitted parameters near truth.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runFit } from '../../../../src/core/fit/fit';
import { DEFAULT_TOLERANCES, type FitProblem, type StartsSpec } from '../../../../src/core/fit/problem';
import { createLaw, type LawOptions } from '../../../../src/core/laws/registry';
import { fromReported, type Inputs } from '../../../../src/core/laws/types';
import { densityTable, effectiveParams } from '../../../../src/core/laws/densing';
import { CHINCHILLA_OBJECTIVE, type ObjectiveSpec } from '../../../../src/core/optimize/objective';
import { Rng } from '../../../../src/core/optimize/rng';
import { logOls } from '../../../../src/core/transfer/logOls';

function synth(lawId: string, truth: Record<string, number>, x: Inputs, noise: number, seed: number, opts: LawOptions = {}, additive = false): Float64Array {
  const law = createLaw(lawId, opts);
  const y = new Float64Array(x[law.inputs[0]].length);
  law.predict(fromReported(law, truth), x, y);
  const rng = new Rng(seed);
  return y.map((v) => (additive ? v + noise * rng.normal() : v * Math.exp(noise * rng.normal())));
}

async function fit(lawId: string, x: Inputs, y: Float64Array, o: { fixed?: Record<string, number>; starts?: StartsSpec; objective?: ObjectiveSpec; opts?: LawOptions; bootstrap?: number } = {}) {
  const problem: FitProblem = {
    lawId, lawOptions: o.opts ?? {}, x, y, objective: o.objective ?? CHINCHILLA_OBJECTIVE, fixed: o.fixed ?? {},
    starts: o.starts ?? { kind: 'default' }, seed: 1, tolerances: { ...DEFAULT_TOLERANCES },
  };
  return runFit(problem, { bootstrap: o.bootstrap ?? 0, provenance: { tool: 't', version: '0', mapping: {}, derived: {} } });
}

const near = (got: number, want: number, rel: number, what: string) =>
  assert.ok(Math.abs(got / want - 1) < rel, `${what}: got ${got}, want ${want} (±${rel * 100} %)`);

const L2_LINEAR: ObjectiveSpec = { kind: 'l2', delta: 0, space: 'linear', reduction: 'sum' };

test('loss-to-loss: recovers K and kappa with E_x, E_y fixed (fit engine and log-OLS agree)', async () => {
  const truth = { K: 1.3, kappa: 0.85, E_x: 1.6, E_y: 0.8 };
  const x = Float64Array.from({ length: 40 }, (_, i) => 2.2 + (i / 39) * 2.5);
  const y = synth('loss-to-loss', truth, { x }, 0.002, 7);
  const r = await fit('loss-to-loss', { x }, y, { fixed: { E_x: 1.6, E_y: 0.8 } });
  near(r.params.K, truth.K, 0.02, 'K');
  near(r.params.kappa, truth.kappa, 0.02, 'kappa');
  const ols = logOls(x, y, 1.6, 0.8);
  near(ols.K, truth.K, 0.02, 'log-OLS K');
  near(ols.kappa, truth.kappa, 0.02, 'log-OLS kappa');
});

test('loss-to-loss: all four parameters free, noise-free data with curvature', async () => {
  const truth = { K: 0.7, kappa: 1.4, E_x: 1.2, E_y: 0.5 };
  const x = Float64Array.from({ length: 30 }, (_, i) => 1.5 + (i / 29) * 3);
  const y = synth('loss-to-loss', truth, { x }, 0, 1);
  const r = await fit('loss-to-loss', { x }, y, { objective: { kind: 'l2', delta: 0, space: 'log', reduction: 'sum' } });
  near(r.params.kappa, truth.kappa, 0.01, 'kappa');
  near(r.params.E_x, truth.E_x, 0.01, 'E_x');
  near(r.params.E_y, truth.E_y, 0.02, 'E_y');
});

test('overtraining: recovers E, A, B and the shared exponent from 0.3 % noise over M = 5..640', async () => {
  const truth = { E: 1.8, A: 166, B: 287, alpha: 0.27 };
  const N: number[] = [], D: number[] = [];
  for (const n of [1e7, 8e7, 1.5e8, 4e8, 1.4e9]) for (const m of [5, 20, 80, 320, 640]) { N.push(n); D.push(n * m); }
  const x = { N: Float64Array.from(N), D: Float64Array.from(D) };
  const r = await fit('overtraining', x, synth('overtraining', truth, x, 0.003, 11));
  near(r.params.E, truth.E, 0.05, 'E');
  near(r.params.alpha, truth.alpha, 0.08, 'alpha');
  // Identifiability check: the prediction at a heavily over-trained 7B point.
  const law = createLaw('overtraining');
  const at = { N: Float64Array.of(7e9), D: Float64Array.of(7e9 * 640) };
  const want = new Float64Array(1), got = new Float64Array(1);
  law.predict(fromReported(law, truth), at, want);
  law.predict(fromReported(law, r.params), at, got);
  near(got[0], want[0], 0.01, 'L(7B, M=640)');
});

test('overtraining: the Gadre start grid has their 128 starts', async () => {
  const x = { N: Float64Array.of(1e7, 8e7, 1.5e8, 4e8, 1e7, 1.4e9), D: Float64Array.of(2e8, 1.6e9, 3e9, 8e9, 3.2e9, 2.8e10) };
  const y = synth('overtraining', { E: 1.8, A: 166, B: 287, alpha: 0.27 }, x, 0.001, 3);
  const r = await fit('overtraining', x, y, { starts: { kind: 'grid', name: 'gadre' }, objective: L2_LINEAR });
  assert.equal(r.starts.total, 128);
});

test('downstream: recovers eps, k, gamma (additive noise on error)', async () => {
  const truth = { eps: 0.86, k: 2.2, gamma: 0.71 };
  const x = Float64Array.from({ length: 40 }, (_, i) => 2.3 + (i / 39) * 3.5);
  const y = synth('downstream', truth, { x }, 0.002, 5, {}, true);
  const r = await fit('downstream', { x }, y, { objective: L2_LINEAR });
  near(r.params.eps, truth.eps, 0.02, 'eps');
  near(r.params.gamma, truth.gamma, 0.1, 'gamma');
  near(r.params.k, truth.k, 0.15, 'k');
});

test('downstream-sigmoid: recovers the midpoint and the ceiling', async () => {
  const truth = { a: 0.55, c: 0.25, s: 4, L0: 2.8 };
  const x = Float64Array.from({ length: 50 }, (_, i) => 1.8 + (i / 49) * 2.4);
  const y = synth('downstream-sigmoid', truth, { x }, 0.003, 9, {}, true);
  const r = await fit('downstream-sigmoid', { x }, y, { objective: L2_LINEAR });
  near(r.params.L0, truth.L0, 0.02, 'L0');
  near(r.params.a + r.params.c, truth.a + truth.c, 0.03, 'ceiling');
  near(r.params.s, truth.s, 0.15, 's');
});

test('data-constrained: recovers R_D* and R_N* with the Chinchilla part fixed', async () => {
  const base = { E: Math.exp(0.6254804), A: Math.exp(6.255414), B: Math.exp(7.3049974), alpha: 0.3526596, beta: 0.3526596 };
  const truth = { ...base, RD_star: 15.4, RN_star: 5.3 };
  const N: number[] = [], D: number[] = [], U: number[] = [];
  for (const n of [1.4e7, 4.4e7, 1.5e8, 6.2e8, 2.8e9]) for (const u of [1e8, 4e8, 1.5e9, 1.2e10]) for (const ep of [1, 4, 15, 60]) { N.push(n); U.push(u); D.push(u * ep); }
  const x = { N: Float64Array.from(N), D: Float64Array.from(D), U: Float64Array.from(U) };
  const r = await fit('data-constrained', x, synth('data-constrained', truth, x, 0.002, 13), { fixed: base });
  near(r.params.RD_star, truth.RD_star, 0.15, 'RD_star');
  near(r.params.RN_star, truth.RN_star, 0.15, 'RN_star');
  assert.equal(r.starts.total, 9);
});

test('densing: effective size inverts the reference law; density growth rate recovered', async () => {
  const ref = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
  // A model that reaches the loss a 3x larger reference model reaches: density 3.
  const N = 1e9, D = 2e10;
  const L3 = ref.E + ref.A / (3 * N) ** ref.alpha + ref.B / D ** ref.beta;
  near(effectiveParams(ref, L3, D), 3 * N, 1e-9, 'N_eff');
  assert.equal(effectiveParams(ref, ref.E + ref.B / D ** ref.beta, D), Infinity);
  // A family whose density doubles every 100 days.
  const days = Float64Array.from({ length: 12 }, (_, i) => i * 30);
  const rho = Float64Array.from(days, (t) => 0.4 * 2 ** (t / 100));
  const loss = Float64Array.from(rho, (r) => ref.E + ref.A / (r * N) ** ref.alpha + ref.B / D ** ref.beta);
  const table = densityTable(ref, new Float64Array(12).fill(N), new Float64Array(12).fill(D), loss);
  table.forEach((row, i) => near(row.density, rho[i], 1e-9, `density ${i}`));
  const dens = Float64Array.from(table, (r) => r.density * Math.exp(0.01 * Math.sin(7 * r.loss)));
  const r = await fit('densing', { t: days }, dens, { opts: { x: 't' } });
  near(r.params.r, Math.LN2 / 100, 0.05, 'growth rate');
});
