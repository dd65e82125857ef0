// Joint fit of a curve law over several training curves: Huber(delta) on log loss,
// sum_i huber(ln y_i - ln pred_i) summed over all points of all curves (the multi-power-law
// authors' objective, delta = 1e-3), minimised with L-BFGS-B (analytic gradient) from several
// starts; the best end point wins. Laws with joint = false (power in steps) are fitted per curve.
import { InputError } from '../errors';
import { lbfgsb } from '../optimize/lbfgsb';
import type { CurveData, CurveLaw } from './curveLaws';
import { curveMetrics, type CurveMetrics } from './metrics';

export const CURVE_DEFAULT_DELTA = 1e-3;

export interface CurveFitOptions {
  delta?: number;
  /** Natural-scale start points; default: the law's seeds (refined by a surrogate for multipower). */
  starts?: Float64Array[];
  /** Parameters held at given values (natural scale). */
  fixed?: Record<string, number>;
  maxIter?: number;
  /** Iterations per start before only the best start is continued (default 60). */
  screenIter?: number;
  gtol?: number;
  ftol?: number;
  shouldStop?: () => boolean;
  /**
   * With several starts and more points than this (default SCREEN_SUBSAMPLE_POINTS), the starts
   * are screened and the best run to convergence on every k-th point, then refined on all points
   * (false: never). Each evaluation costs about the same per point, so a 10 000-point fit spends
   * most of its evaluations 10x cheaper; the refine ends at the full data's optimum.
   */
  screenSubsample?: number | false;
}

/** Points above which multi-start fits screen on a thinned copy (about half this many points). */
export const SCREEN_SUBSAMPLE_POINTS = 2000;
const SCREEN_MIN_POINTS = 500;

export interface CurveFitSingle {
  params: Record<string, number>;
  vector: Float64Array;
  objective: number;
  /** Iterations and evaluations summed over all starts. */
  nit: number;
  nfev: number;
  status: number;
  success: boolean;
  message: string;
  startsTried: number;
  startsConverged: number;
  /** When the starts were screened on a thinned copy: every `stride`-th point, its iterations and evaluations (included in nit, nfev). */
  subsample?: { stride: number; points: number; nit: number; nfev: number };
}

export interface CurveFitResult {
  law: CurveLaw['id'];
  formula: string;
  paramNames: string[];
  objective: { kind: 'huber'; delta: number; space: 'log'; reduction: 'sum' };
  /** Joint laws: one entry; per-curve laws: one per curve (same order as curves). */
  fits: CurveFitSingle[];
  curves: { name: string; schedule?: string; n: number; metrics: CurveMetrics }[];
  seconds: number;
}

export interface CurveObjective {
  nFree: number;
  free: number[];
  /** fit-space theta -> natural full vector */
  toNatural(theta: ArrayLike<number>, out: Float64Array): Float64Array;
  toFit(natural: ArrayLike<number>): Float64Array;
  fg(theta: Float64Array, g: Float64Array): number;
  lower: Float64Array;
  upper: Float64Array;
}

