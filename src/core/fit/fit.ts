// Orchestrates one fit: multi-start, bootstrap, diagnostics, model comparison → FitReport.
// Work is handed to an executor so the CLI and the worker can spread it over threads.
import { CancelledError, InputError } from '../errors';
import { createLaw } from '../laws/registry';
import { toReported, type LawSpec } from '../laws/types';
import type { BootstrapSummary, FitReport, HoldoutComparison, Provenance } from '../report/fitReport';
import { lbfgsb } from '../optimize/lbfgsb';
import { countStarts, solve, runBootstrapRange, runStartRange, summarizeStarts, type BootstrapOutcome, type StartOutcome, type StartsSummary } from './engine';
import { prepare, startPoints, type FitProblem } from './problem';
import { percentile, stdDev } from '../numeric/stats';
import { diagnoseFit, type DiagnosticsRunOptions } from './diagnostics';
import { conditioningOf } from './conditioning';
import { runVpnls, type VpnlsRun } from './vpnls';

export interface FitProgress {
  phase: 'starts' | 'bootstrap';
  done: number;
  total: number;
}

export interface FitExecutor {
  starts(problem: FitProblem, total: number, progress: (done: number) => void): Promise<StartOutcome[]>;
  bootstrap(problem: FitProblem, bestFree: Float64Array, k: number, progress: (done: number) => void): Promise<BootstrapOutcome[]>;
  /** Release threads or other resources; runFit calls it when the fit ends, however it ends. */
  dispose?(): void;
}

/** Runs everything on the calling thread, in chunks, yielding between them. */
export function inProcessExecutor(shouldStop?: () => boolean): FitExecutor {
  const chunk = 256;
  return {
    async starts(problem, total, progress) {
      const out: StartOutcome[] = [];
      for (let s = 0; s < total; s += chunk) {
        if (shouldStop?.()) throw new CancelledError();
        out.push(...runStartRange(problem, s, s + chunk, shouldStop));
        progress(Math.min(total, s + chunk));
        await Promise.resolve();
      }
      return out;
    },
    async bootstrap(problem, bestFree, k, progress) {
      const out: BootstrapOutcome[] = [];
      for (let b = 0; b < k; b += chunk) {
        if (shouldStop?.()) throw new CancelledError();
        out.push(...runBootstrapRange(problem, bestFree, b, Math.min(k, b + chunk), shouldStop));
        progress(Math.min(k, b + chunk));
        await Promise.resolve();
      }
      return out;
    },
  };
}

export { CancelledError };

export interface FitRunOptions extends DiagnosticsRunOptions {
  bootstrap: number;
  executor?: FitExecutor;
  onProgress?: (p: FitProgress) => void;
  /** Provenance parts only the caller knows (input file hash, mapping, filters...). */
  provenance: Pick<Provenance, 'tool' | 'version' | 'mapping' | 'derived'> & Partial<Provenance>;
  /** Run names per row, carried into the report for plots. */
  runs?: string[];
  /** Input role used for the held-out comparison (largest values held out). Default: N, else C, else first input. */
  holdoutBy?: string;
  /** 'optimize' (multi-start, the default) or 'vpnls' (variable projection, separable laws only). */
  procedure?: 'optimize' | 'vpnls';
  /** The point fit, before the bootstrap and the diagnostics (a panel draws it at once). */
  onPointFit?: (report: FitReport) => void;
}

export async function runFit(problem: FitProblem, options: FitRunOptions): Promise<FitReport> {
  const executor = options.executor ?? inProcessExecutor();
  try {
    return await fitWith(executor, problem, options);
  } finally {
    executor.dispose?.();
  }
}

