// Analytic Jacobians of every built-in law agree with central finite differences.
import { test } from 'node:test';
import { checkJacobian } from '../../../support/jacobian';
import { createLaw } from '../../../../src/core/laws/registry';

const N = Float64Array.of(1e7, 3e8, 2e9, 7e10);
const D = Float64Array.of(2e8, 6e9, 4e10, 1.4e12);
const step = Float64Array.of(100, 1000, 5000, 24000);


test('chinchilla Jacobian', () => checkJacobian(createLaw('chinchilla'), Float64Array.of(Math.log(1.69), Math.log(406.4), Math.log(410.7), 0.34, 0.28), { N, D }));
test('kaplan Jacobian', () => checkJacobian(createLaw('kaplan'), Float64Array.of(Math.log(8.8e13), Math.log(5.4e13), 0.076, 0.095), { N, D }));
test('kaplan with E Jacobian', () => checkJacobian(createLaw('kaplan-e'), Float64Array.of(Math.log(8.8e13), Math.log(5.4e13), 0.2, 0.3, 1.5), { N, D }));
test('power law Jacobian (x = step)', () => checkJacobian(createLaw('power', { x: 'step' }), Float64Array.of(2.2, Math.log(3), 0.4), { step }));
test('custom law Jacobian from mathjs.derivative', () =>
  checkJacobian(createLaw('custom', { formula: 'E + A / N^alpha + B * exp(-D / 1e10)' }), Float64Array.of(1.7, 400, 0.3, 0.5), { N, D }));
