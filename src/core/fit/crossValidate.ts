// Out-of-sample error of a fitted law: leave-one-out (or leave-one-run-out, or k-fold on large
// tables) refits warm-started at the full fit's optimum, each predicting the points it left out.
// In-sample RMSE flatters laws with more parameters; this is what Compare Laws ranks by beside AIC.
import { createLaw } from '../laws/registry';
import { fromReported } from '../laws/types';
import type { FitReport } from '../report/fitReport';
import { solve } from './engine';
import { prepare, type FitProblem } from './problem';

export interface CrossValidation {
  /** 'leave-one-out', 'leave-one-run-out' or '10-fold (every 10th point)'. */
  method: string;
  folds: number;
  /** Points predicted out of sample (every point once). */
  points: number;
  /** RMSE of the held-out residuals in the fit's residual space. */
  rmse: number;
  space: 'log' | 'linear';
  /** Mean of |predicted − observed| / observed over the held-out points. */
  meanRelErr: number;
  /** Folds whose refit did not converge (their points are still predicted, from where it stopped). */
  unconverged: number;
}

export interface CrossValidationOptions {
  /** Leave one point out up to this many points; k-fold above (default 400). */
  maxLeaveOneOut?: number;
  /** Folds above maxLeaveOneOut (default 10). */
  folds?: number;
  /** Run of every point: when runs hold several points each, whole runs are left out. */
  runs?: string[];
}

/** Fold of every point: one per point, one per run, or every k-th point. */
export function assignFolds(n: number, o: CrossValidationOptions = {}): { fold: Int32Array; folds: number; method: string } {
  const fold = new Int32Array(n);
  const runs = o.runs;
  const distinct = runs ? [...new Set(runs)] : [];
  if (runs && distinct.length >= 3 && distinct.length < n) {
    const id = new Map(distinct.map((r, k) => [r, k]));
    const k = Math.min(distinct.length, o.folds && distinct.length > (o.maxLeaveOneOut ?? 400) ? o.folds : distinct.length);
    for (let i = 0; i < n; i++) fold[i] = id.get(runs[i])! % k;
    return { fold, folds: k, method: k === distinct.length ? 'leave-one-run-out' : `${k}-fold by run` };
  }
  if (n <= (o.maxLeaveOneOut ?? 400)) {
    for (let i = 0; i < n; i++) fold[i] = i;
    return { fold, folds: n, method: 'leave-one-out' };
  }
  const k = o.folds ?? 10;
  for (let i = 0; i < n; i++) fold[i] = i % k;
  return { fold, folds: k, method: `${k}-fold (every ${k}th point)` };
}

/**
 * Cross-validate `report` (a fit of `problem`): each fold refitted from the full optimum with the
 * fold's points weighted 0, then its points predicted. Deterministic: no random folds or starts.
 */
export function crossValidate(problem: FitProblem, report: FitReport, o: CrossValidationOptions = {}): CrossValidation {
  const law = createLaw(problem.lawId, problem.lawOptions);
  const n = problem.y.length;
  const full0 = fromReported(law, report.params);
  const { fold, folds, method } = assignFolds(n, o);
  const log = problem.objective.space === 'log';
  const f = new Float64Array(n);
  let ss = 0, rel = 0, unconverged = 0;
  for (let k = 0; k < folds; k++) {
    const w = new Float64Array(n);
    let left = 0;
    for (let i = 0; i < n; i++) {
      w[i] = fold[i] === k ? 0 : 1;
      if (fold[i] === k) left++;
    }
    if (!left) continue;
    const prep = prepare(problem, w, law);
    const r = solve(prep, problem, Float64Array.from(prep.freeIndex, (j) => full0[j]), undefined, true);
    if (!r.success || !Number.isFinite(r.fun)) unconverged++;
    law.predict(prep.objective.expand(r.x), problem.x, f);
    for (let i = 0; i < n; i++) {
      if (fold[i] !== k) continue;
      const y = problem.y[i];
      const e = log ? Math.log(y) - Math.log(f[i]) : y - f[i];
      ss += e * e;
      rel += Math.abs(f[i] - y) / Math.abs(y);
    }
  }
  return { method, folds, points: n, rmse: Math.sqrt(ss / n), space: log ? 'log' : 'linear', meanRelErr: rel / n, unconverged };
}
