// Variable projection (VPNLS) for separable laws: search only the nonlinear parameters (alpha,
// beta for Chinchilla) on the projected function of projection.ts. A coarse grid first (the
// projected surface has a few basins at most, and a 2D grid sees them all), then L-BFGS-B from
// the best grid minima. The caller (fit.ts) polishes the winner in full space exactly as it
// polishes the multi-start winner, so both procedures end the same way.
import { InputError } from '../errors';
import { bootstrapWeights } from '../numeric/bootstrap';
import { lbfgsb } from '../optimize/lbfgsb';
import type { BootstrapOutcome, StartOutcome } from './engine';
import { makeProjection, type Projection } from './projection';
import { fixedForReplicate, prepare, type FitProblem, type PreparedProblem } from './problem';

/** Grid points per nonlinear parameter, by how many there are (about 1600 projected solves; 1/3 of that when each needs IRLS). */
const GRID_SIZE = [1, 400, 40, 12, 6];
const GRID_SIZE_IRLS = [1, 200, 24, 8, 5];
/** L-BFGS-B runs from this many of the grid's best local minima. */
const OUTER_STARTS = 4;
/** IRLS steps per grid point (the refinement solves each point to convergence). */
const COARSE_INNER = 5;

export interface VpnlsRun {
  outcomes: StartOutcome[];
  /** Fit-space axes of the coarse grid, by parameter name. */
  grid: Record<string, number[]>;
  gridPoints: number;
}

export function projectionOf(prep: PreparedProblem, problem: FitProblem): Projection {
  const proj = makeProjection(prep, problem.objective);
  if (!proj) throw new InputError(`--procedure vpnls needs a law with parameters that enter linearly (chinchilla, overtraining, power); '${prep.law.id}' has none declared`);
  return proj;
}

export function runVpnls(problem: FitProblem, shouldStop?: () => boolean): VpnlsRun {
  const prep = prepare(problem);
  const proj = projectionOf(prep, problem);
  const names = proj.nonlinearFree.map((q) => prep.law.params[prep.freeIndex[q]].name);
  const axes = proj.gridAxes.map((g, d) => {
    const lo = Math.max(proj.lower[d], Math.min(...g)), hi = Math.min(proj.upper[d], Math.max(...g));
    const k = (proj.closedForm ? GRID_SIZE : GRID_SIZE_IRLS)[proj.dim] ?? 4;
    // Cell centres: never exactly on a bound (alpha = 0 makes N^-alpha collinear with E).
    return Array.from({ length: k }, (_, i) => lo + ((i + 0.5) * (hi - lo)) / k);
  });
  const total = axes.reduce((a, v) => a * v.length, 1);
  const values = new Float64Array(total);
  const theta = new Float64Array(proj.dim), g = new Float64Array(proj.dim);
  const at = (s: number) => {
    for (let d = proj.dim - 1; d >= 0; d--) { theta[d] = axes[d][s % axes[d].length]; s = Math.floor(s / axes[d].length); }
    return theta;
  };
  for (let s = 0; s < total; s++) {
    if (shouldStop?.()) break;
    proj.reset();
    const f = proj.fg(at(s), g, COARSE_INNER);
    values[s] = Number.isFinite(f) ? f : Infinity;
  }
  if (proj.dim === 0) {
    // Every nonlinear parameter fixed: the inner solve is the whole fit.
    const x = proj.freeVector(theta);
    return { outcomes: [{ index: 0, x, fun: values[0], status: 0, nit: 0, nfev: 1 }], grid: {}, gridPoints: 1 };
  }
  const starts = gridMinima(values, axes.map((a) => a.length)).slice(0, OUTER_STARTS);
  const t = problem.tolerances;
  const outcomes = starts.map((s, index): StartOutcome => {
    proj.reset();
    const r = lbfgsb((th, gr) => proj.fg(th, gr), Float64Array.from(at(s)), { lower: proj.lower, upper: proj.upper, m: t.m, ftol: t.refineFtol, gtol: t.refineGtol, maxIter: t.maxIter, maxFun: t.maxFun, shouldStop });
    proj.reset();
    return { index, x: proj.freeVector(r.x), fun: r.fun, status: r.status, nit: r.nit, nfev: r.nfev };
  });
  return { outcomes, grid: Object.fromEntries(names.map((nm, d) => [nm, axes[d]])), gridPoints: total };
}

/** Grid points no worse than their axis neighbours, best first (ties by index). */
function gridMinima(values: Float64Array, shape: number[]): number[] {
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, v) => a * v, 1));
  const out: number[] = [];
  for (let s = 0; s < values.length; s++) {
    if (!Number.isFinite(values[s])) continue;
    let min = true;
    shape.forEach((len, d) => {
      const i = Math.floor(s / strides[d]) % len;
      if (i > 0 && values[s - strides[d]] < values[s]) min = false;
      if (i < len - 1 && values[s + strides[d]] < values[s]) min = false;
    });
    if (min) out.push(s);
  }
  return out.sort((a, b) => values[a] - values[b] || a - b);
}

/**
 * Bootstrap replicates [from, to) as 2D refits warm-started at the best fit, same resamples as
 * engine.ts. Same optima as the full-space refits (test), but measured no faster (docs/VPNLS.md),
 * so runFit does not use it yet; it is here for a cheaper projected objective to switch on.
 */
export function runVpnlsBootstrapRange(problem: FitProblem, bestFree: Float64Array, from: number, to: number, shouldStop?: () => boolean): BootstrapOutcome[] {
  const n = problem.y.length;
  const out: BootstrapOutcome[] = [];
  const t = problem.tolerances;
  for (let b = from; b < to; b++) {
    if (shouldStop?.()) break;
    const replicate = problem.fixedDraws ? { ...problem, fixed: fixedForReplicate(problem, b) } : problem;
    const prep = prepare(replicate, bootstrapWeights(n, problem.seed, b));
    const proj = projectionOf(prep, problem);
    const theta0 = Float64Array.from(proj.nonlinearFree, (q) => bestFree[q]);
    const r = lbfgsb((th, gr) => proj.fg(th, gr), theta0, { lower: proj.lower, upper: proj.upper, m: t.m, ftol: t.refineFtol, gtol: t.refineGtol, maxIter: t.maxIter, maxFun: t.maxFun, shouldStop });
    proj.reset();
    out.push({ index: b, x: prep.objective.expand(proj.freeVector(r.x)), fun: r.fun, status: r.status });
  }
  return out;
}
