// Shared check: a law's analytic Jacobian (and its fused evaluate, when present) agrees with
// central finite differences of its predictions.
import assert from 'node:assert/strict';
import type { Inputs, LawSpec } from '../../src/core/laws/types';

export function checkJacobian(law: LawSpec, p: Float64Array, x: Inputs, tol = 1e-5): void {
  const n = x[law.inputs[0]].length, k = p.length;
  assert.equal(k, law.params.length);
  const jac = new Float64Array(n * k);
  law.gradient!(p, x, jac);
  if (law.evaluate) {
    const fused = new Float64Array(n * k), pred = new Float64Array(n), pred2 = new Float64Array(n);
    law.evaluate(p, x, pred, fused);
    law.predict(p, x, pred2);
    for (let i = 0; i < n * k; i++) assert.ok(Math.abs(fused[i] - jac[i]) <= 1e-13 * Math.max(1, Math.abs(jac[i])), `${law.id}: fused Jacobian differs at ${i}`);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(pred[i] - pred2[i]) <= 1e-13 * Math.max(1, Math.abs(pred2[i])), `${law.id}: fused prediction differs at ${i}`);
  }
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
