// Analytic Jacobians of the transfer laws agree with central finite differences.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLaw } from '../../../src/core/laws/registry';
import type { Inputs, LawSpec } from '../../../src/core/laws/types';

function checkJacobian(law: LawSpec, p: Float64Array, x: Inputs, tol = 1e-5) {
  const n = x[law.inputs[0]].length, k = p.length;
  assert.equal(k, law.params.length);
  const jac = new Float64Array(n * k);
  law.gradient!(p, x, jac);
  const plus = new Float64Array(n), minus = new Float64Array(n);
  for (let j = 0; j < k; j++) {
    const h = 1e-6 * Math.max(1, Math.abs(p[j]));
    const pp = Float64Array.from(p), pm = Float64Array.from(p);
    pp[j] += h;
    pm[j] -= h;
    law.predict(pp, x, plus);
    law.predict(pm, x, minus);
    for (let i = 0; i < n; i++) {
      const fd = (plus[i] - minus[i]) / (2 * h);
      const an = jac[i * k + j];
      assert.ok(Number.isFinite(an), `${law.id} d/d${law.params[j].name} row ${i} not finite`);
      // 1e-9 absolute floor: central-difference round-off on O(1) predictions with h = 1e-6.
      assert.ok(Math.abs(fd - an) <= tol * Math.max(Math.abs(fd), Math.abs(an)) + 1e-9, `${law.id} d/d${law.params[j].name} row ${i}: analytic ${an} vs fd ${fd}`);
    }
  }
}

const N = Float64Array.of(1e7, 3e8, 2e9, 7e10);
const D = Float64Array.of(2e8, 6e9, 4e10, 1.4e12);
const losses = Float64Array.of(2.4, 2.9, 3.3, 4.1);

test('loss-to-loss Jacobian', () => checkJacobian(createLaw('loss-to-loss'), Float64Array.of(Math.log(1.3), 0.9, 1.6, 0.8), { x: losses }));
test('overtraining Jacobian', () => checkJacobian(createLaw('overtraining'), Float64Array.of(Math.log(1.8), Math.log(166), Math.log(287), 0.27), { N, D }));
test('downstream (exp) Jacobian', () => checkJacobian(createLaw('downstream'), Float64Array.of(0.86, Math.log(2.2), 0.71), { x: losses }));
test('downstream-sigmoid Jacobian', () => checkJacobian(createLaw('downstream-sigmoid'), Float64Array.of(0.6, 0.25, 4, 3), { x: losses }));
test('densing Jacobian', () => checkJacobian(createLaw('densing', { x: 'step' }), Float64Array.of(Math.log(0.5), 0.007), { step: Float64Array.of(0, 100, 300, 700) }));
test('data-constrained Jacobian, both regimes (N below and above N_opt(U))', () => {
  const law = createLaw('data-constrained');
  const p = Float64Array.of(0.6254804, 6.255414, 7.3049974, 0.3526596, 0.3, 15.4, 5.3);
  // U small → N_opt(U) below N (capped, excess parameters); U large → uncapped. D/U from 1 to 50 epochs.
  const x = {
    N: Float64Array.of(1.4e7, 2.8e9, 2.2e8, 8.7e9, 1e8, 4e7),
    D: Float64Array.of(5.9e9, 5.5e10, 7.5e9, 1.78e11, 1e10, 4e8),
    U: Float64Array.of(1e8, 4e9, 7.5e9, 1.3e10, 2e11, 4e8),
  };
  checkJacobian(law, p, x, 1e-5);
});
