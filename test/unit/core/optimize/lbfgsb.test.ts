import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lbfgsb, type LbfgsbOptions } from '../../../../src/core/optimize/lbfgsb';
import { rosen, type FG } from '../../../support/optimizeProblems';

const INF = Infinity;
const f64 = (a: number[]): Float64Array => Float64Array.from(a);


function near(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, expected ${expected} ± ${tol}`);
}

function nearVec(actual: ArrayLike<number>, expected: number[], tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) near(actual[i], expected[i], tol, `${what}[${i}]`);
}

/** The reported fun and jac must be the objective at the reported x. */
function assertConsistent(fg: FG, r: ReturnType<typeof lbfgsb>): void {
  const g = new Float64Array(r.x.length);
  const f = fg(Float64Array.from(r.x), g);
  assert.equal(r.fun, f, 'fun is f(x)');
  assert.deepEqual(Array.from(r.jac), Array.from(g), 'jac is grad f(x)');
}

function inBox(x: Float64Array, lower: Float64Array, upper: Float64Array): void {
  for (let i = 0; i < x.length; i++) assert.ok(x[i] >= lower[i] && x[i] <= upper[i], `x[${i}] = ${x[i]} outside [${lower[i]}, ${upper[i]}]`);
}

// ---------------------------------------------------------------- unbounded

test('Rosenbrock 2-D unbounded reaches (1, 1) (scipy: nit 36, nfev 44)', () => {
  const r = lbfgsb(rosen, [-1.2, 1]);
  assert.equal(r.status, 0, r.message);
  assert.equal(r.success, true);
  nearVec(r.x, [1, 1], 1e-4, 'x');
  assert.ok(r.fun < 1e-9, `fun ${r.fun}`);
  assert.ok(r.nit > 5 && r.nit < 80, `nit ${r.nit}`);
  assert.ok(r.nfev >= r.nit && r.nfev < 100, `nfev ${r.nfev}`);
  assertConsistent(rosen, r);
});

test('Rosenbrock 10-D unbounded reaches all ones (scipy: nit 71, nfev 88)', () => {
  const x0 = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
  const r = lbfgsb(rosen, x0);
  assert.equal(r.status, 0, r.message);
  nearVec(r.x, new Array(10).fill(1), 1e-4, 'x');
  assert.ok(r.fun < 1e-9, `fun ${r.fun}`);
  assert.ok(r.nit < 150, `nit ${r.nit}`);
});

test('tight tolerances drive Rosenbrock to high accuracy', () => {
  const r = lbfgsb(rosen, [-1.2, 1], { gtol: 1e-12, ftol: 0 });
  assert.equal(r.status, 0, r.message);
  nearVec(r.x, [1, 1], 1e-9, 'x');
});

test('starting at the minimiser converges at once', () => {
  const r = lbfgsb(rosen, [1, 1]);
  assert.equal(r.status, 0);
  assert.equal(r.nit, 0);
  assert.equal(r.nfev, 1);
  assert.equal(r.message, 'CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL');
});

test('small memory (m = 1, 3) still converges', () => {
  for (const m of [1, 3]) {
    const r = lbfgsb(rosen, [-1.2, 1, -1.2, 1], { m });
    assert.equal(r.status, 0, `m=${m}: ${r.message}`);
    nearVec(r.x, [1, 1, 1, 1], 1e-3, `m=${m} x`);
  }
});

// ---------------------------------------------------------------- bounded, known optima

test('Rosenbrock with x >= 1.5: optimum (1.5, 2.25), f = 0.25', () => {
  const lower = f64([1.5, 1.5]);
  const upper = f64([INF, INF]);
  const r = lbfgsb(rosen, [2, 2], { lower, upper });
  assert.equal(r.status, 0, r.message);
  nearVec(r.x, [1.5, 2.25], 1e-5, 'x');
  assert.equal(r.x[0], 1.5, 'x0 sits exactly on its bound');
  near(r.fun, 0.25, 1e-9, 'fun');
  inBox(r.x, lower, upper);
  assertConsistent(rosen, r);
});

test('Rosenbrock with x1 <= 0.5: optimum (0.5, 0.25), f = 0.25', () => {
  const lower = f64([-2, -1]);
  const upper = f64([0.5, 2]);
  const r = lbfgsb(rosen, [-1.2, 1], { lower, upper });
  assert.equal(r.status, 0, r.message);
  nearVec(r.x, [0.5, 0.25], 1e-5, 'x');
  near(r.fun, 0.25, 1e-9, 'fun');
  inBox(r.x, lower, upper);
});

test('non-separable quadratic with one active bound (KKT by hand): x = (2.5, 0), f = -6.25', () => {
  // f = 1/2 x'Ax - b'x, A = [[2,1],[1,2]], b = [5,-1]; unconstrained x = (11/3, -7/3) violates x2 >= 0.
  const fg: FG = (x, g) => {
    g[0] = 2 * x[0] + x[1] - 5;
    g[1] = x[0] + 2 * x[1] + 1;
    return x[0] * x[0] + x[1] * x[1] + x[0] * x[1] - 5 * x[0] + x[1];
  };
  const r = lbfgsb(fg, [0, 3], { lower: f64([-INF, 0]), upper: f64([INF, INF]) });
  assert.equal(r.status, 0, r.message);
  nearVec(r.x, [2.5, 0], 1e-6, 'x');
  assert.equal(r.x[1], 0);
  near(r.fun, -6.25, 1e-10, 'fun');
  assert.ok(r.jac[1] > 3.4, 'multiplier of the active bound is positive (3.5)');
});

test('separable quadratic with mixed infinite/finite bounds: x = clip(c), f = 4', () => {
  const c = [-2, 3, 0.5, 4, -1];
  const fg: FG = (x, g) => {
    let f = 0;
    for (let i = 0; i < 5; i++) {
      f += (x[i] - c[i]) ** 2;
      g[i] = 2 * (x[i] - c[i]);
    }
    return f;
  };
  const lower = f64([-1, 0, -INF, -INF, 0]);
  const upper = f64([1, 2, INF, 3, INF]);
  const r = lbfgsb(fg, [0, 0, 0, 0, 0], { lower, upper });
  assert.equal(r.status, 0, r.message);
  nearVec(r.x, [-1, 2, 0.5, 3, 0], 1e-12, 'x');
  assert.equal(r.x[0], -1);
  assert.equal(r.x[1], 2);
  assert.equal(r.x[3], 3);
  assert.equal(r.x[4], 0);
  near(r.fun, 4, 1e-12, 'fun');
});

test('Rosenbrock 4-D with mixed bounds (lower-only, upper-only, both, none) satisfies KKT', () => {
  const lower = f64([-INF, 0.2, -INF, -2]);
  const upper = f64([0.8, INF, INF, 0.9]);
  const r = lbfgsb(rosen, [-1, 0, 2, -3], { lower, upper });
  assert.equal(r.status, 0, r.message);
  inBox(r.x, lower, upper);
  near(r.fun, 3.6199351851529205, 1e-6, 'fun (scipy 1.10.1 value)');
  assertKkt(r.x, r.jac, lower, upper, 1e-3);
});

test('start outside the box is projected before the first evaluation', () => {
  const seen: number[][] = [];
  const c = [5, -5, 0.3];
  const fg: FG = (x, g) => {
    seen.push(Array.from(x));
    let f = 0;
    for (let i = 0; i < 3; i++) {
      f += (x[i] - c[i]) ** 2;
      g[i] = 2 * (x[i] - c[i]);
    }
    return f;
  };
  const lower = f64([-1, -1, -1]);
  const upper = f64([1, 1, 1]);
  const r = lbfgsb(fg, [10, -10, 7], { lower, upper });
  assert.deepEqual(seen[0], [1, -1, 1]);
  for (const x of seen) inBox(Float64Array.from(x), lower, upper);
  assert.equal(r.status, 0, r.message);
  nearVec(r.x, [1, -1, 0.3], 1e-8, 'x');
});

test('fixed variable (lower == upper) never moves', () => {
  const r = lbfgsb(rosen, [0, 0, 0], { lower: f64([-5, 0.7, -5]), upper: f64([5, 0.7, 5]) });
  assert.equal(r.status, 0, r.message);
  assert.equal(r.x[1], 0.7);
  // with x1 fixed: x0 minimises 100(0.7-x0^2)^2+(1-x0)^2 and x2 = 0.49 ...
  near(r.x[2], 0.49, 1e-4, 'x2');
  assertKkt(r.x, r.jac, f64([-5, 0.7, -5]), f64([5, 0.7, 5]), 1e-4);
});

test('all variables at bounds: the Cauchy point is a vertex', () => {
  // Linear objective: the minimiser is the vertex opposite the gradient.
  const fg: FG = (x, g) => {
    g[0] = 1;
    g[1] = -2;
    g[2] = 3;
    return x[0] - 2 * x[1] + 3 * x[2];
  };
  const r = lbfgsb(fg, [0, 0, 0], { lower: f64([-1, -1, -1]), upper: f64([1, 1, 1]) });
  assert.equal(r.status, 0, r.message);
  assert.deepEqual(Array.from(r.x), [-1, 1, -1]);
  assert.equal(r.fun, -6);
});

// Hock & Schittkowski / classic test functions with bounds

test('HS1: Rosenbrock with x2 >= -1.5 from (-2, 1) -> (1, 1), f = 0', () => {
  const r = lbfgsb(rosen, [-2, 1], { lower: f64([-INF, -1.5]), upper: f64([INF, INF]) });
  assert.equal(r.status, 0, r.message);
  nearVec(r.x, [1, 1], 1e-4, 'x');
  assert.ok(r.fun < 1e-9);
});

test('HS2: Rosenbrock with x2 >= 1.5 -> (1.2243707487, 1.5), f = 0.0504261879', () => {
  const r = lbfgsb(rosen, [2, 2], { lower: f64([-INF, 1.5]), upper: f64([INF, INF]) });
  assert.equal(r.status, 0, r.message);
  nearVec(r.x, [1.2243707487363382, 1.5], 1e-5, 'x');
  near(r.fun, 100 * (1.5 - 1.2243707487363382 ** 2) ** 2 + (1 - 1.2243707487363382) ** 2, 1e-9, 'fun');
});

test('HS3: x2 + 1e-5 (x2 - x1)^2 with x2 >= 0 -> x2 = 0, f ~ 0', () => {
  const fg: FG = (x, g) => {
    const t = x[1] - x[0];
    g[0] = -2e-5 * t;
    g[1] = 1 + 2e-5 * t;
    return x[1] + 1e-5 * t * t;
  };
  const r = lbfgsb(fg, [10, 1], { lower: f64([-INF, 0]), upper: f64([INF, INF]), gtol: 1e-10 });
  assert.equal(r.status, 0, r.message);
  assert.equal(r.x[1], 0);
  assert.ok(r.fun < 1e-8, `fun ${r.fun}`);
});

test('HS4: (x1+1)^3/3 + x2 with x1 >= 1, x2 >= 0 -> (1, 0), f = 8/3', () => {
  const fg: FG = (x, g) => {
    g[0] = (x[0] + 1) ** 2;
    g[1] = 1;
    return (x[0] + 1) ** 3 / 3 + x[1];
  };
  const r = lbfgsb(fg, [1.125, 0.125], { lower: f64([1, 0]), upper: f64([INF, INF]) });
  assert.equal(r.status, 0, r.message);
  assert.deepEqual(Array.from(r.x), [1, 0]);
  near(r.fun, 8 / 3, 1e-12, 'fun');
});

test('HS5: sin(x1+x2) + (x1-x2)^2 - 1.5x1 + 2.5x2 + 1 on the box -> f = -sqrt(3)/2 - pi/3', () => {
  const fg: FG = (x, g) => {
    const c = Math.cos(x[0] + x[1]);
    g[0] = c + 2 * (x[0] - x[1]) - 1.5;
    g[1] = c - 2 * (x[0] - x[1]) + 2.5;
    return Math.sin(x[0] + x[1]) + (x[0] - x[1]) ** 2 - 1.5 * x[0] + 2.5 * x[1] + 1;
  };
  const r = lbfgsb(fg, [0, 0], { lower: f64([-1.5, -3]), upper: f64([4, 3]) });
  assert.equal(r.status, 0, r.message);
  nearVec(r.x, [-Math.PI / 3 + 0.5, -Math.PI / 3 - 0.5], 1e-5, 'x');
  near(r.fun, -Math.sqrt(3) / 2 - Math.PI / 3, 1e-9, 'fun');
});

test('HS38 (Colville) on [-10, 10]^4 -> (1, 1, 1, 1), f = 0', () => {
  const fg: FG = (x, g) => {
    const [a, b, c, d] = [x[0], x[1], x[2], x[3]];
    const f =
      100 * (b - a * a) ** 2 + (1 - a) ** 2 + 90 * (d - c * c) ** 2 + (1 - c) ** 2 +
      10.1 * ((b - 1) ** 2 + (d - 1) ** 2) + 19.8 * (b - 1) * (d - 1);
    g[0] = -400 * a * (b - a * a) - 2 * (1 - a);
    g[1] = 200 * (b - a * a) + 20.2 * (b - 1) + 19.8 * (d - 1);
    g[2] = -360 * c * (d - c * c) - 2 * (1 - c);
    g[3] = 180 * (d - c * c) + 20.2 * (d - 1) + 19.8 * (b - 1);
    return f;
  };
  const box = { lower: f64([-10, -10, -10, -10]), upper: f64([10, 10, 10, 10]) };
  const r = lbfgsb(fg, [-3, -1, -3, -1], box);
  assert.equal(r.status, 0, r.message);
  nearVec(r.x, [1, 1, 1, 1], 1e-3, 'x');
  assert.ok(r.fun < 1e-7, `fun ${r.fun}`);
});

test('HS45: 2 - x1x2x3x4x5/120 with 0 <= xi <= i -> every bound active, f = 1', () => {
  const fg: FG = (x, g) => {
    let p = 1;
    for (let i = 0; i < 5; i++) p *= x[i];
    for (let i = 0; i < 5; i++) {
      let q = 1;
      for (let j = 0; j < 5; j++) if (j !== i) q *= x[j];
      g[i] = -q / 120;
    }
    return 2 - p / 120;
  };
  const r = lbfgsb(fg, [2, 2, 2, 2, 2], { lower: f64([0, 0, 0, 0, 0]), upper: f64([1, 2, 3, 4, 5]) });
  assert.equal(r.status, 0, r.message);
  assert.deepEqual(Array.from(r.x), [1, 2, 3, 4, 5]);
  assert.equal(r.fun, 1);
});

test('Booth with x2 <= 2 -> (1.8, 2), f = 1.8', () => {
  const fg: FG = (x, g) => {
    const a = x[0] + 2 * x[1] - 7;
    const b = 2 * x[0] + x[1] - 5;
    g[0] = 2 * a + 4 * b;
    g[1] = 4 * a + 2 * b;
    return a * a + b * b;
  };
  const r = lbfgsb(fg, [-5, -5], { lower: f64([-10, -10]), upper: f64([10, 2]) });
  assert.equal(r.status, 0, r.message);
  nearVec(r.x, [1.8, 2], 1e-6, 'x');
  near(r.fun, 1.8, 1e-10, 'fun');
});

test('Matyas with x1 >= 1 -> (1, 12/13), f = 1/26', () => {
  const fg: FG = (x, g) => {
    g[0] = 0.52 * x[0] - 0.48 * x[1];
    g[1] = 0.52 * x[1] - 0.48 * x[0];
    return 0.26 * (x[0] * x[0] + x[1] * x[1]) - 0.48 * x[0] * x[1];
  };
  const r = lbfgsb(fg, [5, -7], { lower: f64([1, -10]), upper: f64([10, 10]) });
  assert.equal(r.status, 0, r.message);
  nearVec(r.x, [1, 12 / 13], 1e-5, 'x');
  near(r.fun, 1 / 26, 1e-10, 'fun');
});

test('Beale on a box containing (3, 0.5) -> f = 0', () => {
  const fg: FG = (x, g) => {
    const [x1, x2] = [x[0], x[1]];
    const t1 = 1.5 - x1 + x1 * x2;
    const t2 = 2.25 - x1 + x1 * x2 * x2;
    const t3 = 2.625 - x1 + x1 * x2 ** 3;
    g[0] = 2 * t1 * (x2 - 1) + 2 * t2 * (x2 * x2 - 1) + 2 * t3 * (x2 ** 3 - 1);
    g[1] = 2 * t1 * x1 + 4 * t2 * x1 * x2 + 6 * t3 * x1 * x2 * x2;
    return t1 * t1 + t2 * t2 + t3 * t3;
  };
  const r = lbfgsb(fg, [1, 1], { lower: f64([-4.5, -4.5]), upper: f64([4.5, 4.5]) });
  assert.equal(r.status, 0, r.message);
  nearVec(r.x, [3, 0.5], 1e-4, 'x');
  assert.ok(r.fun < 1e-10);
});

// ---------------------------------------------------------------- random convex quadratics: KKT

/**
 * First-order optimality on a box: the projected gradient step P(x - g) - x is ~0. A variable at a
 * bound may have any gradient pushing outwards; one within tol of a bound may stop there too
 * (as scipy's projected-gradient test allows).
 */
function assertKkt(x: Float64Array, g: Float64Array, lower: Float64Array, upper: Float64Array, tol: number): void {
  for (let i = 0; i < x.length; i++) {
    if (lower[i] === upper[i]) continue; // fixed variable: any gradient
    const step = Math.min(Math.max(x[i] - g[i], lower[i]), upper[i]) - x[i];
    assert.ok(Math.abs(step) <= tol, `x[${i}] = ${x[i]} in [${lower[i]}, ${upper[i]}], g = ${g[i]}: projected step ${step}`);
  }
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

for (const representation of ['compact', 'dense'] as const) test(`random convex quadratics with random bounds: KKT point (= global minimum) reached (${representation} B)`, () => {
  const rnd = mulberry32(12345);
  let active = 0;
  let statusOk = 0;
  for (let trial = 0; trial < 200; trial++) {
    const n = 2 + Math.floor(rnd() * 9);
    // A = R'R + 0.1 I (ill-conditioned sometimes), b random
    const R = Array.from({ length: n * n }, () => rnd() * 2 - 1);
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = i === j ? 0.1 : 0;
        for (let k = 0; k < n; k++) s += R[k * n + i] * R[k * n + j];
        // every third problem is scaled: D (R'R + 0.1 I) D with D = diag(10^((i - n/2)/n)) (still SPD)
        const scale = trial % 3 === 0 ? 10 ** ((i - n / 2) / n) * 10 ** ((j - n / 2) / n) : 1;
        A[i * n + j] = s * scale;
      }
    const b = Array.from({ length: n }, () => (rnd() * 2 - 1) * 5);
    const lower = new Float64Array(n);
    const upper = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const kind = Math.floor(rnd() * 4);
      const lo = -rnd() * 2;
      const hi = rnd() * 2;
      lower[i] = kind === 0 || kind === 1 ? lo : -INF;
      upper[i] = kind === 0 || kind === 2 ? hi : INF;
    }
    const fg: FG = (x, g) => {
      let f = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += A[i * n + j] * x[j];
        g[i] = s - b[i];
        f += 0.5 * x[i] * s - b[i] * x[i];
      }
      return f;
    };
    const x0 = Array.from({ length: n }, () => (rnd() * 2 - 1) * 4);
    const r = lbfgsb(fg, x0, { lower, upper, m: 1 + (trial % 10), gtol: 1e-8, ftol: 0, representation });
    if (r.status === 0) statusOk++;
    else assert.equal(r.status, 2, `trial ${trial}: ${r.message}`); // machine-precision stall allowed; KKT still checked
    inBox(r.x, lower, upper);
    // A stall at machine precision (ftol 0: a step that leaves f unchanged ends the run) can stop
    // short of 1e-6 on the ill-conditioned problems: the dense form did so once, at 1.9e-6.
    assertKkt(r.x, r.jac, lower, upper, representation === 'compact' ? 1e-6 : 1e-5);
    for (let i = 0; i < n; i++) if (r.x[i] === lower[i] || r.x[i] === upper[i]) active++;
  }
  assert.ok(active > 100, `bounds were actually active (${active})`);
  // At gtol 1e-8 / ftol 0 some runs stall at machine precision (line search cannot decrease f);
  // scipy 1.10.1 on these same 200 problems: 184 normal stops; ours 182 (compact), 187 (dense).
  // KKT is checked for all.
  assert.ok(statusOk >= 170, `converged normally in ${statusOk}/200`);
});

// ---------------------------------------------------------------- limits, cancellation, failures

test('maxIter reached gives status 1 and exactly maxIter iterations', () => {
  const r = lbfgsb(rosen, [-1.2, 1], { maxIter: 5 });
  assert.equal(r.status, 1);
  assert.equal(r.success, false);
  assert.equal(r.nit, 5);
  assert.equal(r.message, 'STOP: TOTAL NO. of ITERATIONS REACHED LIMIT');
  assert.ok(r.fun < 24.2 && Number.isFinite(r.fun));
  assertConsistent(rosen, r);
});

test('maxFun exceeded gives status 1 (checked after each iteration, as scipy)', () => {
  const r = lbfgsb(rosen, [-1.2, 1], { maxFun: 10 });
  assert.equal(r.status, 1);
  assert.equal(r.message, 'STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT');
  assert.ok(r.nfev > 10 && r.nfev <= 10 + 20, `nfev ${r.nfev}`);
});

test('shouldStop gives status 3 with a consistent finite point', () => {
  let calls = 0;
  const r = lbfgsb(rosen, [-1.2, 1], { shouldStop: () => ++calls > 4 });
  assert.equal(r.status, 3);
  assert.equal(r.success, false);
  assert.equal(r.nit, 4);
  assert.equal(calls, 5, 'checked once per iteration');
  assertConsistent(rosen, r);
});

test('a gradient pointing the wrong way ends in ABNORMAL_TERMINATION_IN_LNSRCH at the start point', () => {
  const bad: FG = (x, g) => {
    const f = rosen(x, g);
    for (let i = 0; i < g.length; i++) g[i] = -g[i];
    return f;
  };
  const r = lbfgsb(bad, [-1.2, 1], { maxLineSearch: 5 });
  assert.equal(r.status, 2);
  assert.equal(r.message, 'ABNORMAL_TERMINATION_IN_LNSRCH');
  assert.deepEqual(Array.from(r.x), [-1.2, 1]);
  near(r.fun, 24.2, 1e-12, 'fun');
  assert.equal(r.nfev, 1 + 5, 'one line search of maxLineSearch evaluations (memory was empty)');
  assert.equal(r.nit, 0);
});

test('NaN in part of the domain: the trial is shrunk, the minimum is still found', () => {
  let nanCalls = 0;
  // f = (x - 0.7)^2 for x > 0.55, NaN below; the first trial step (length 1 from 1.5) lands at 0.5.
  const fg: FG = (x, g) => {
    if (x[0] <= 0.55) {
      nanCalls++;
      g[0] = NaN;
      return NaN;
    }
    g[0] = 2 * (x[0] - 0.7);
    return (x[0] - 0.7) ** 2;
  };
  const r = lbfgsb(fg, [1.5]);
  assert.ok(nanCalls >= 1, 'the NaN region was hit');
  assert.equal(r.status, 0, r.message);
  near(r.x[0], 0.7, 1e-6, 'x');
  assert.ok(Number.isFinite(r.fun));
});

test('Infinity / overflow in part of the domain (exp of a large number) is handled like NaN', () => {
  let infCalls = 0;
  // f = exp(k x) - 2x style 2-D problem whose first steps overflow.
  const fg: FG = (x, g) => {
    const e0 = Math.exp(50 * x[0]);
    const e1 = Math.exp(-50 * x[1]);
    const f = e0 + e1 - 50 * x[0] + 50 * x[1];
    g[0] = 50 * e0 - 50;
    g[1] = -50 * e1 + 50;
    if (!Number.isFinite(f)) infCalls++;
    return f;
  };
  const r = lbfgsb(fg, [-20, 20], { lower: f64([-30, -100]), upper: f64([100, 30]) });
  assert.equal(r.status, 0, r.message);
  nearVec(r.x, [0, 0], 1e-5, 'x');
  near(r.fun, 2, 1e-9, 'fun');
  assert.ok(infCalls >= 1, `overflow region was hit (${infCalls})`);
});

test('NaN everywhere except the start: abnormal stop, returns the finite start point', () => {
  let n = 0;
  const fg: FG = (x, g) => {
    n++;
    if (n === 1) {
      g[0] = 1;
      g[1] = -1;
      return 3;
    }
    g[0] = NaN;
    g[1] = NaN;
    return NaN;
  };
  const r = lbfgsb(fg, [0.25, 0.5]);
  assert.equal(r.status, 2);
  assert.equal(r.fun, 3);
  assert.deepEqual(Array.from(r.x), [0.25, 0.5]);
  assert.deepEqual(Array.from(r.jac), [1, -1]);
  assert.ok(r.nfev <= 21);
});

test('non-finite value at the start is reported as abnormal, not thrown', () => {
  const r = lbfgsb((_x, g) => {
    g[0] = 0;
    return NaN;
  }, [1]);
  assert.equal(r.status, 2);
  assert.equal(r.nfev, 1);
});

test('ftol stopping rule reports REL_REDUCTION', () => {
  const r = lbfgsb(rosen, [-1.2, 1], { gtol: 0, ftol: 1e-6 });
  assert.equal(r.status, 0);
  assert.equal(r.message, 'CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH');
  assert.ok(r.fun < 1e-3);
});

test('invalid bounds throw, x0 is not modified, results do not alias the caller', () => {
  assert.throws(() => lbfgsb(rosen, [0, 0], { lower: f64([1, 0]), upper: f64([0, 1]) }), RangeError);
  assert.throws(() => lbfgsb(rosen, [0, 0], { lower: f64([0]) }), RangeError);
  const x0 = f64([5, 5]);
  const opts: LbfgsbOptions = { lower: f64([-1, -1]), upper: f64([2, 2]) };
  const r = lbfgsb(rosen, x0, opts);
  assert.deepEqual(Array.from(x0), [5, 5]);
  assert.notEqual(r.x, x0);
  assert.deepEqual(Array.from(opts.lower!), [-1, -1]);
});

test('scaling-law style 5-parameter fit (E + A/N^a + B/D^b in log-params) converges from many starts', () => {
  // Synthetic Chinchilla-like data; parameters p = [logA, logB, logE, alpha, beta].
  const Ns: number[] = [];
  const Ds: number[] = [];
  const Ls: number[] = [];
  for (const N of [1e7, 3e7, 1e8, 3e8, 1e9, 3e9]) {
    for (const tpp of [5, 20, 80]) {
      Ns.push(N);
      Ds.push(N * tpp);
      Ls.push(1.69 + 406.4 / N ** 0.34 + 410.7 / (N * tpp) ** 0.28);
    }
  }
  const lnN = Ns.map(Math.log);
  const lnD = Ds.map(Math.log);
  const fg: FG = (p, g) => {
    const [a, b, e, al, be] = [p[0], p[1], p[2], p[3], p[4]];
    g.fill(0);
    let f = 0;
    for (let k = 0; k < Ls.length; k++) {
      const tA = Math.exp(a - al * lnN[k]);
      const tB = Math.exp(b - be * lnD[k]);
      const tE = Math.exp(e);
      const r = tA + tB + tE - Ls[k];
      f += r * r;
      g[0] += 2 * r * tA;
      g[1] += 2 * r * tB;
      g[2] += 2 * r * tE;
      g[3] += -2 * r * tA * lnN[k];
      g[4] += -2 * r * tB * lnD[k];
    }
    return f;
  };
  const lower = f64([0, 0, -2, 0, 0]);
  const upper = f64([30, 30, 2, 2.5, 2.5]);
  let best = Infinity;
  let iters = 0;
  let starts = 0;
  for (const a0 of [0, 5, 10]) for (const b0 of [0, 5, 10]) for (const al0 of [0, 0.5, 2]) {
    const r = lbfgsb(fg, [a0, b0, 0.5, al0, 0.5], { lower, upper });
    inBox(r.x, lower, upper);
    assert.ok(Number.isFinite(r.fun));
    iters += r.nit;
    starts++;
    best = Math.min(best, r.fun);
  }
  assert.ok(best < 1e-8, `best fun ${best}`);
  assert.ok(iters / starts < 500, `mean nit ${iters / starts}`);
});