async function fitWith(executor: FitExecutor, problem: FitProblem, options: FitRunOptions): Promise<FitReport> {
  const law = createLaw(problem.lawId, problem.lawOptions);
  const prep = prepare(problem, undefined, law);
  const n = problem.y.length;
  const warnings: string[] = [];
  const minPoints = law.minPoints ?? law.params.length + 1;
  const freeCount = prep.freeIndex.length;
  if (freeCount === 0) throw new Error('every parameter is fixed: nothing to fit');
  if (n < Math.min(minPoints, freeCount + 1)) {
    throw new InputError(`${n} data points cannot identify law '${law.id}' with ${freeCount} free parameters (need at least ${freeCount + 1})`);
  }
  if (n < minPoints) warnings.push(`only ${n} points for ${law.params.length} parameters (law '${law.id}' wants at least ${minPoints}); intervals will be wide`);

  const vp: VpnlsRun | undefined = options.procedure === 'vpnls' ? runVpnls(problem) : undefined;
  const total = vp ? vp.outcomes.length : countStarts(problem);
  const outcomes = vp ? vp.outcomes : await executor.starts(problem, total, (done) => options.onProgress?.({ phase: 'starts', done, total }));
  const summary = summarizeStarts(outcomes);
  // VPNLS: the lowest projected objective wins even if its L-BFGS-B stopped abnormally (it then
  // stopped at rounding level); the multi-start keeps preferring converged starts.
  const lowest = vp ? outcomes.filter((o) => Number.isFinite(o.fun)).reduce((a, o) => (o.fun < a.fun ? o : a), summary.best) : summary.best;
  if (lowest.fun < summary.best.fun) summary.best = lowest;
  const projectedFun = summary.best.fun;
  // Polish the winning start with tight tolerances (see Tolerances.refineFtol).
  const polished = solve(prep, problem, Float64Array.from(summary.best.x), undefined, true);
  if (Number.isFinite(polished.fun) && polished.fun <= summary.best.fun) {
    summary.best = { ...summary.best, x: polished.x, fun: polished.fun, status: polished.status === 0 ? 0 : summary.best.status, nit: summary.best.nit + polished.nit, nfev: summary.best.nfev + polished.nfev };
  }
  const bestFull = prep.objective.expand(summary.best.x);
  const params = toReported(law, bestFull);
  diagnose(law, prep.freeIndex, summary, bestFull, warnings, Boolean(vp));
  if (vp && problem.objective.kind === 'l1') warnings.push('--procedure vpnls with an L1 objective stopped 0.7-2.4 % above the multi-start optimum on the reference sets (the projected L1 objective has kinks); prefer --procedure optimize for L1');

  const predicted = new Float64Array(n);
  law.predict(bestFull, problem.x, predicted);
  const comparison = compareModel(law, problem, bestFull, predicted, summary.best.x, options.holdoutBy);
  if (comparison.holdout === undefined) warnings.push('no held-out check: too few distinct sizes to hold the largest out');

  const grid = problem.starts.kind === 'grid' ? law.grids?.[problem.starts.name] : problem.starts.kind === 'default' ? Object.fromEntries(law.params.map((p) => [p.name, p.grid])) : undefined;
  const provenance: Provenance = {
    ...options.provenance,
    fixed: problem.fixed,
    objective: problem.objective,
    bounds: Object.fromEntries(law.params.map((p) => [p.name, [p.lower, p.upper] as [number, number]])),
    transforms: Object.fromEntries(law.params.map((p) => [p.name, p.transform === 'log' ? `fitted as ${p.fitName ?? 'log ' + p.name} = log(${p.name})` : 'identity'])),
    starts: vp ? { kind: 'vpnls-grid', count: vp.gridPoints, grid: vp.grid } : { kind: problem.starts.kind === 'grid' ? problem.starts.name : problem.starts.kind, count: total, grid },
    optimizer: { name: 'L-BFGS-B', ...problem.tolerances },
    bootstrap: options.bootstrap > 0 ? { k: options.bootstrap, seed: problem.seed, method: 'row resampling with replacement, warm start at the best fit, percentile intervals'  + (problem.fixedDraws ? `; fixed ${Object.keys(problem.fixedDraws).join(', ')} drawn from their source fits' bootstraps` : '') } : undefined,
    seed: problem.seed,
    ...(vp ? { vpnls: { method: `variable projection: ${vp.gridPoints}-point grid over ${Object.keys(vp.grid).join(', ')}, L-BFGS-B on the projected objective from the ${vp.outcomes.length} best grid minima, linear parameters by bounded least squares (IRLS for robust or log-space objectives), then one full-space L-BFGS-B polish`, gridPoints: vp.gridPoints, projectedObjective: projectedFun, polishGain: (projectedFun - summary.best.fun) / Math.abs(projectedFun) } } : {}),
  };

  const report: FitReport = {
    law: law.id,
    lawOptions: problem.lawOptions as Record<string, unknown>,
    formula: law.formula,
    inputs: law.inputs,
    params,
    objective: { ...problem.objective, value: summary.best.fun },
    n,
    starts: { total: summary.total, converged: summary.converged, atBest: summary.atBest.length },
    optimizer: { status: summary.best.status, message: statusMessage(summary.best.status), nit: summary.best.nit, nfev: summary.best.nfev, nfevTotal: summary.nfev + (vp?.gridPoints ?? 0) },
    bootstrap: undefined,
    warnings,
    comparison,
    data: {
      inputs: Object.fromEntries(law.inputs.map((k) => [k, Array.from(problem.x[k])])),
      loss: Array.from(problem.y),
      run: options.runs,
      predicted: Array.from(predicted),
    },
    provenance,
  };
  // The point fit is final from here on: a face can draw it while the intervals are computed.
  options.onPointFit?.(structuredClone(report));
  if (options.bootstrap > 0) {
    const progress = (done: number) => options.onProgress?.({ phase: 'bootstrap', done, total: options.bootstrap });
    // VPNLS fits bootstrap like the multi-start, warm-started at their optimum: 2D refits
    // (runVpnlsBootstrapRange) measured no faster on one thread than these on the executor's.
    const reps = await executor.bootstrap(problem, summary.best.x, options.bootstrap, progress);
    const bootstrap = summarizeBootstrap(law, reps, problem.seed, options.bootstrap);
    report.bootstrap = bootstrap;
    if (bootstrap.converged < 0.9 * options.bootstrap) {
      warnings.push(`${options.bootstrap - bootstrap.converged} of ${options.bootstrap} bootstrap refits did not converge; intervals include their last iterates`);
    }
  }

  report.conditioning = conditioningOf(prep, problem.objective, bestFull);
  report.diagnostics = diagnoseFit(report, problem, summary.best.x, options);
  return report;
}

