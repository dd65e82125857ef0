// Bounded least squares by face enumeration: the KKT conditions hold at the answer, and it agrees
// with the unconstrained solution when no bound is active.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundedLeastSquares } from '../../../../src/core/fit/boundedLs';
import { Rng } from '../../../../src/core/optimize/rng';

function problem(seed: number, n: number, m: number) {
  const rng = new Rng(seed);
  const phi = Float64Array.from({ length: n * m }, () => rng.next() * 2 - 1);
  const t = Float64Array.from({ length: n }, () => rng.next() * 2 - 1);
  return { phi, t };
}

/** Gradient of sum (Phi c - t)^2 / 2 at c. */
function gradient(phi: Float64Array, t: Float64Array, n: number, m: number, c: Float64Array): Float64Array {
  const g = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    let r = -t[i];
    for (let k = 0; k < m; k++) r += phi[k * n + i] * c[k];
    for (let k = 0; k < m; k++) g[k] += r * phi[k * n + i];
  }
  return g;
}

test('NNLS (lo = 0): KKT holds on random problems (free: zero gradient; at 0: gradient >= 0)', () => {
  for (let seed = 1; seed <= 30; seed++) {
    const n = 20, m = 3;
    const { phi, t } = problem(seed, n, m);
    const c = boundedLeastSquares(phi, n, m, t, undefined, [0, 0, 0], [Infinity, Infinity, Infinity]);
    const g = gradient(phi, t, n, m, c);
    for (let k = 0; k < m; k++) {
      assert.ok(c[k] >= 0, `seed ${seed}: c${k} = ${c[k]}`);
      if (c[k] > 0) assert.ok(Math.abs(g[k]) < 1e-10, `seed ${seed}: free c${k} has gradient ${g[k]}`);
      else assert.ok(g[k] >= -1e-10, `seed ${seed}: c${k} at 0 with gradient ${g[k]}`);
    }
  }
});

test('box bounds both sides and weights: an inactive box gives the weighted unconstrained solution', () => {
  const n = 15, m = 2;
  const { phi, t } = problem(99, n, m);
  const w = Float64Array.from({ length: n }, (_, i) => 1 + (i % 3));
  const free = boundedLeastSquares(phi, n, m, t, w, [-Infinity, -Infinity], [Infinity, Infinity]);
  const boxed = boundedLeastSquares(phi, n, m, t, w, [free[0] - 1, free[1] - 1], [free[0] + 1, free[1] + 1]);
  assert.ok(Math.abs(boxed[0] - free[0]) < 1e-12 && Math.abs(boxed[1] - free[1]) < 1e-12);
  const tight = boundedLeastSquares(phi, n, m, t, w, [free[0] + 0.5, -Infinity], [free[0] + 1, Infinity]);
  assert.equal(tight[0], free[0] + 0.5);
});