/** The summed Huber-on-log-loss objective over prepared curves, in fit space (free params only). */
export function makeCurveObjective(law: CurveLaw, curves: CurveData[], delta = CURVE_DEFAULT_DELTA, fixed: Record<string, number> = {}): CurveObjective {
  const k = law.paramNames.length;
  for (const name of Object.keys(fixed)) if (!law.paramNames.includes(name)) throw new Error(`cannot fix '${name}': law '${law.id}' has ${law.paramNames.join(', ')}`);
  const free = law.paramNames.map((_, j) => j).filter((j) => !(law.paramNames[j] in fixed));
  const prepared = curves.map((c) => law.prepare(c.eta, c.steps));
  const preds = curves.map((c) => new Float64Array(c.steps.length));
  const jacs = curves.map((c) => new Float64Array(c.steps.length * k));
  const logY = curves.map((c) => Float64Array.from(c.loss, (y) => Math.log(y)));
  const full = new Float64Array(k);
  const gNat = new Float64Array(k);
  for (let j = 0; j < k; j++) if (law.paramNames[j] in fixed) full[j] = fixed[law.paramNames[j]];
  // Optional coupling (multipower: fit ln(B*beta) instead of ln B, which removes the B -> inf,
  // beta -> 0 ridge along which G/beta tends to ln(1 + C x)); only when both are free.
  const cp = law.coupled && free.includes(law.coupled.param) && free.includes(law.coupled.by) && law.transforms[law.coupled.param] === 'log' && law.transforms[law.coupled.by] === 'identity' ? law.coupled : undefined;
  const toNatural = (theta: ArrayLike<number>, out: Float64Array) => {
    for (let f = 0; f < free.length; f++) {
      const j = free[f];
      out[j] = law.transforms[j] === 'log' ? Math.exp(theta[f]) : theta[f];
    }
    if (cp) out[cp.param] /= out[cp.by];
    return out;
  };
  const toFit = (nat: ArrayLike<number>) =>
    Float64Array.from(free, (j) => (cp && j === cp.param ? Math.log(nat[j] * nat[cp.by]) : law.transforms[j] === 'log' ? Math.log(nat[j]) : nat[j]));
  const bound = (j: number, which: 'lower' | 'upper') =>
    cp && j === cp.param ? Math.log(law[which][j] * law[which][cp.by]) : law.transforms[j] === 'log' ? Math.log(law[which][j]) : law[which][j];
  const lower = Float64Array.from(free, (j) => bound(j, 'lower'));
  const upper = Float64Array.from(free, (j) => bound(j, 'upper'));
  const fg = (theta: Float64Array, g: Float64Array) => {
    toNatural(theta, full);
    gNat.fill(0);
    let f = 0;
    for (let c = 0; c < curves.length; c++) {
      const pred = preds[c], jac = jacs[c], ly = logY[c];
      law.evaluate(full, prepared[c], pred, jac);
      for (let i = 0; i < pred.length; i++) {
        const p = pred[i] > 1e-10 ? pred[i] : 1e-10;
        const r = ly[i] - Math.log(p);
        const a = Math.abs(r);
        f += a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
        if (pred[i] <= 1e-10) continue;
        const psi = (a <= delta ? r : r > 0 ? delta : -delta) / p;
        for (let j = 0, o = i * k; j < k; j++) gNat[j] -= psi * jac[o + j];
      }
    }
    if (cp) gNat[cp.by] -= (gNat[cp.param] * full[cp.param]) / full[cp.by];
    for (let f2 = 0; f2 < free.length; f2++) {
      const j = free[f2];
      g[f2] = law.transforms[j] === 'log' ? gNat[j] * full[j] : gNat[j];
    }
    return f;
  };
  return { nFree: free.length, free, toNatural, toFit, fg, lower, upper };
}

/** Every `stride`-th point of a curve and always its last (the end of the curve pins L0 and the decay). */
function thinCurve(c: CurveData, stride: number): CurveData {
  const keep: number[] = [];
  for (let i = 0; i < c.steps.length; i += stride) keep.push(i);
  if (keep[keep.length - 1] !== c.steps.length - 1) keep.push(c.steps.length - 1);
  return { ...c, steps: Float64Array.from(keep, (i) => c.steps[i]), loss: Float64Array.from(keep, (i) => c.loss[i]) };
}

function clampInto(x: Float64Array, lo: Float64Array, hi: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) x[i] = Math.min(hi[i], Math.max(lo[i], x[i]));
  return x;
}

/**
 * Minimise from each start; returns the best end point. With several starts, each is first run
 * for `screenIter` iterations (default 60) and only the best is then run to convergence.
 */
