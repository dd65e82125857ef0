import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mplEvaluate, prepareMplCurve } from '../../../../src/core/laws/multipower';
import { Rng } from '../../../../src/core/optimize/rng';

/** A random schedule: warmup from 0, then random constant, cosine, linear and noisy stretches. */
function randomSchedule(rng: Rng, T: number): Float64Array {
  const eta = new Float64Array(T);
  const warm = 50 + rng.int(400);
  let lr = 1e-4 + 9e-4 * rng.next();
  for (let k = 0; k < warm; k++) eta[k] = (lr * k) / warm;
  for (let k = warm; k < T; ) {
    const len = Math.min(T - k, 200 + rng.int(3000));
    const to = lr * (0.2 + 0.7 * rng.next());
    const kind = rng.int(4);
    for (let j = 0; j < len; j++, k++) {
      const f = j / len;
      eta[k] = kind === 0 ? lr : kind === 1 ? to + (lr - to) * 0.5 * (1 + Math.cos(Math.PI * f)) : kind === 2 ? lr + (to - lr) * f : lr * (1 + 0.05 * (rng.next() - 0.5));
    }
    if (kind !== 0 && kind !== 3) lr = to;
  }
  return eta;
}

function randomSteps(rng: Rng, T: number): number[] {
  const lo = 1 + rng.int(T / 2), dense = Array.from({ length: 1500 }, (_, i) => Math.min(T - 1, lo + i));
  const sparse = Array.from({ length: 300 }, () => 1 + rng.int(T - 1)); // unsorted, with repeats (step 0: S1 = 0)
  return [...sparse, ...dense, 1, 2, T - 1];
}

/** Largest difference, relative to the reference's largest magnitude in that column. */
function maxColumnError(a: Float64Array, b: Float64Array, cols: number): number {
  let worst = 0;
  for (let j = 0; j < cols; j++) {
    let scale = 0, err = 0;
    for (let i = j; i < b.length; i += cols) scale = Math.max(scale, Math.abs(b[i]));
    for (let i = j; i < b.length; i += cols) err = Math.max(err, Math.abs(a[i] - b[i]));
    if (scale > 0) worst = Math.max(worst, err / scale);
  }
  return worst;
}

test('far-field plan: value and Jacobian equal the exact sums and the per-point plan on random schedules (1e-10)', () => {
  const rng = new Rng(11);
  for (let trial = 0; trial < 3; trial++) {
    const T = 6000 + rng.int(6000);
    const eta = randomSchedule(rng, T);
    const steps = randomSteps(rng, T);
    const p = [2 + rng.next(), 0.3 + rng.next(), 0.3 + 0.4 * rng.next(), 200 + 400 * rng.next(), 0.5 + 2 * rng.next(), 0.3 + 0.6 * rng.next(), 0.2 + 0.6 * rng.next()];
    const n = steps.length;
    const run = (options: { exact?: boolean; plan?: 'per-point' }) => {
      const c = prepareMplCurve(eta, steps, options);
      const pred = new Float64Array(n), jac = new Float64Array(n * 7);
      mplEvaluate(p, c, pred, jac);
      return { pred, jac, cost: c.plan.cost };
    };
    const fast = run({}), exact = run({ exact: true }), perPoint = run({ plan: 'per-point' });
    for (const [name, ref] of [['exact', exact], ['per-point plan', perPoint]] as const) {
      for (let i = 0; i < n; i++) assert.ok(Math.abs(fast.pred[i] - ref.pred[i]) <= 1e-10 * Math.abs(ref.pred[i]), `trial ${trial}, step ${steps[i]}: ${fast.pred[i]} vs ${name} ${ref.pred[i]}`);
      const e = maxColumnError(fast.jac, ref.jac, 7);
      assert.ok(e <= 1e-10, `trial ${trial}: Jacobian differs from ${name} by ${e}`);
    }
    assert.ok(fast.cost < perPoint.cost, `cost ${fast.cost} vs per-point ${perPoint.cost}`);
  }
});

test('the loss-drop sums are reused while C, beta, gamma stay; the result equals a fresh evaluation', () => {
  const eta = randomSchedule(new Rng(3), 5000);
  const steps = Array.from({ length: 2000 }, (_, i) => 2000 + i);
  const c = prepareMplCurve(eta, steps);
  const a = new Float64Array(steps.length), b = new Float64Array(steps.length), ja = new Float64Array(steps.length * 7), jb = new Float64Array(steps.length * 7);
  mplEvaluate([2.5, 0.5, 0.5, 400, 2, 0.6, 0.6], c, a, ja);
  mplEvaluate([2.6, 0.4, 0.45, 300, 2, 0.6, 0.6], c, a, ja); // same shape: cached sums
  mplEvaluate([2.6, 0.4, 0.45, 300, 2, 0.6, 0.6], prepareMplCurve(eta, steps), b, jb);
  assert.deepEqual(a, b);
  assert.deepEqual(ja, jb);
  mplEvaluate([2.6, 0.4, 0.45, 300, 1.5, 0.6, 0.6], c, a, ja); // new C: recomputed
  mplEvaluate([2.6, 0.4, 0.45, 300, 1.5, 0.6, 0.6], prepareMplCurve(eta, steps), b, jb);
  assert.deepEqual(a, b);
  assert.deepEqual(ja, jb);
});
