// Robust objectives on log or linear residuals, with analytic gradients through the law's Jacobian.
// Bootstrap resamples are expressed as integer row weights, so no data is copied per refit.
import type { Inputs, LawSpec } from '../laws/types';
import { fastLog } from './fastMath';
import type { LossKind, ObjectiveSpec } from './objectiveSpec';

export type { LossKind, ObjectiveSpec, Reduction, ResidualSpace } from './objectiveSpec';

export const CHINCHILLA_OBJECTIVE: ObjectiveSpec = { kind: 'huber', delta: 1e-3, space: 'log', reduction: 'sum' };

export interface FitData {
  x: Inputs;
  y: Float64Array;
}

/** rho(r); Huber matches scipy.special.huber(delta, r). The fitter inlines it with its slope. */
export function lossValue(kind: LossKind, delta: number, r: number): number {
  const a = Math.abs(r);
  if (kind === 'huber') return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
  if (kind === 'l2') return r * r;
  return a;
}


export interface Objective {
  /** Number of free (optimized) parameters. */
  dim: number;
  /** f(z) with gradient into g; z holds only the free parameters. */
  fg: (z: Float64Array, g: Float64Array) => number;
  /** Expand free parameters into the full fit-space vector (a new array). */
  expand: (z: ArrayLike<number>) => Float64Array;
  /** Residuals (in the chosen space) at a full parameter vector. */
  residuals: (p: Float64Array) => Float64Array;
}

/**
 * Build the objective for a law on data. `fixed[j]` is NaN for a free parameter and the fit-space
 * value for a fixed one. `weights` (optional) are per-row multiplicities (bootstrap).
 */
export function makeObjective(
  law: LawSpec,
  data: FitData,
  spec: ObjectiveSpec,
  fixed: Float64Array,
  weights?: Float64Array,
): Objective {
  const n = data.y.length;
  const k = law.params.length;
  const free: number[] = [];
  for (let j = 0; j < k; j++) if (Number.isNaN(fixed[j])) free.push(j);
  const dim = free.length;
  const full = Float64Array.from(fixed);
  const pred = new Float64Array(n);
  // The Jacobian buffer is only for laws without a fused objective (allocated on first use).
  let jac = new Float64Array(0);
  const target = new Float64Array(n);
  const isLog = spec.space === 'log';
  for (let i = 0; i < n; i++) target[i] = isLog ? Math.log(data.y[i]) : data.y[i];
  let totalWeight = 0;
  for (let i = 0; i < n; i++) totalWeight += weights ? weights[i] : 1;
  const scale = spec.reduction === 'mean' ? 1 / totalWeight : 1;
  const { kind, delta } = spec;
  const gradient = law.gradient;
  const hasGradient = Boolean(law.gradient || law.evaluate);
  const fullGrad = new Float64Array(k);

  const load = (z: ArrayLike<number>) => {
    for (let j = 0; j < dim; j++) full[free[j]] = z[j];
  };

  const fused = isLog ? law.logObjective : undefined;
  const fg = (z: Float64Array, g: Float64Array): number => {
    load(z);
    if (fused) {
      const f = fused(full, data.x, target, weights, kind, delta, fullGrad) * scale;
      if (!Number.isFinite(f)) return Infinity;
      for (let j = 0; j < dim; j++) g[j] = fullGrad[free[j]] * scale;
      return f;
    }
    if (jac.length !== n * k) jac = new Float64Array(n * k);
    if (law.evaluate) law.evaluate(full, data.x, pred, jac);
    else {
      law.predict(full, data.x, pred);
      if (gradient) gradient(full, data.x, jac);
    }
    fullGrad.fill(0);
    let f = 0;
    // One pass per point: residual, loss and its slope inlined (hot path: no calls, no allocation).
    const huber = kind === 'huber', l2 = kind === 'l2';
    for (let i = 0; i < n; i++) {
      const w = weights ? weights[i] : 1;
      if (w === 0) continue;
      const pi = pred[i];
      if (!(isLog ? pi > 0 : Number.isFinite(pi))) return Infinity;
      // fastLog: one log per point per evaluation in the fit's hot loop (measured cheaper than Math.log).
      const r = isLog ? fastLog(pi) - target[i] : pi - target[i];
      const a = r < 0 ? -r : r;
      let rho: number, psi: number;
      if (huber) {
        if (a <= delta) { rho = 0.5 * r * r; psi = r; }
        else { rho = delta * (a - 0.5 * delta); psi = r > 0 ? delta : -delta; }
      } else if (l2) { rho = r * r; psi = 2 * r; }
      else { rho = a; psi = r > 0 ? 1 : r < 0 ? -1 : 0; }
      f += w * rho;
      if (hasGradient) {
        const s = (w * psi) / (isLog ? pi : 1);
        const o = i * k;
        for (let j = 0; j < k; j++) fullGrad[j] += s * jac[o + j];
      }
    }
    f *= scale;
    if (!hasGradient) return finiteDifference(z, g, f);
    for (let j = 0; j < dim; j++) g[j] = fullGrad[free[j]] * scale;
    return Number.isFinite(f) ? f : Infinity;
  };

  // Central differences for laws without an analytic gradient (custom laws always have one).
  const zz = new Float64Array(dim);
  const noGrad = new Float64Array(dim);
  let inFd = false;
  const finiteDifference = (z: Float64Array, g: Float64Array, f0: number): number => {
    if (inFd) return f0;
    inFd = true;
    for (let j = 0; j < dim; j++) {
      zz.set(z);
      const step = 1e-6 * Math.max(1, Math.abs(z[j]));
      zz[j] = z[j] + step;
      const fp = fg(zz, noGrad);
      zz[j] = z[j] - step;
      const fm = fg(zz, noGrad);
      g[j] = (fp - fm) / (2 * step);
    }
    inFd = false;
    load(z);
    return f0;
  };

  return {
    dim,
    fg,
    expand(z) {
      const out = Float64Array.from(fixed);
      for (let j = 0; j < dim; j++) out[free[j]] = z[j];
      return out;
    },
    residuals(p) {
      law.predict(p, data.x, pred);
      const r = new Float64Array(n);
      for (let i = 0; i < n; i++) r[i] = isLog ? fastLog(pred[i]) - target[i] : pred[i] - target[i]; // as in fg
      return r;
    },
  };
}
