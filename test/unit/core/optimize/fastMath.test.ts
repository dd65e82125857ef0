// fastExp / fastLog against V8's Math.exp / Math.log (fdlibm, < 1 ulp): every result within 2 ulp of
// Math's, over random arguments across the whole double range plus the edges (near 1, powers of two,
// subnormals, overflow/underflow thresholds) and the special values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fastExp, fastLog } from '../../../../src/core/optimize/fastMath';
import { Rng } from '../../../../src/core/optimize/rng';
import { SMALLEST, ulpError, ulpOf } from '../../../support/ulp';

const TOL_ULP = 2;
interface Worst { err: number; x: number; got: number; ref: number; n: number }

function check(name: string, f: (x: number) => number, ref: (x: number) => number, xs: Iterable<number>): Worst {
  const worst: Worst = { err: 0, x: NaN, got: NaN, ref: NaN, n: 0 };
  for (const x of xs) {
    const got = f(x), want = ref(x);
    worst.n++;
    const err = ulpError(got, want);
    if (err > worst.err) Object.assign(worst, { err, x, got, ref: want });
  }
  assert.ok(worst.err <= TOL_ULP, `${name}: ${worst.err.toFixed(3)} ulp at x = ${worst.x} (got ${worst.got}, Math gives ${worst.ref})`);
  return worst;
}

function* uniform(rng: Rng, n: number, lo: number, hi: number): Generator<number> {
  for (let i = 0; i < n; i++) yield lo + (hi - lo) * rng.next();
}
function* logUniform(rng: Rng, n: number, lo: number, hi: number): Generator<number> {
  // 2^u with u uniform: every binade (and the subnormals) equally likely; mantissas random.
  const a = Math.log2(lo), b = Math.log2(hi);
  for (let i = 0; i < n; i++) {
    const u = a + (b - a) * rng.next();
    const k = Math.floor(u);
    yield (2 ** (u - k)) * 2 ** Math.min(k, 1000) * 2 ** (k - Math.min(k, 1000));
  }
}
function* nearOne(rng: Rng, n: number): Generator<number> {
  for (let i = 0; i < n; i++) {
    const scale = 2 ** -(1 + Math.floor(60 * rng.next()));
    yield 1 + (2 * rng.next() - 1) * scale;
  }
}
/** Subnormals with random mantissa bits (and a few tiny ones). */
function* subnormals(rng: Rng, n: number): Generator<number> {
  for (let i = 0; i < n; i++) {
    const bits = Math.floor(rng.next() * 2 ** (1 + Math.floor(52 * rng.next())));
    yield Math.max(bits, 1) * SMALLEST;
  }
}
/** Neighbours of v: v(1 ± k eps) for small k (covers both sides of thresholds and powers of two). */
function* around(values: number[]): Generator<number> {
  for (const v of values) for (let k = -4; k <= 4; k++) yield v + k * Math.max(Math.abs(v) * 2 ** -53, SMALLEST);
}

test('the ulp check rejects a 3-ulp error and accepts 1 ulp (the tests can fail)', () => {
  const v = Math.exp(1);
  assert.ok(ulpError(v + 3 * 2 ** -51, v) > TOL_ULP);
  assert.ok(ulpError(v + 2 ** -51, v) <= 1);
  assert.ok(ulpError(4 * SMALLEST, SMALLEST) > TOL_ULP);
  assert.equal(ulpOf(2), 2 ** -51);
  assert.equal(ulpOf(2 - 2 ** -52), 2 ** -52);
  assert.ok(ulpError(2 - 3 * 2 ** -52, 2 - 2 ** -52) <= TOL_ULP);
  assert.ok(ulpError(2 - 4 * 2 ** -52, 2 - 2 ** -52) > TOL_ULP);
  assert.ok(ulpError(0, 1) > TOL_ULP);
  assert.ok(ulpError(NaN, 1) > TOL_ULP);
  assert.throws(() => check('exp', (x) => Math.exp(x) * (1 + 2 ** -50), Math.exp, [0.3]));
});

test('fastExp: within 2 ulp of Math.exp on 10^6 uniform arguments in [-745, 710]', (t) => {
  const w = check('exp', fastExp, Math.exp, uniform(new Rng(1), 1_000_000, -745, 710));
  t.diagnostic(`max ${w.err.toFixed(3)} ulp at ${w.x} over ${w.n}`);
});