export function fitFromStarts(law: CurveLaw, curves: CurveData[], starts: Float64Array[], options: CurveFitOptions = {}): CurveFitSingle {
  const limit = options.screenSubsample ?? SCREEN_SUBSAMPLE_POINTS;
  const total = curves.reduce((a, c) => a + c.steps.length, 0);
  // At least SCREEN_MIN_POINTS screened: on a few hundred noisy points the screen's best start can
  // lead the refine to a worse optimum (seen at 130 points: 0.5 % higher objective).
  const stride = limit === false ? 1 : Math.floor(total / Math.max(limit / 2, SCREEN_MIN_POINTS));
  if (starts.length > 1 && limit !== false && total > limit && stride >= 2) {
    const thin = curves.map((c) => thinCurve(c, stride));
    const coarse = fitFromStarts(law, thin, starts, { ...options, screenSubsample: false });
    if (options.shouldStop?.()) return coarse;
    const fine = fitFromStarts(law, curves, [coarse.vector], options);
    const points = thin.reduce((a, c) => a + c.steps.length, 0);
    return { ...fine, nit: coarse.nit + fine.nit, nfev: coarse.nfev + fine.nfev, startsTried: starts.length, startsConverged: coarse.startsConverged, subsample: { stride, points, nit: coarse.nit, nfev: coarse.nfev } };
  }
  const obj = makeCurveObjective(law, curves, options.delta ?? CURVE_DEFAULT_DELTA, options.fixed ?? {});
  const maxIter = options.maxIter ?? 2000;
  const screenIter = starts.length > 1 ? options.screenIter ?? 60 : Infinity;
  const run = (x0: Float64Array, iters: number) =>
    lbfgsb(obj.fg, x0, {
      lower: obj.lower,
      upper: obj.upper,
      maxIter: iters,
      maxFun: iters * 2,
      gtol: options.gtol ?? 1e-12,
      ftol: options.ftol ?? 1e-13,
      shouldStop: options.shouldStop,
    });
  let best: ReturnType<typeof lbfgsb> | undefined;
  let converged = 0, nit = 0, nfev = 0;
  for (const s0 of starts) {
    if (options.shouldStop?.()) break;
    const r = run(clampInto(obj.toFit(s0), obj.lower, obj.upper), Math.min(maxIter, screenIter));
    nit += r.nit;
    nfev += r.nfev;
    if (r.success) converged++;
    if (Number.isFinite(r.fun) && (!best || r.fun < best.fun)) best = r;
  }
  if (best && !best.success && best.status === 1 && !options.shouldStop?.()) {
    const r = run(Float64Array.from(best.x), maxIter);
    nit += r.nit;
    nfev += r.nfev;
    if (r.success) converged++;
    if (Number.isFinite(r.fun) && r.fun <= best.fun) best = r;
  }
  if (!best) throw new Error(`curve fit (${law.id}): no start gave a finite objective`);
  const full = new Float64Array(law.paramNames.length);
  for (const [j, name] of law.paramNames.entries()) if (options.fixed && name in options.fixed) full[j] = options.fixed[name];
  const vec = Float64Array.from(obj.toNatural(best.x, full));
  const params: Record<string, number> = Object.create(null); // null prototype: keys are user-typed names
  law.paramNames.forEach((n, j) => (params[n] = vec[j]));
  return { params, vector: vec, objective: best.fun, nit, nfev, status: best.status, success: best.success, message: best.message, startsTried: starts.length, startsConverged: converged };
}

/**
 * Starts for the multi-power law, as the authors initialise it (src/fitting.py there): first fit
 * the cheap surrogate L0 + A S1^-alpha - B (eta_max - eta_t) (Huber on log loss), then add
 * (C, beta, gamma) seeds.
 */
