// lbfgsb reuses its buffers between calls with the same (n, m): a call must not see anything
// left by the previous one, results must never alias the reused buffers, and an objective that
// itself calls lbfgsb (the workspace is then in use) must still work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lbfgsb, type OptimizeResult } from '../../../../src/core/optimize/lbfgsb';

type FG = (x: Float64Array, g: Float64Array) => number;

// E + A exp(-alpha a) + B exp(-beta b) style 5-parameter least squares (bounded, ~30 iterations).
const NS = [1, 2, 4, 8, 16, 32, 64, 128].map((v) => Math.log(v));
const DS = [1, 3, 9, 27].map((v) => Math.log(v));
const TRUE = [0.5, 1.2, 0.8, 0.35, 0.3];
const model = (p: ArrayLike<number>, a: number, b: number) => Math.exp(p[0]) + Math.exp(p[1] - p[3] * a) + Math.exp(p[2] - p[4] * b);
const fit: FG = (p, g) => {
  g.fill(0);
  let f = 0;
  for (const a of NS) {
    for (const b of DS) {
      const r = model(p, a, b) - model(TRUE, a, b);
      const e0 = Math.exp(p[0]), e1 = Math.exp(p[1] - p[3] * a), e2 = Math.exp(p[2] - p[4] * b);
      f += r * r;
      g[0] += 2 * r * e0;
      g[1] += 2 * r * e1;
      g[2] += 2 * r * e2;
      g[3] += -2 * r * e1 * a;
      g[4] += -2 * r * e2 * b;
    }
  }
  return f;
};
const LO = Float64Array.of(-5, -5, -5, 0, 0);
const HI = Float64Array.of(5, 5, 5, 2, 2);

// Separable quartic with an active bound and a different curvature per coordinate.
const C = [3, 0, -2, 0.5, 4];
const quartic: FG = (x, g) => {
  let f = 0;
  for (let i = 0; i < 5; i++) {
    const r = x[i] - C[i];
    f += (i + 1) * r * r + 0.01 * r * r * r * r;
    g[i] = 2 * (i + 1) * r + 0.04 * r * r * r;
  }
  return f;
};

function same(a: OptimizeResult, b: OptimizeResult, what: string): void {
  assert.equal(a.nit, b.nit, `${what}: nit`);
  assert.equal(a.nfev, b.nfev, `${what}: nfev`);
  assert.equal(a.status, b.status, `${what}: status`);
  assert.equal(a.fun, b.fun, `${what}: fun`);
  assert.deepEqual(Array.from(a.x), Array.from(b.x), `${what}: x`);
  assert.deepEqual(Array.from(a.jac), Array.from(b.jac), `${what}: jac`);
}

test('repeated calls with the same (n, m) give bitwise the same results whatever ran in between', () => {
  const x0 = Float64Array.of(1, 3, -1, 1.5, 0.1);
  const first = lbfgsb(fit, x0, { lower: LO, upper: HI });
  assert.equal(first.status, 0, first.message);
  assert.ok(first.nit > 10, `nit ${first.nit}`);
  // Different problems in between: unbounded, other bounds, other memory length, other n.
  lbfgsb(quartic, Float64Array.of(0, 0, 0, 0, 0));
  lbfgsb(quartic, Float64Array.of(9, 9, 9, 9, 9), { lower: Float64Array.of(-1, -1, -1, -1, -1), upper: Float64Array.of(1, 1, 1, 1, 1) });
  lbfgsb(fit, Float64Array.of(0, 0, 0, 1, 1), { lower: LO, upper: HI, m: 3 });
  lbfgsb((x, g) => { g[0] = 2 * (x[0] - 1); g[1] = 2 * x[1]; return (x[0] - 1) ** 2 + x[1] ** 2; }, Float64Array.of(5, 5));
  const again = lbfgsb(fit, x0, { lower: LO, upper: HI });
  same(first, again, 'fit after other solves');
  // Results own their arrays: a later call does not overwrite them.
  const kept = Array.from(first.x);
  lbfgsb(fit, Float64Array.of(-1, -1, -1, 0.5, 0.5), { lower: LO, upper: HI });
  assert.deepEqual(Array.from(first.x), kept);
  assert.notEqual(first.x, again.x);
  assert.notEqual(first.jac, again.jac);
});

test('an objective that itself calls lbfgsb (nested, same n and m) gets the right answer', () => {
  // Outer: f(x) = sum (x - c)^2 + min_{y in [-1, 1]^5} sum (y - x)^2; the inner minimum is
  // dist(x, box)^2 with gradient 2 (x - clip(x)), so the outer optimum is x_i = c_i for |c_i| <= 1
  // and (c_i + sign c_i) / 2 otherwise: (2, 0, -1.5, 0.5, 2.5).
  const box = { lower: Float64Array.of(-1, -1, -1, -1, -1), upper: Float64Array.of(1, 1, 1, 1, 1), gtol: 1e-12, ftol: 1e-16 };
  let innerCalls = 0;
  const outer: FG = (x, g) => {
    const inner = lbfgsb((y, gy) => {
      let s = 0;
      for (let i = 0; i < 5; i++) {
        s += (y[i] - x[i]) ** 2;
        gy[i] = 2 * (y[i] - x[i]);
      }
      return s;
    }, Float64Array.of(0, 0, 0, 0, 0), box);
    innerCalls++;
    assert.equal(inner.status, 0, inner.message);
    let f = inner.fun;
    for (let i = 0; i < 5; i++) {
      const yi = Math.max(-1, Math.min(1, x[i]));
      assert.ok(Math.abs(inner.x[i] - yi) <= 1e-9 * Math.max(1, Math.abs(yi)), `inner y[${i}] = ${inner.x[i]}, expected ${yi}`);
      f += (x[i] - C[i]) ** 2;
      g[i] = 2 * (x[i] - C[i]) + 2 * (x[i] - inner.x[i]);
    }
    return f;
  };
  const r = lbfgsb(outer, Float64Array.of(0, 0, 0, 0, 0), { gtol: 1e-9 });
  assert.equal(r.status, 0, r.message);
  assert.equal(innerCalls, r.nfev);
  const expected = [2, 0, -1.5, 0.5, 2.5];
  // f* = sum over |c| > 1 of (x - c)^2 + (x - sign c)^2 = 2 * ((|c| - 1) / 2)^2: c = 3, -2, 4.
  const fstar = 2 * (1 ** 2) + 2 * (0.5 ** 2) + 2 * (1.5 ** 2);
  for (let i = 0; i < 5; i++) assert.ok(Math.abs(r.x[i] - expected[i]) < 1e-6, `x[${i}] = ${r.x[i]}, expected ${expected[i]}`);
  assert.ok(Math.abs(r.fun - fstar) < 1e-10, `f = ${r.fun}, expected ${fstar}`);
  // The same outer problem solved again (workspace now free) gives bitwise the same result.
  innerCalls = 0;
  same(r, lbfgsb(outer, Float64Array.of(0, 0, 0, 0, 0), { gtol: 1e-9 }), 'nested, second run');
});

test('an objective that throws does not break later calls', () => {
  const x0 = Float64Array.of(1, 3, -1, 1.5, 0.1);
  const ref = lbfgsb(fit, x0, { lower: LO, upper: HI });
  let k = 0;
  assert.throws(() => lbfgsb((x, g) => { if (++k > 5) throw new Error('boom'); return fit(x, g); }, x0, { lower: LO, upper: HI }), /boom/);
  same(ref, lbfgsb(fit, x0, { lower: LO, upper: HI }), 'after a throwing objective');
});
