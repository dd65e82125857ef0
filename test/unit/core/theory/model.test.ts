// PLRF model basics: loss convention, the W draw, the eigensolver, stability, kernel norm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildKernelMatrix, checkStability, drawW, exactSpectrum, forcingAndKernel, initialLoss, kernelNorm,
  makeParams, populationLoss, populationVectors, symEigenProject, traceD,
} from '../../../../src/core/theory';
import { Rng } from '../../../../src/core/optimize/rng';

test('loss convention: P(0) = Σ j^(-2α-2β) ≈ 1.2021 for α = β = 0.75, v = 400 (notes check 1)', () => {
  assert.ok(Math.abs(initialLoss(0.75, 0.75, 400) - 1.2021) < 5e-4);
  // and the population risk at theta = 0 of an actual W is the same number (no factor 1/2)
  const W = drawW(3, 400, 20);
  const { dsqrt, bvec } = populationVectors(0.75, 0.75, 400);
  assert.ok(Math.abs(populationLoss(W, 400, 20, new Float64Array(20), dsqrt, bvec) - initialLoss(0.75, 0.75, 400)) < 1e-12);
});

test('W entries are N(0, 1/d): mean ≈ 0, variance ≈ 1/d', () => {
  const v = 400, d = 50;
  const W = drawW(11, v, d);
  let m = 0, s2 = 0;
  for (const x of W) { m += x; s2 += x * x; }
  m /= W.length;
  s2 /= W.length;
  assert.ok(Math.abs(m) < 4 / Math.sqrt(W.length * d));
  assert.ok(Math.abs(s2 * d - 1) < 0.03);
});

test('buildKernelMatrix (blocked, streamed W) equals W^T D W and W^T D b from the stored W', () => {
  const p = makeParams({ alpha: 0.6, beta: 0.9, d: 37, v: 150 });
  const { K, g } = buildKernelMatrix(p, 5);
  const W = drawW(5, p.v, p.d);
  for (let i = 0; i < p.d; i++) {
    let gi = 0;
    for (let j = 0; j < p.v; j++) gi += W[j * p.d + i] * Math.pow(j + 1, -2 * p.alpha - p.beta);
    assert.ok(Math.abs(gi - g[i]) < 1e-12 * (1 + Math.abs(gi)));
    for (let k = 0; k <= i; k++) {
      let s = 0;
      for (let j = 0; j < p.v; j++) s += W[j * p.d + i] * W[j * p.d + k] * Math.pow(j + 1, -2 * p.alpha);
      assert.ok(Math.abs(s - K[i * p.d + k]) < 1e-12, `K[${i}][${k}]`);
    }
  }
});

/** Independent reference: cyclic Jacobi eigenvalues of a small symmetric matrix. */
function jacobiEigenvalues(A0: number[][]): number[] {
  const n = A0.length;
  const A = A0.map((r) => r.slice());
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += A[i][j] ** 2;
    if (off < 1e-26) break;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) {
      if (Math.abs(A[p][q]) < 1e-300) continue;
      const th = (A[q][q] - A[p][p]) / (2 * A[p][q]);
      const t = Math.sign(th || 1) / (Math.abs(th) + Math.sqrt(th * th + 1));
      const c = 1 / Math.sqrt(t * t + 1), s = t * c;
      for (let k = 0; k < n; k++) {
        const akp = A[k][p], akq = A[k][q];
        A[k][p] = c * akp - s * akq;
        A[k][q] = s * akp + c * akq;
      }
      for (let k = 0; k < n; k++) {
        const apk = A[p][k], aqk = A[q][k];
        A[p][k] = c * apk - s * aqk;
        A[q][k] = s * apk + c * aqk;
      }
    }
  }
  return A.map((r, i) => r[i]).sort((a, b) => b - a);
}

test('symEigenProject: eigenvalues match Jacobi; projections satisfy Σ proj² λ^k = h^T A^k h', () => {
  const n = 30;
  const rng = new Rng(42, 0);
  const M: number[][] = Array.from({ length: n }, () => new Array(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) M[i][j] = M[j][i] = rng.normal() / (1 + Math.abs(i - j));
  const h = Float64Array.from({ length: n }, () => rng.normal());
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = M[i][j];
  const { values, proj } = symEigenProject(A, n, h);
  const ref = jacobiEigenvalues(M);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(values[i] - ref[i]) < 1e-10, `eigenvalue ${i}: ${values[i]} vs ${ref[i]}`);
  let Ak = Array.from(h);
  for (let k = 0; k <= 3; k++) {
    let lhs = 0, rhs = 0;
    for (let i = 0; i < n; i++) lhs += proj[i] ** 2 * values[i] ** k;
    for (let i = 0; i < n; i++) rhs += h[i] * Ak[i];
    assert.ok(Math.abs(lhs - rhs) < 1e-9 * (1 + Math.abs(rhs)), `k=${k}: ${lhs} vs ${rhs}`);
    Ak = M.map((row) => row.reduce((s, a, j) => s + a * Ak[j], 0));
  }
});