function statusMessage(status: number): string {
  return ['converged', 'iteration or evaluation limit reached', 'abnormal termination in line search', 'cancelled'][status] ?? `status ${status}`;
}

function diagnose(law: LawSpec, freeIndex: number[], summary: StartsSummary, best: Float64Array, warnings: string[], projected = false): void {
  if (summary.best.status !== 0) warnings.push(`the best start did not converge (${statusMessage(summary.best.status)})`);
  // VPNLS starts from distinct grid basins: that they end apart is expected, not a warning.
  if (projected) summary = { ...summary, total: 1, atBest: [summary.best], converged: summary.converged === 0 ? 0 : 1 };
  if (summary.total > 1 && summary.atBest.length <= 1) warnings.push(`only ${summary.atBest.length} of ${summary.total} starts reached the best objective: the optimum may not be global; rerun with more starts (--starts chinchilla or a larger count)`);
  if (summary.converged < summary.total) warnings.push(`${summary.total - summary.converged} of ${summary.total} starts did not converge`);
  for (const j of freeIndex) {
    const p = law.params[j];
    const span = Math.max(1, Math.abs(best[j]));
    if (Number.isFinite(p.lower) && best[j] - p.lower <= 1e-6 * span) warnings.push(`parameter ${p.name} is at its lower bound (${p.lower} in fit space)`);
    if (Number.isFinite(p.upper) && p.upper - best[j] <= 1e-6 * span) warnings.push(`parameter ${p.name} is at its upper bound (${p.upper} in fit space)`);
  }
  // Starts that reach the best objective but disagree on parameters reveal flat directions.
  let worst = 0, worstName = '';
  for (const o of summary.atBest) {
    o.x.forEach((v, d) => {
      const ref = summary.best.x[d];
      const rel = Math.abs(v - ref) / Math.max(1e-8, Math.abs(ref));
      if (rel > worst) { worst = rel; worstName = law.params[freeIndex[d]].name; }
    });
  }
  if (worst > 1e-2) warnings.push(`starts reach the best objective with different parameters (${worstName} differs by ${(worst * 100).toFixed(1)} %): the objective is flat in some direction; fix a parameter or add data`);
}

