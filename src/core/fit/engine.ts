// Multi-start fitting and the row bootstrap, as pure functions over index ranges so a caller can
// split the work across threads and merge the pieces; results depend only on (problem, seed).
import { lbfgsb, type OptimizeResult } from '../optimize/lbfgsb';
import { bootstrapWeights } from '../numeric/bootstrap';
import { createLaw } from '../laws/registry';
import { fixedForReplicate, prepare, startCount, startPointGenerator, type FitProblem, type PreparedProblem } from './problem';

export interface StartOutcome {
  index: number;
  x: Float64Array; // free fit-space parameters
  fun: number;
  status: number;
  nit: number;
  nfev: number;
}

export interface StartsSummary {
  best: StartOutcome;
  total: number;
  converged: number;
  /** Converged starts whose objective is within 1e-6 (relative) of the best. */
  atBest: StartOutcome[];
  nfev: number;
}

export function solve(prep: PreparedProblem, problem: FitProblem, x0: Float64Array, shouldStop?: () => boolean, refine = false): OptimizeResult {
  const t = problem.tolerances;
  return lbfgsb(prep.objective.fg, x0, {
    lower: prep.lower,
    upper: prep.upper,
    m: t.m,
    ftol: refine ? t.refineFtol : t.ftol,
    gtol: refine ? t.refineGtol : t.gtol,
    maxIter: t.maxIter,
    maxFun: t.maxFun,
    shouldStop,
  });
}

/** Run starts [from, to) of the problem's start list. */
export function runStartRange(problem: FitProblem, from: number, to: number, shouldStop?: () => boolean, onProgress?: (done: number) => void): StartOutcome[] {
  const prep = prepare(problem);
  const start = startPointGenerator(problem, prep);
  const out: StartOutcome[] = [];
  for (let s = from; s < Math.min(to, startCount(problem, prep)); s++) {
    if (shouldStop?.()) break;
    const r = solve(prep, problem, start(s), shouldStop);
    out.push({ index: s, x: r.x, fun: r.fun, status: r.status, nit: r.nit, nfev: r.nfev });
    if (onProgress && (s - from) % 64 === 63) onProgress(s - from + 1);
  }
  return out;
}

export function countStarts(problem: FitProblem): number {
  return startCount(problem, prepare(problem));
}

/** Pick the best converged start (ties broken by start index, so the choice is deterministic). */
export function summarizeStarts(outcomes: StartOutcome[]): StartsSummary {
  if (outcomes.length === 0) throw new Error('no start was run');
  const sorted = [...outcomes].sort((a, b) => a.index - b.index);
  const finite = sorted.filter((o) => Number.isFinite(o.fun));
  if (finite.length === 0) throw new Error('every start failed: the objective is not finite anywhere the optimizer went (check that the data has positive losses and the law can reach them)');
  const converged = finite.filter((o) => o.status === 0);
  const pool = converged.length ? converged : finite;
  let best = pool[0];
  for (const o of pool) if (o.fun < best.fun) best = o;
  const tol = 1e-6 * Math.max(1e-300, Math.abs(best.fun)) + 1e-14;
  return {
    best,
    total: outcomes.length,
    converged: converged.length,
    atBest: converged.filter((o) => o.fun - best.fun <= tol),
    nfev: outcomes.reduce((a, o) => a + o.nfev, 0),
  };
}


export interface BootstrapOutcome {
  index: number;
  x: Float64Array; // full fit-space vector
  fun: number;
  status: number;
}

/** Bootstrap replicates [from, to): refit on resampled rows (and drawn fixed values), warm-started at the best fit. */
export function runBootstrapRange(problem: FitProblem, bestFree: Float64Array, from: number, to: number, shouldStop?: () => boolean): BootstrapOutcome[] {
  const n = problem.y.length;
  const law = createLaw(problem.lawId, problem.lawOptions);
  const out: BootstrapOutcome[] = [];
  for (let b = from; b < to; b++) {
    if (shouldStop?.()) break;
    const replicate = problem.fixedDraws ? { ...problem, fixed: fixedForReplicate(problem, b) } : problem;
    const prep = prepare(replicate, bootstrapWeights(n, problem.seed, b), law);
    const r = solve(prep, problem, Float64Array.from(bestFree), shouldStop, true);
    out.push({ index: b, x: prep.objective.expand(r.x), fun: r.fun, status: r.status });
  }
  return out;
}