test('fastExp: within 2 ulp on 10^6 arguments in [-1, 1] and 10^5 in the subnormal range', (t) => {
  const w = check('exp', fastExp, Math.exp, uniform(new Rng(2), 1_000_000, -1, 1));
  const s = check('exp subnormal', fastExp, Math.exp, uniform(new Rng(3), 100_000, -745.2, -708));
  t.diagnostic(`max ${w.err.toFixed(3)} ulp in [-1, 1], ${s.err.toFixed(3)} ulp (of the subnormal grid) in [-745.2, -708]`);
});

test('fastExp: special values, overflow and underflow thresholds', () => {
  assert.ok(Number.isNaN(fastExp(NaN)));
  assert.equal(fastExp(Infinity), Infinity);
  assert.equal(fastExp(-Infinity), 0);
  assert.equal(fastExp(0), 1);
  assert.equal(fastExp(-0), 1);
  assert.equal(fastExp(1e300), Infinity);
  assert.equal(fastExp(-1e300), 0);
  assert.equal(fastExp(709.7827128933841), Infinity); // first double above ln(MAX_VALUE)
  assert.equal(fastExp(709.782712893384), Math.exp(709.782712893384)); // largest finite result
  assert.equal(fastExp(-745.1332191019412), 0); // e^x < 2^-1075 rounds to 0
  assert.equal(fastExp(-745.1332191019411), SMALLEST);
  assert.equal(fastExp(2 ** -60), 1);
  // Neighbourhoods of the thresholds, of 0 and of the fast-path limits: within 2 ulp, and 0 only
  // where Math.exp is 0.
  const edges = [709.782712893384, 709, 708, -708, -708.3964185322641, -745.1332191019411, -744.44007192138, 0, 1e-300, -1e-300, 2 ** -30];
  check('exp edges', fastExp, Math.exp, around(edges));
  for (const x of around(edges)) if (fastExp(x) === 0) assert.equal(Math.exp(x), 0, `exp(${x})`);
  for (const x of uniform(new Rng(4), 100_000, -746, -744)) if (fastExp(x) === 0) assert.equal(Math.exp(x), 0, `exp(${x})`);
});

test('fastLog: within 2 ulp of Math.log on 10^6 log-uniform arguments in [1e-310, 1e308]', (t) => {
  const w = check('log', fastLog, Math.log, logUniform(new Rng(5), 1_000_000, 1e-310, 1e308));
  t.diagnostic(`max ${w.err.toFixed(3)} ulp at ${w.x} over ${w.n}`);
});

test('fastLog: near 1, in [0.5, 8], powers of two, subnormals and the largest doubles', (t) => {
  const one = check('log near 1', fastLog, Math.log, nearOne(new Rng(6), 1_000_000));
  const mid = check('log [0.5, 8]', fastLog, Math.log, uniform(new Rng(7), 1_000_000, 0.5, 8));
  const pows: number[] = [];
  for (let k = -1074; k <= 1023; k++) pows.push(2 ** k);
  const p = check('log powers of two', fastLog, Math.log, around(pows));
  const s = check('log subnormals', fastLog, Math.log, subnormals(new Rng(8), 200_000));
  const big = check('log large', fastLog, Math.log, uniform(new Rng(9), 100_000, 1e307, Number.MAX_VALUE));
  // Edges of the float32 range (the fast path's limits) and of the near-1 interval.
  const e = check('log edges', fastLog, Math.log, around([2 ** -126, 2 ** 128, 3.4028234663852886e38, 1 - 2 ** -7, 1 + 2 ** -6, 1, Number.MIN_VALUE, Number.MAX_VALUE]));
  t.diagnostic(`max ulp: near 1 ${one.err.toFixed(3)}, [0.5, 8] ${mid.err.toFixed(3)}, powers of two ${p.err.toFixed(3)}, subnormals ${s.err.toFixed(3)}, large ${big.err.toFixed(3)}, edges ${e.err.toFixed(3)}`);
});

test('fastLog: special values', () => {
  assert.ok(Number.isNaN(fastLog(NaN)));
  assert.ok(Number.isNaN(fastLog(-1)));
  assert.ok(Number.isNaN(fastLog(-Infinity)));
  assert.ok(Number.isNaN(fastLog(-SMALLEST)));
  assert.equal(fastLog(0), -Infinity);
  assert.equal(fastLog(-0), -Infinity);
  assert.equal(fastLog(Infinity), Infinity);
  assert.equal(fastLog(1), 0);
  assert.equal(fastLog(2), Math.LN2);
  assert.equal(fastLog(SMALLEST), -744.4400719213812);
  assert.equal(fastLog(Number.MAX_VALUE), 709.782712893384);
});