test('exact spectrum: P_res equals min_theta P(theta) from an independent Cholesky least-squares solve', () => {
  const p = makeParams({ alpha: 0.75, beta: 0.5, d: 40, v: 160 });
  const spec = exactSpectrum(p, 9);
  const W = drawW(9, p.v, p.d);
  const { dsqrt, bvec } = populationVectors(p.alpha, p.beta, p.v);
  // normal equations (W^T D W) theta = W^T D b, Cholesky
  const n = p.d, K = new Float64Array(n * n), g = new Float64Array(n);
  for (let j = 0; j < p.v; j++) {
    const dj = dsqrt[j] ** 2;
    for (let i = 0; i < n; i++) {
      g[i] += dj * bvec[j] * W[j * n + i];
      for (let k = 0; k < n; k++) K[i * n + k] += dj * W[j * n + i] * W[j * n + k];
    }
  }
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k <= i; k++) {
    let s = K[i * n + k];
    for (let m = 0; m < k; m++) s -= L[i * n + m] * L[k * n + m];
    L[i * n + k] = i === k ? Math.sqrt(s) : s / L[k * n + k];
  }
  const y = new Float64Array(n), th = new Float64Array(n);
  for (let i = 0; i < n; i++) { let s = g[i]; for (let m = 0; m < i; m++) s -= L[i * n + m] * y[m]; y[i] = s / L[i * n + i]; }
  for (let i = n - 1; i >= 0; i--) { let s = y[i]; for (let m = i + 1; m < n; m++) s -= L[m * n + i] * th[m]; th[i] = s / L[i * n + i]; }
  const pmin = populationLoss(W, p.v, n, th, dsqrt, bvec);
  assert.ok(Math.abs(spec.pRes - pmin) < 1e-9 * spec.p0 + 1e-6 * pmin, `${spec.pRes} vs ${pmin}`);
});

test('stability: default lr is stable; a large lr is rejected with an explanation', () => {
  const p = makeParams({ alpha: 0.75, beta: 0.75, d: 100 });
  assert.ok(Math.abs(p.lr - 0.5 / traceD(0.75, 400)) < 1e-15);
  const ok = checkStability(p);
  assert.equal(ok.ok, true);
  assert.equal(ok.explanation, '');
  const bad = checkStability({ ...p, lr: 2 });
  assert.equal(bad.ok, false);
  assert.match(bad.explanation, /unstable/);
  assert.match(bad.explanation, /--lr/);
  // kernel-norm failure alone: many small modes (alpha small, large tr D) with lr just under the step limit
  const q = makeParams({ alpha: 0.3, beta: 0.5, d: 200, lr: 0.9 });
  const r = checkStability(q);
  assert.equal(r.stepCondition < 2, true);
  assert.equal(r.ok, false);
  assert.match(r.explanation, /kernel norm/);
});

test('kernel norm (notes check 4): ≈ 0.25-0.31 at B = 1 and ×0.235 at B = 4 with gamma·B fixed; equals Σ_r K(r)', () => {
  const p = makeParams({ alpha: 0.75, beta: 0.75, d: 100, v: 400 });
  for (const seed of [1, 2, 3]) {
    const spec = exactSpectrum(p, seed);
    const k1 = kernelNorm(spec, p), k4 = kernelNorm(spec, { ...p, batch: 4, lr: p.lr / 4 });
    assert.ok(k1 > 0.24 && k1 < 0.31, `||K|| = ${k1}`); // notes: 0.300 for their W (W-dependent through lambda_max)
    assert.ok(Math.abs(k4 / k1 - 0.071 / 0.300) < 0.01, `ratio ${k4 / k1}`);
    const { K } = forcingAndKernel(spec, p, 200000);
    let sum = 0;
    for (const x of K) sum += x;
    assert.ok(Math.abs(sum - k1) < 1e-3 * k1, `Σ K(r) = ${sum} vs ${k1}`);
  }
});
