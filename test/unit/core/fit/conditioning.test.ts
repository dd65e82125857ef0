// Condition numbers: the small eigen-solver against a matrix with known spectrum, and the
// FitReport field on a fit (full for every law, projected for separable ones only).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jacobiEigen } from '../../../../src/core/fit/conditioning';
import { runFit } from '../../../../src/core/fit/fit';
import { DEFAULT_TOLERANCES } from '../../../../src/core/fit/problem';
import { L2_LOG_SUM } from '../../../../src/core/laws/procedure';

test('jacobiEigen: Q diag(1, 10, 1e6) Q^T gives back the eigenvalues and eigenvectors', () => {
  const c = Math.cos(0.7), s = Math.sin(0.7);
  const Q = [[c, -s, 0], [s * 0.6, c * 0.6, -0.8], [s * 0.8, c * 0.8, 0.6]];
  const L = [1, 10, 1e6];
  const A = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) A[i * 3 + j] += Q[i][k] * L[k] * Q[j][k];
  const { values, vectors } = jacobiEigen(A, 3);
  const sorted = Array.from(values).sort((a, b) => a - b);
  sorted.forEach((v, i) => assert.ok(Math.abs(v / L[i] - 1) < 1e-10, `${v} vs ${L[i]}`));
  const lo = Array.from(values).indexOf(sorted[0]);
  const dot = Q[0][0] * vectors[lo] + Q[1][0] * vectors[3 + lo] + Q[2][0] * vectors[6 + lo];
  assert.ok(Math.abs(Math.abs(dot) - 1) < 1e-10, `weakest direction ${dot}`);
});

test('every fit reports conditioning; only a separable law has the projected one', async () => {
  const x = Float64Array.from({ length: 12 }, (_, i) => 1e3 * 2 ** i);
  const base = { lawOptions: { x: 'step' }, x: { step: x }, y: Float64Array.from(x, (v) => 2 + 20 * v ** -0.5), objective: L2_LOG_SUM, fixed: {}, starts: { kind: 'default' as const }, seed: 1, tolerances: { ...DEFAULT_TOLERANCES } };
  const prov = { tool: 't', version: '0', mapping: {}, derived: {} };
  const power = await runFit({ ...base, lawId: 'power' }, { bootstrap: 0, diagnostics: false, provenance: prov });
  assert.ok(power.conditioning?.full?.condition && power.conditioning.projected?.condition, JSON.stringify(power.conditioning));
  assert.deepEqual(Object.keys(power.conditioning.projected.weakest ?? {}), ['alpha']);
  const N = Float64Array.from({ length: 16 }, (_, i) => 1e7 * 3 ** (i % 4)), D = Float64Array.from(N, (n, i) => n * 4 ** Math.floor(i / 4));
  const kaplan = await runFit({ ...base, lawId: 'kaplan', lawOptions: {}, x: { N, D }, y: Float64Array.from(N, (n, i) => 1.7 + 400 / n ** 0.34 + 400 / D[i] ** 0.28) }, { bootstrap: 0, diagnostics: false, provenance: prov });
  assert.ok(kaplan.conditioning?.full && kaplan.conditioning.projected === undefined, JSON.stringify(kaplan.conditioning));
});
