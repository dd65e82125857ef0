// The variable-projection functional of a separable law: f(theta) = min over the linear
// parameters c (inside their bounds) of the fit's objective. Least squares on the raw target is
// one bounded linear solve; other objectives (Huber, L1, log residuals) are solved by
// Gauss-Newton IRLS from that solve (m <= 4 unknowns, so each step is a tiny bounded solve).
// The gradient is the partial derivative in theta at the inner optimum (the inner box does not
// depend on theta, so Danskin's theorem applies), taken from the fit's own objective code, so
// f is the exact number the multi-start fitter would report at the same point.
import type { LawSpec } from '../laws/types';
import { lossValue } from '../optimize/objective';
import type { ObjectiveSpec } from '../optimize/objectiveSpec';
import { boundedLeastSquares, choleskySolve } from './boundedLs';
import type { PreparedProblem } from './problem';

export interface Projection {
  /** Free nonlinear parameters (the outer search space), fit space. */
  dim: number;
  lower: Float64Array;
  upper: Float64Array;
  /** Positions of the nonlinear parameters inside the free vector. */
  nonlinearFree: number[];
  /** f(theta) with gradient; `innerIterations` caps the IRLS (coarse grid scans use fewer). */
  fg(theta: Float64Array, g: Float64Array, innerIterations?: number): number;
  /** The free fit-space vector (prep.objective's z) at theta with the linear parameters solved. */
  freeVector(theta: ArrayLike<number>, innerIterations?: number): Float64Array;
  /** Forget the warm start (before an unrelated theta, so results do not depend on call order). */
  reset(): void;
  /** True when the inner problem is one bounded linear solve (L2 on the raw target). */
  closedForm: boolean;
  /** Fit-space starting grid axes of the nonlinear parameters. */
  gridAxes: number[][];
}

export const INNER_ITERATIONS = 200;

