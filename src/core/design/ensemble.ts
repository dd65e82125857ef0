// The bootstrap ensemble as the design sees it: the best fit and the covariance of the draws in
// fit space (log A, log B, log E, exponents as they are), over the free parameters only. The
// covariance, not a Gauss–Newton one, because it already carries the robust objective's real
// efficiency and the flagged points' pull (docs/TRUST.md: Gauss–Newton understates it 2–4×).
import { InputError } from '../errors';
import { createLaw, type LawOptions } from '../laws/registry';
import { fromReported, type Inputs, type LawSpec } from '../laws/types';
import { bootstrapDraws } from '../report/intervals';
import type { FitReport } from '../report/fitReport';

/** Fewest usable draws for a covariance of five parameters worth designing with. */
export const MIN_DRAWS = 20;

export interface Ensemble {
  law: LawSpec;
  /** Best fit, fit space, every parameter. */
  theta: Float64Array;
  /** Indices (into law.params) of the parameters the data estimate. */
  free: number[];
  /** Names of the free parameters, in `free` order. */
  names: string[];
  /** Covariance of the draws over the free parameters, row-major f×f. */
  cov: Float64Array;
  draws: number;
  /** Residuals are ln y − ln f ('log') or y − f ('linear'). */
  space: 'log' | 'linear';
}

export function ensembleOf(report: FitReport): Ensemble {
  const law = createLaw(report.law, (report.lawOptions ?? {}) as LawOptions);
  const theta = fromReported(law, report.params);
  const fixed = report.provenance?.fixed ?? {};
  const draws = bootstrapDraws(report)
    .map((d) => fromReported(law, d))
    .filter((v) => v.every(Number.isFinite));
  if (draws.length < MIN_DRAWS) throw new InputError(`design needs a bootstrap of at least ${MIN_DRAWS} usable draws (got ${draws.length}); use --bootstrap 100 or more`);
  const candidates = law.params.map((_, j) => j).filter((j) => !Object.hasOwn(fixed, law.params[j].name));
  const mean = candidates.map((j) => draws.reduce((s, v) => s + v[j], 0) / draws.length);
  // A parameter that never moves across draws carries no uncertainty to reduce.
  const free = candidates.filter((j, a) => draws.some((v) => Math.abs(v[j] - mean[a]) > 1e-12 * (1 + Math.abs(mean[a]))));
  const m = free.map((j) => mean[candidates.indexOf(j)]);
  const f = free.length;
  const cov = new Float64Array(f * f);
  for (const v of draws) {
    for (let a = 0; a < f; a++) for (let b = 0; b < f; b++) cov[a * f + b] += (v[free[a]] - m[a]) * (v[free[b]] - m[b]);
  }
  for (let i = 0; i < cov.length; i++) cov[i] /= draws.length - 1;
  return { law, theta, free, names: free.map((j) => law.params[j].name), cov, draws: draws.length, space: report.objective?.space === 'linear' ? 'linear' : 'log' };
}

/** Central-difference step in fit space (parameters are O(1) there: logs and exponents). */
const step = (v: number) => 1e-5 * Math.max(1, Math.abs(v));

/**
 * Sensitivity of the fitted quantity (ln f, or f for linear-space fits) at each point to each free
 * parameter, row-major n×f. Finite differences work for every law, including custom formulas.
 */
export function sensitivities(ens: Ensemble, x: Inputs, n: number): Float64Array {
  const f = ens.free.length;
  const out = new Float64Array(n * f);
  const hi = new Float64Array(n), lo = new Float64Array(n);
  const p = Float64Array.from(ens.theta);
  const map = ens.space === 'log' ? Math.log : (v: number) => v;
  ens.free.forEach((j, a) => {
    const h = step(p[j]);
    const keep = p[j];
    p[j] = keep + h;
    ens.law.predict(p, x, hi);
    p[j] = keep - h;
    ens.law.predict(p, x, lo);
    p[j] = keep;
    for (let i = 0; i < n; i++) out[i * f + a] = (map(hi[i]) - map(lo[i])) / (2 * h);
  });
  return out;
}

/** Gradient of a scalar function of the fit-space parameters over the free ones. */
export function gradientOf(ens: Ensemble, g: (theta: Float64Array) => number): Float64Array {
  const p = Float64Array.from(ens.theta);
  return Float64Array.from(ens.free, (j) => {
    const h = step(p[j]);
    const keep = p[j];
    p[j] = keep + h;
    const a = g(p);
    p[j] = keep - h;
    const b = g(p);
    p[j] = keep;
    return (a - b) / (2 * h);
  });
}

/** vᵀ M v for a row-major f×f matrix. */
export function quadForm(M: Float64Array, v: Float64Array): number {
  const f = v.length;
  let s = 0;
  for (let a = 0; a < f; a++) for (let b = 0; b < f; b++) s += v[a] * M[a * f + b] * v[b];
  return s;
}

/**
 * The variance of one new observation that makes the ensemble agree with a linear model:
 * for least squares Σ = σ²(JᵀJ)⁻¹, so tr(Σ JᵀJ) = σ² p. Read off the bootstrap, it includes the
 * robust objective's lower efficiency (Huber at δ = 1e-3 behaves like L1 on 1 % noise), which the
 * raw residual scale does not.
 */
export function effectiveNoiseVariance(ens: Ensemble, J: Float64Array, n: number): number {
  const f = ens.free.length;
  let tr = 0;
  for (let i = 0; i < n; i++) {
    const row = J.subarray(i * f, (i + 1) * f);
    tr += quadForm(ens.cov, row);
  }
  return tr / f;
}