function summarizeBootstrap(law: LawSpec, reps: BootstrapOutcome[], seed: number, k: number): BootstrapSummary {
  const names = law.params.map((p) => p.name);
  const samples = reps.map((r) => { const rep = toReported(law, r.x); return names.map((nm) => rep[nm]); });
  const se: Record<string, number> = Object.create(null); // null prototype: keys are user-typed names
  const ci95: Record<string, [number, number]> = Object.create(null); // null prototype: keys are user-typed names
  names.forEach((nm, j) => {
    const col = Float64Array.from(samples, (s) => s[j]);
    se[nm] = stdDev(col);
    ci95[nm] = [percentile(col, 2.5), percentile(col, 97.5)];
  });
  return { k, seed, converged: reps.filter((r) => r.status === 0).length, se, ci95, samples };
}

function compareModel(law: LawSpec, problem: FitProblem, best: Float64Array, predicted: Float64Array, bestFree: Float64Array, holdoutBy?: string): FitReport['comparison'] {
  const n = problem.y.length;
  const prep = prepare(problem, undefined, law);
  const r = prep.objective.residuals(best);
  let sse = 0;
  for (let i = 0; i < n; i++) sse += r[i] * r[i];
  const k = prep.freeIndex.length;
  const ll = n * Math.log(Math.max(sse / n, 1e-300));
  const out: FitReport['comparison'] = { aic: ll + 2 * k, bic: ll + k * Math.log(n), rmse: Math.sqrt(sse / n) };
  const by = holdoutBy ?? (law.inputs.includes('N') ? 'N' : law.inputs.includes('C') ? 'C' : law.inputs[0]);
  out.holdout = holdout(problem, law, bestFree, by);
  void predicted;
  return out;
}

/** Refit without the rows at the largest value of `by`, then score the held-out rows. */
function holdout(problem: FitProblem, law: LawSpec, bestFree: Float64Array, by: string): HoldoutComparison | undefined {
  const col = problem.x[by];
  if (!col) return undefined;
  const distinct = [...new Set(Array.from(col))].sort((a, b) => a - b);
  if (distinct.length < 3) return undefined;
  const threshold = distinct[distinct.length - 1];
  const weights = Float64Array.from(col, (v) => (v >= threshold ? 0 : 1));
  const kept = weights.reduce((a, w) => a + w, 0);
  if (kept < law.params.length + 1) return undefined;
  const prep = prepare(problem, weights, law);
  const t = problem.tolerances;
  const res = lbfgsb(prep.objective.fg, Float64Array.from(bestFree), { lower: prep.lower, upper: prep.upper, m: t.m, maxIter: t.maxIter, maxFun: t.maxFun, ftol: t.refineFtol, gtol: t.refineGtol });
  const p = prep.objective.expand(res.x);
  const pred = new Float64Array(problem.y.length);
  law.predict(p, problem.x, pred);
  let se = 0, rel = 0, m = 0;
  for (let i = 0; i < col.length; i++) {
    if (weights[i] !== 0) continue;
    const e = problem.objective.space === 'log' ? Math.log(pred[i]) - Math.log(problem.y[i]) : pred[i] - problem.y[i];
    se += e * e;
    rel += Math.abs(pred[i] - problem.y[i]) / Math.abs(problem.y[i]);
    m++;
  }
  return { by, heldOut: m, threshold, rmse: Math.sqrt(se / m), meanRelErr: rel / m };
}

export { startPoints };