/** Undefined when the law is not separable. */
export function makeProjection(prep: PreparedProblem, spec: ObjectiveSpec): Projection | undefined {
  const { law, freeIndex, fixedVector } = prep;
  const sep = law.separable;
  if (!sep) return undefined;
  const linearAll = sep.linear.map((name) => law.params.findIndex((p) => p.name === name));
  const linFree = linearAll.filter((j) => freeIndex.includes(j));
  const linFixed = linearAll.filter((j) => !freeIndex.includes(j));
  const nlFull = freeIndex.filter((j) => !linearAll.includes(j));
  const nonlinearFree = nlFull.map((j) => freeIndex.indexOf(j));
  const linFreePos = linFree.map((j) => freeIndex.indexOf(j));
  const x = prep.data.x, y = prep.data.y, w = prep.weights, n = y.length, m = linFree.length;
  const K = linearAll.length;
  const phiAll = new Float64Array(K * n), phi = new Float64Array(m * n), offset = new Float64Array(n);
  const lo = Float64Array.from(linFree, (j) => reported(law, j, law.params[j].lower));
  const hi = Float64Array.from(linFree, (j) => reported(law, j, law.params[j].upper));
  const isLog = spec.space === 'log';
  const target = Float64Array.from(y, (v) => (isLog ? Math.log(v) : v));
  const p = Float64Array.from(fixedVector);
  const z = new Float64Array(freeIndex.length), gz = new Float64Array(freeIndex.length);

  const loadBasis = (theta: ArrayLike<number>) => {
    nlFull.forEach((j, d) => (p[j] = theta[d]));
    sep.basis(p, x, phiAll);
    offset.fill(0);
    linearAll.forEach((j, k) => {
      const col = phiAll.subarray(k * n, (k + 1) * n);
      const fixedAt = linFixed.includes(j) ? reported(law, j, fixedVector[j]) : NaN;
      if (Number.isNaN(fixedAt)) phi.set(col, linFree.indexOf(j) * n);
      else for (let i = 0; i < n; i++) offset[i] += fixedAt * col[i];
    });
  };

  // Hot-path buffers (Float64Array.from with a map function is slow in V8).
  const rhs = new Float64Array(n);
  const w0 = isLog ? new Float64Array(n) : w;
  if (isLog) for (let i = 0; i < n; i++) w0![i] = (w ? w[i] : 1) / (y[i] * y[i]);
  // Last inner solution: a warm start for the next theta (L-BFGS-B moves in small steps).
  let warm: Float64Array | undefined;
  const solveLinear = (maxIter: number): Float64Array => {
    // Start: least squares on the raw target, relative in log space (log(f/y) ~ (f - y)/y).
    for (let i = 0; i < n; i++) rhs[i] = y[i] - offset[i];
    let c = boundedLeastSquares(phi, n, m, rhs, w0, lo, hi);
    if (!isLog && spec.kind === 'l2') return c;
    if (warm && inner(warm) < inner(c)) c = warm;
    return (warm = irls(c, maxIter));
  };

  const pred = new Float64Array(n), res = new Float64Array(n), J = new Float64Array(m * n), omega = new Float64Array(n), t = new Float64Array(n);
  /** The inner objective at c; leaves the predictions and residuals in pred, res. */
  const inner = (c: ArrayLike<number>): number => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      let v = offset[i];
      for (let k = 0; k < m; k++) v += c[k] * phi[k * n + i];
      if (isLog && !(v > 0)) return Infinity;
      pred[i] = v;
      const r = (isLog ? Math.log(v) : v) - target[i];
      res[i] = r;
      f += (w ? w[i] : 1) * lossValue(spec.kind, spec.delta, r);
    }
    return f;
  };

  // Gauss-Newton IRLS with a backtracking line search: monotone in the true objective. For Huber
  // a Gauss-Newton step with the exact curvature (points inside delta only) is tried beside it:
  // IRLS alone converges linearly when most points are outside delta, Newton finishes in a few steps.
  const H = new Float64Array(m * m), grad = new Float64Array(m), newton = new Float64Array(m);
  const irls = (c0: Float64Array, maxIter: number): Float64Array => {
    const c = Float64Array.from(c0), trial = new Float64Array(m);
    let F = inner(c);
    const floor = spec.kind === 'l1' ? 1e-12 : 0;
    const huber = spec.kind === 'huber';
    for (let it = 0; it < maxIter && Number.isFinite(F); it++) {
      // pred and res hold the values at c (the last inner call was at c).
      H.fill(0);
      grad.fill(0);
      for (let i = 0; i < n; i++) {
        const r = res[i], dh = isLog ? 1 / pred[i] : 1;
        let lin = 0;
        for (let k = 0; k < m; k++) { const v = phi[k * n + i] * dh; J[k * n + i] = v; lin += v * c[k]; }
        t[i] = lin - r;
        const a = Math.abs(r), wi = w ? w[i] : 1;
        omega[i] = spec.kind === 'l2' ? wi : huber ? (a <= spec.delta ? wi : (wi * spec.delta) / a) : wi / Math.max(a, floor);
        if (huber) {
          const psi = wi * Math.max(-spec.delta, Math.min(spec.delta, r));
          for (let k = 0; k < m; k++) {
            grad[k] += psi * J[k * n + i];
            if (a <= spec.delta) for (let q = 0; q <= k; q++) H[k * m + q] += wi * J[k * n + i] * J[q * n + i];
          }
        }
      }
      let Fn = Infinity;
      if (huber) {
        for (let k = 0; k < m; k++) { newton[k] = -grad[k]; for (let q = 0; q < k; q++) H[q * m + k] = H[k * m + q]; }
        if (choleskySolve(H, newton, m)) {
          for (let k = 0; k < m; k++) trial[k] = Math.min(hi[k], Math.max(lo[k], c[k] + newton[k]));
          Fn = inner(trial);
        }
        if (!(Fn < F)) inner(c);
      }
      if (!(Fn < F)) {
        const next = boundedLeastSquares(J, n, m, t, omega, lo, hi);
        let step = 1;
        for (let ls = 0; ls < 12; ls++, step *= 0.5) {
          for (let k = 0; k < m; k++) trial[k] = Math.min(hi[k], Math.max(lo[k], c[k] + step * (next[k] - c[k])));
          Fn = inner(trial);
          if (Fn <= F) break;
        }
      }
      if (!(Fn <= F)) { inner(c); break; }
      const gain = F - Fn;
      c.set(trial);
      F = Fn;
      if (gain <= 1e-16 * Math.abs(F)) break;
    }
    return c;
  };

  const freeVector = (theta: ArrayLike<number>, innerIterations = INNER_ITERATIONS): Float64Array => {
    loadBasis(theta);
    const c = solveLinear(innerIterations);
    const out = new Float64Array(freeIndex.length);
    nonlinearFree.forEach((q, d) => (out[q] = theta[d]));
    linFreePos.forEach((q, k) => {
      const j = linFree[k];
      out[q] = Math.min(law.params[j].upper, Math.max(law.params[j].lower, law.params[j].transform === 'log' ? Math.log(c[k]) : c[k]));
    });
    return out;
  };

  return {
    dim: nlFull.length,
    lower: Float64Array.from(nlFull, (j) => law.params[j].lower),
    upper: Float64Array.from(nlFull, (j) => law.params[j].upper),
    nonlinearFree,
    gridAxes: nlFull.map((j) => law.params[j].grid),
    freeVector,
    reset: () => (warm = undefined),
    closedForm: !isLog && spec.kind === 'l2',
    fg(theta, g, innerIterations) {
      z.set(freeVector(theta, innerIterations));
      const f = prep.objective.fg(z, gz);
      nonlinearFree.forEach((q, d) => (g[d] = gz[q]));
      return f;
    },
  };
}

function reported(law: LawSpec, j: number, fitValue: number): number {
  return law.params[j].transform === 'log' ? Math.exp(fitValue) : fitValue;
}
