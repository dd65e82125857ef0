// Analytic Jacobians of the transfer laws agree with central finite differences.
import { test } from 'node:test';
import { checkJacobian } from '../../../support/jacobian';
import { createLaw } from '../../../../src/core/laws/registry';


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
