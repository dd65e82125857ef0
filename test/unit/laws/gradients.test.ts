// Analytic Jacobians of every built-in law agree with central finite differences.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLaw } from '../../../src/core/laws/registry';
import type { LawSpec } from '../../../src/core/laws/types';

const N = Float64Array.of(1e7, 3e8, 2e9, 7e10);
const D = Float64Array.of(2e8, 6e9, 4e10, 1.4e12);
const step = Float64Array.of(100, 1000, 5000, 24000);

function checkJacobian(law: LawSpec, p: Float64Array, x: Record<string, Float64Array>) {
  const n = x[law.inputs[0]].length, k = p.length;
  const jac = new Float64Array(n * k);
  law.gradient!(p, x, jac);
  if (law.evaluate) {
    const fused = new Float64Array(n * k), pred = new Float64Array(n), pred2 = new Float64Array(n);
    law.evaluate(p, x, pred, fused);
    law.predict(p, x, pred2);
    assert.deepEqual(Array.from(fused), Array.from(jac), `${law.id}: fused Jacobian differs`);
    assert.deepEqual(Array.from(pred), Array.from(pred2), `${law.id}: fused prediction differs`);
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
      assert.ok(Math.abs(fd - an) <= 1e-5 * Math.max(1e-8, Math.abs(fd), Math.abs(an)), `${law.id} d/d${law.params[j].name} row ${i}: analytic ${an} vs fd ${fd}`);
    }
  }
}

test('chinchilla Jacobian', () => checkJacobian(createLaw('chinchilla'), Float64Array.of(Math.log(1.69), Math.log(406.4), Math.log(410.7), 0.34, 0.28), { N, D }));
test('kaplan Jacobian', () => checkJacobian(createLaw('kaplan'), Float64Array.of(Math.log(8.8e13), Math.log(5.4e13), 0.076, 0.095), { N, D }));
test('kaplan with E Jacobian', () => checkJacobian(createLaw('kaplan-e'), Float64Array.of(Math.log(8.8e13), Math.log(5.4e13), 0.2, 0.3, 1.5), { N, D }));
test('power law Jacobian (x = step)', () => checkJacobian(createLaw('power', { x: 'step' }), Float64Array.of(2.2, Math.log(3), 0.4), { step }));
test('custom law Jacobian from mathjs.derivative', () =>
  checkJacobian(createLaw('custom', { formula: 'E + A / N^alpha + B * exp(-D / 1e10)' }), Float64Array.of(1.7, 400, 0.3, 0.5), { N, D }));