export function multipowerStarts(curves: CurveData[], delta = CURVE_DEFAULT_DELTA): Float64Array[] {
  const xs: { lnS1: Float64Array; drop: Float64Array; ly: Float64Array }[] = curves.map((c) => {
    let acc = 0, peak = 0;
    const P = new Float64Array(c.eta.length);
    for (let i = 0; i < c.eta.length; i++) {
      acc += c.eta[i];
      P[i] = acc;
      if (c.eta[i] > peak) peak = c.eta[i];
    }
    return {
      lnS1: Float64Array.from(c.steps, (s) => Math.log(P[s])), // once, not per evaluation
      drop: Float64Array.from(c.steps, (s) => peak - c.eta[s]),
      ly: Float64Array.from(c.loss, Math.log),
    };
  });
  let m = Infinity;
  for (const c of curves) for (const y of c.loss) m = Math.min(m, y);
  // theta = (L0, ln A, alpha, ln B)
  const fg = (t: Float64Array, g: Float64Array) => {
    const L0 = t[0], A = Math.exp(t[1]), alpha = t[2], B = Math.exp(t[3]);
    let f = 0;
    g.fill(0);
    for (const x of xs) {
      for (let i = 0; i < x.lnS1.length; i++) {
        const pw = Math.exp(-alpha * x.lnS1[i]); // S1^-alpha; Math.pow is ~8x slower
        const p = L0 + A * pw - B * x.drop[i];
        if (!(p > 1e-10)) {
          f += 1e3;
          continue;
        }
        const r = x.ly[i] - Math.log(p);
        const a = Math.abs(r);
        f += a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
        const psi = (a <= delta ? r : r > 0 ? delta : -delta) / p;
        g[0] -= psi;
        g[1] -= psi * A * pw;
        g[2] -= psi * -A * x.lnS1[i] * pw;
        g[3] -= psi * -B * x.drop[i];
      }
    }
    return f;
  };
  const lower = Float64Array.of(0, Math.log(1e-8), 1e-3, Math.log(1e-6));
  const upper = Float64Array.of(m, Math.log(1e6), 5, Math.log(1e9));
  let best: { x: Float64Array; f: number } | undefined;
  for (const dL of [0.1, 0.3, 0.6]) {
    for (const alpha of [0.3, 0.6]) {
      for (const B of [100, 1000]) {
        const r = lbfgsb(fg, Float64Array.of(Math.max(0, m - dL), Math.log(0.5), alpha, Math.log(B)), { lower, upper, gtol: 1e-12, ftol: 1e-13, maxIter: 1000 });
        if (Number.isFinite(r.fun) && (!best || r.fun < best.f)) best = { x: r.x, f: r.fun };
      }
    }
  }
  const base = best ? [best.x[0], Math.exp(best.x[1]), best.x[2], Math.exp(best.x[3])] : [m - 0.3, 0.5, 0.5, 300];
  return [
    [1, 0.5, 0.5],
    [2, 0.6, 0.6],
    [0.5, 0.4, 0.8],
  ].map(([C, beta, gamma]) => Float64Array.of(base[0], base[1], base[2], base[3], C, beta, gamma));
}

/** A fit needs more points than free parameters (one more, so the residuals say something). */
function refuseUnderdetermined(law: CurveLaw, group: CurveData[], fixed: Record<string, number> = {}): void {
  const free = law.paramNames.filter((n) => !Object.prototype.hasOwnProperty.call(fixed, n)).length;
  const points = group.reduce((a, c) => a + c.steps.length, 0);
  if (points <= free) {
    const which = law.joint ? `${group.length} curve${group.length > 1 ? 's' : ''}` : `curve '${group[0]?.name ?? '?'}'`;
    throw new InputError(`curve fit (${law.id}): ${which}, ${points} point${points === 1 ? '' : 's'} in all, for ${free} free parameters (need at least ${free + 1} points); add points or fix parameters with --fix NAME=VALUE`);
  }
}

/** Fit a curve law to curves (jointly, or per curve for per-curve laws) and score the fit. */
export function fitCurves(law: CurveLaw, curves: CurveData[], options: CurveFitOptions = {}): CurveFitResult {
  if (curves.length === 0) throw new Error('curve fit needs at least one curve');
  const t0 = Date.now();
  const delta = options.delta ?? CURVE_DEFAULT_DELTA;
  const fits: CurveFitSingle[] = [];
  const groups = law.joint ? [curves] : curves.map((c) => [c]);
  for (const group of groups) {
    refuseUnderdetermined(law, group, options.fixed);
    const starts = options.starts ?? (law.id === 'multipower' ? multipowerStarts(group, delta) : law.starts(group));
    fits.push(fitFromStarts(law, group, starts, options));
  }
  const scored = curves.map((c, i) => {
    const fit = law.joint ? fits[0] : fits[i];
    const pred = predictCurve(law, fit.vector, c.eta, c.steps);
    return { name: c.name, schedule: c.schedule, n: c.steps.length, metrics: curveMetrics(c.loss, pred) };
  });
  return {
    law: law.id,
    formula: law.formula,
    paramNames: [...law.paramNames],
    objective: { kind: 'huber', delta, space: 'log', reduction: 'sum' },
    fits,
    curves: scored,
    seconds: (Date.now() - t0) / 1000,
  };
}

/** Predicted loss at `steps` of schedule `eta` for natural-scale parameters. */
export function predictCurve(law: CurveLaw, params: ArrayLike<number>, eta: Float64Array, steps: ArrayLike<number>): Float64Array {
  const prepared = law.prepare(eta, steps);
  const out = new Float64Array(steps.length);
  law.evaluate(params, prepared, out);
  return out;
}
