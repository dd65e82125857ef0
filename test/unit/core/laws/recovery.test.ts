// Every built-in law recovers known parameters from synthetic data with noise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runFit } from '../../../../src/core/fit/fit';
import { DEFAULT_TOLERANCES, type FitProblem, type StartsSpec } from '../../../../src/core/fit/problem';
import { createLaw, type LawOptions } from '../../../../src/core/laws/registry';
import { fromReported, type Inputs } from '../../../../src/core/laws/types';
import { CHINCHILLA_OBJECTIVE, type ObjectiveSpec } from '../../../../src/core/optimize/objective';
import { Rng } from '../../../../src/core/optimize/rng';

function synth(lawId: string, opts: LawOptions, truth: Record<string, number>, x: Inputs, noise: number, seed: number): Float64Array {
  const law = createLaw(lawId, opts);
  const y = new Float64Array(x[law.inputs[0]].length);
  law.predict(fromReported(law, truth), x, y);
  const rng = new Rng(seed);
  return y.map((v) => v * Math.exp(noise * rng.normal()));
}

async function fit(lawId: string, opts: LawOptions, x: Inputs, y: Float64Array, starts: StartsSpec = { kind: 'default' }, objective: ObjectiveSpec = CHINCHILLA_OBJECTIVE) {
  const problem: FitProblem = { lawId, lawOptions: opts, x, y, objective, fixed: {}, starts, seed: 1, tolerances: { ...DEFAULT_TOLERANCES } };
  return runFit(problem, { bootstrap: 0, provenance: { tool: 't', version: '0', mapping: {}, derived: {} } });
}

function grid(): Inputs {
  const N: number[] = [], D: number[] = [];
  for (const n of [1e7, 3e7, 1e8, 3e8, 1e9, 3e9]) for (const k of [5, 10, 20, 40, 80]) { N.push(n); D.push(n * k); }
  return { N: Float64Array.from(N), D: Float64Array.from(D) };
}

const near = (got: number, want: number, rel: number, what: string) =>
  assert.ok(Math.abs(got / want - 1) < rel, `${what}: got ${got}, want ${want} (±${rel * 100} %)`);

test('chinchilla: recovers E, alpha, beta from 0.2 % noise', async () => {
  const truth = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
  const x = grid();
  const r = await fit('chinchilla', {}, x, synth('chinchilla', {}, truth, x, 0.002, 3));
  near(r.params.E, truth.E, 0.03, 'E');
  near(r.params.alpha, truth.alpha, 0.1, 'alpha');
  near(r.params.beta, truth.beta, 0.1, 'beta');
  assert.equal(r.starts.total, 4500);
});

test('kaplan: recovers exponents', async () => {
  const truth = { Nc: 8.8e13, Dc: 5.4e13, aN: 0.076, aD: 0.095 };
  const x = grid();
  const r = await fit('kaplan', {}, x, synth('kaplan', {}, truth, x, 0.001, 4), { kind: 'random', count: 400 });
  near(r.params.aN, truth.aN, 0.05, 'aN');
  near(r.params.aD, truth.aD, 0.05, 'aD');
});

test('power law in steps: recovers E, A, alpha', async () => {
  const truth = { E: 2.2, A: 3, alpha: 0.4 };
  const step = Float64Array.from({ length: 60 }, (_, i) => 100 * (i + 1));
  const r = await fit('power', { x: 'step' }, { step }, synth('power', { x: 'step' }, truth, { step }, 0.001, 5));
  near(r.params.E, truth.E, 0.02, 'E');
  near(r.params.alpha, truth.alpha, 0.1, 'alpha');
});

test('custom formula: recovers parameters, l2 on linear residuals', async () => {
  const formula = 'E + A / N^alpha';
  const truth = { E: 2, A: 50, alpha: 0.25 };
  const N = Float64Array.from({ length: 30 }, (_, i) => 1e6 * 1.5 ** i);
  const y = synth('custom', { formula }, truth, { N }, 0.001, 6);
  const r = await fit('custom', { formula }, { N }, y, { kind: 'random', count: 200 }, { kind: 'l2', delta: 0, space: 'linear', reduction: 'mean' });
  near(r.params.E, truth.E, 0.02, 'E');
  near(r.params.alpha, truth.alpha, 0.1, 'alpha');
});
