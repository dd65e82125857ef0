// Palette answers from a FitReport: predictions, compute-optimal allocations and budgets, with
// bootstrap intervals. Loaded lazily by the extension (it pulls in the law registry and mathjs).
import { createLaw, type LawOptions } from '../core/laws/registry';
import { predictOne } from '../core/laws/types';
import { computeForTargetLoss, optimalForCompute, type Allocation, type ChinchillaParams } from '../core/plan/computeOptimal';
import type { FitReport } from '../core/report/fitReport';
import { extrapolationWarnings, interval95 } from '../core/report/intervals';
import { formatHumanNumber } from '../core/table/numbers';

export { createLaw, lawIds } from '../core/laws/registry';
export { buildPlotData } from '../worker/plotData';

export interface Prediction {
  at: Record<string, number>;
  prediction: number;
  interval?: [number, number];
  warnings: string[];
  text: string;
}

export function predictFromReport(report: FitReport, at: Record<string, number>): Prediction {
  const law = createLaw(report.law, (report.lawOptions ?? {}) as LawOptions);
  const prediction = predictOne(law, report.params, at);
  const interval = interval95(report, (p) => predictOne(law, p, at));
  const warnings = report.data ? extrapolationWarnings(report, at) : [];
  const where = Object.entries(at).map(([k, v]) => `${k}=${formatHumanNumber(v)}`).join(', ');
  const text = `Predicted loss at ${where}: ${prediction.toPrecision(6)}${interval ? ` (95 % interval ${interval[0].toPrecision(6)} – ${interval[1].toPrecision(6)})` : ''}`;
  return { at, prediction, interval, warnings, text };
}

function asChinchilla(p: Record<string, number>): ChinchillaParams {
  return { E: p.E, A: p.A, B: p.B, alpha: p.alpha, beta: p.beta };
}

export interface AllocationAnswer {
  best: Allocation;
  interval: Partial<Record<keyof Allocation, [number, number]>>;
  text: string;
}

function requireChinchilla(report: FitReport): void {
  if (report.law !== 'chinchilla') throw new Error(`compute-optimal allocation needs a chinchilla fit (this fit is '${report.law}'); refit with scalingLaws.fit.law = chinchilla`);
}

export function allocationForCompute(report: FitReport, C: number, k = 6): AllocationAnswer {
  requireChinchilla(report);
  const solve = (p: Record<string, number>) => optimalForCompute(asChinchilla(p), C, k);
  return answer(report, solve(report.params), solve, ['N', 'D', 'loss', 'tokensPerParam']);
}

export function budgetForLoss(report: FitReport, target: number, k = 6): AllocationAnswer {
  requireChinchilla(report);
  const solve = (p: Record<string, number>) => computeForTargetLoss(asChinchilla(p), target, k);
  return answer(report, solve(report.params), solve, ['C', 'N', 'D', 'tokensPerParam']);
}

function answer(report: FitReport, best: Allocation, solve: (p: Record<string, number>) => Allocation, keys: (keyof Allocation)[]): AllocationAnswer {
  const interval: AllocationAnswer['interval'] = {};
  if (report.bootstrap) for (const k of keys) {
    const iv = interval95(report, (p) => solve(p)[k]);
    if (iv) interval[k] = iv;
  }
  const f = (k: keyof Allocation) => `${formatHumanNumber(best[k], 4)}${interval[k] ? ` [${formatHumanNumber(interval[k]![0], 3)}, ${formatHumanNumber(interval[k]![1], 3)}]` : ''}`;
  const text = `C = ${f('C')} FLOPs → N = ${f('N')} parameters, D = ${f('D')} tokens (${best.tokensPerParam.toFixed(1)} tokens/param), loss ${best.loss.toPrecision(5)}${interval.loss ? ` [${interval.loss[0].toPrecision(4)}, ${interval.loss[1].toPrecision(4)}]` : ''}`;
  return { best, interval, text };
}

