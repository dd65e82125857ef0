// The WebAssembly SIMD kernel of the Chinchilla objective (src/core/laws/chinchillaSimd.ts, source
// asm/chinchillaObjective.ts): its exp and log against Math's, its objective and gradient against
// a plain Math.exp/Math.log computation with rounding-error bounds, its special cases, a whole fit
// through both paths, and the committed binary against a fresh compile of its source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chinchilla } from '../../../../src/core/laws/chinchilla';
import { setSimdEnabled, simdKernel } from '../../../../src/core/laws/chinchillaSimd';
import { Rng } from '../../../../src/core/optimize/rng';
import { runFit } from '../../../../src/core/fit/fit';
import { DEFAULT_TOLERANCES, type FitProblem } from '../../../../src/core/fit/problem';
import { CHINCHILLA_OBJECTIVE, makeObjective } from '../../../../src/core/optimize/objective';
import { ulpError } from '../../../support/ulp';

const kernel = () => {
  const k = simdKernel();
  assert.ok(k, 'Node 20 runs WebAssembly SIMD: the kernel must instantiate');
  return k;
};

test('kernel exp and log: within 1 ulp of Math.exp / Math.log, special values as Math', () => {
  const k = kernel();
  const rng = new Rng(11);
  let worstExp = 0, worstLog = 0, at = [NaN, NaN];
  for (let i = 0; i < 200_000; i++) {
    const x = -745 + 1455 * rng.next();
    const e = ulpError(k.mathCheck(x).exp, Math.exp(x));
    if (e > worstExp) { worstExp = e; at[0] = x; }
    const y = 2 ** (-1020 + 2040 * rng.next());
    const l = ulpError(k.mathCheck(y).log, Math.log(y));
    if (l > worstLog) { worstLog = l; at[1] = y; }
  }
  assert.ok(worstExp <= 1, `exp: ${worstExp} ulp at ${at[0]}`);
  assert.ok(worstLog <= 1, `log: ${worstLog} ulp at ${at[1]}`);
  for (const x of [0, 1, -1, 709.782712893384, 709.7827128933841, -708.4, -745.1332191019411, -745.1332191019412, 1000, -1000, 1e300, -1e300, Infinity, -Infinity]) {
    assert.ok(ulpError(k.mathCheck(x).exp, Math.exp(x)) <= 1, `exp(${x}) = ${k.mathCheck(x).exp}, Math gives ${Math.exp(x)}`);
  }
  assert.ok(Number.isNaN(k.mathCheck(NaN).exp));
  for (const y of [1, 2, Math.SQRT2, 1 + 2 ** -52, 1 - 2 ** -53, 2.2250738585072014e-308, Number.MAX_VALUE]) {
    assert.ok(ulpError(k.mathCheck(y).log, Math.log(y)) <= 1, `log(${y})`);
  }
});

/** Synthetic Chinchilla-like data: n points (odd on purpose), log-uniform N and D. */
function data(n: number, seed: number) {
  const rng = new Rng(seed);
  const N = new Float64Array(n), D = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    N[i] = 10 ** (7 + 4 * rng.next());
    D[i] = 10 ** (9 + 3 * rng.next());
    y[i] = (1.8 + 480 / N[i] ** 0.34 + 2100 / D[i] ** 0.37) * Math.exp(0.02 * (rng.next() - 0.5));
  }
  return { N, D, y, target: Float64Array.from(y, Math.log) };
}

/** The objective in plain Math.exp/Math.log with, per output, the sum of |terms| (rounding bound). */
function reference(p: Float64Array, d: ReturnType<typeof data>, w: Float64Array | undefined, kind: 'huber' | 'l2', delta: number) {
  const E = Math.exp(p[0]);
  const val = new Float64Array(6), abs = new Float64Array(6);
  for (let i = 0; i < d.y.length; i++) {
    const wi = w ? w[i] : 1;
    const lnN = Math.log(d.N[i]), lnD = Math.log(d.D[i]);
    const tN = Math.exp(p[1] - p[3] * lnN), tD = Math.exp(p[2] - p[4] * lnD);
    const pred = E + tN + tD;
    const r = Math.log(pred) - d.target[i];
    const psi = kind === 'l2' ? 2 * r : Math.max(-delta, Math.min(delta, r));
    const rho = kind === 'l2' ? r * r : Math.abs(r) <= delta ? 0.5 * r * r : delta * (Math.abs(r) - 0.5 * delta);
    const s = (wi * psi) / pred;
    const terms = [wi * rho, s * E, s * tN, s * tD, -s * tN * lnN, -s * tD * lnD];
    terms.forEach((t, j) => { val[j] += t; abs[j] += Math.abs(t); });
  }
  return { val, abs };
}

test('kernel objective and gradient equal a Math.exp/Math.log computation to rounding (Huber, L2, weights, odd n)', () => {
  kernel();
  const rng = new Rng(12);
  const g = new Float64Array(5);
  let checked = 0;
  for (const n of [1, 2, 7, 240, 241]) {
    const d = data(n, n);
    const x = { N: d.N, D: d.D };
    for (let t = 0; t < 60; t++) {
      const p = Float64Array.of(-1 + 2 * rng.next(), 25 * rng.next(), 25 * rng.next(), 2 * rng.next(), 2 * rng.next());
      const w = t % 3 === 0 ? Float64Array.from({ length: n }, () => 1 + Math.floor(3 * rng.next())) : undefined;
      const kind = t % 2 === 0 ? 'huber' : 'l2';
      const delta = t % 4 === 0 ? 1e-3 : 0.05;
      const f = chinchilla.logObjective!(p, x, d.target, w, kind, delta, g);
      const ref = reference(p, d, w, kind, delta);
      // n terms each within a few ulp: 1e-13 of the absolute sum is a generous rounding bound.
      assert.ok(Math.abs(f - ref.val[0]) <= 1e-13 * ref.abs[0] + 1e-300, `f ${f} vs ${ref.val[0]} (n ${n}, ${kind})`);
      for (let j = 0; j < 5; j++) {
        assert.ok(Math.abs(g[j] - ref.val[j + 1]) <= 1e-12 * ref.abs[j + 1] + 1e-300, `g[${j}] ${g[j]} vs ${ref.val[j + 1]} (bound ${ref.abs[j + 1]}, n ${n}, ${kind})`);
      }
      checked++;
    }
  }
  assert.equal(checked, 300);
});

test('kernel: a prediction that overflows or vanishes makes the objective +Infinity, as on the JavaScript path', () => {
  const d = data(9, 3);
  const objectiveWith = (simd: boolean) => {
    setSimdEnabled(simd);
    try {
      const obj = makeObjective(chinchilla, { x: { N: d.N, D: d.D }, y: d.y }, CHINCHILLA_OBJECTIVE, new Float64Array(5).fill(NaN));
      const g = new Float64Array(5);
      return [obj.fg(Float64Array.of(0, 800, 5, 0, 0.3), g), obj.fg(Float64Array.of(0.5, 5, 5, 0.3, 0.3), g)];
    } finally {
      setSimdEnabled(true);
    }
  };
  const [overflowSimd, fineSimd] = objectiveWith(true);
  const [overflowJs, fineJs] = objectiveWith(false);
  assert.equal(overflowSimd, Infinity);
  assert.equal(overflowJs, Infinity);
  assert.ok(Number.isFinite(fineSimd) && Math.abs(fineSimd - fineJs) <= 1e-12 * fineJs);
  // E = 0 (log E = -Infinity) with vanishing power terms: log(0) = -Infinity on the JavaScript path.
  const g = new Float64Array(5);
  const fZero = kernel().objective(Float64Array.of(-Infinity, -800, -800, 0, 0), Float64Array.from(d.N, Math.log), Float64Array.from(d.D, Math.log), d.target, undefined, 1e-3, 1, g);
  assert.ok(!Number.isFinite(fZero));
});

/** Objective at the generating parameters: a fit must do at least about as well. */
function minimalObjective(d: ReturnType<typeof data>): number {
  return reference(Float64Array.of(Math.log(1.8), Math.log(480), Math.log(2100), 0.34, 0.37), d, undefined, 'huber', 1e-3).val[0];
}

test('a Chinchilla fit reaches the same optimum through the SIMD kernel and the JavaScript loop', async () => {
  const d = data(121, 21);
  const problem: FitProblem = {
    lawId: 'chinchilla', lawOptions: {}, x: { N: d.N, D: d.D }, y: d.y, objective: CHINCHILLA_OBJECTIVE,
    fixed: {}, starts: { kind: 'random', count: 64 }, seed: 5, tolerances: { ...DEFAULT_TOLERANCES },
  };
  const fit = async (simd: boolean) => {
    setSimdEnabled(simd);
    try {
      return await runFit(problem, { bootstrap: 0, provenance: { tool: 'test', version: '0', mapping: {}, derived: {} } });
    } finally {
      setSimdEnabled(true);
    }
  };
  const a = await fit(true), b = await fit(false);
  // Same optimum to the optimizer's resolution on this kinked (Huber) objective: the two paths
  // round differently, so the last iterations differ.
  assert.ok(Math.abs(a.objective.value - b.objective.value) <= 1e-7 * b.objective.value, `${a.objective.value} vs ${b.objective.value}`);
  for (const k of ['E', 'A', 'B', 'alpha', 'beta']) {
    assert.ok(Math.abs(a.params[k] - b.params[k]) <= 1e-3 * Math.abs(b.params[k]), `${k}: ${a.params[k]} vs ${b.params[k]}`);
  }
  assert.ok(a.objective.value < 1.2 * minimalObjective(d), 'the fit explains the data');
});

test('the committed kernel binary is a fresh compile of asm/chinchillaObjective.ts', () => {
  // In a plain node child: the AssemblyScript compiler loads ~5x slower through the test loader.
  const r = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(readFileSync('src/core/laws/chinchillaSimd.wasm.ts', 'utf8'), /^\/\/ Generated by scripts\/build-wasm.mjs from asm\/chinchillaObjective.ts/);
});
