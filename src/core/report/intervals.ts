// Intervals for anything computed from a fit. Two kinds, always labelled:
//  - confidence interval: where the law itself (the mean prediction) lies: evaluate the quantity on
//    each bootstrap draw, take percentiles;
//  - prediction interval: where a new run's observed loss will fall: each bootstrap draw's
//    prediction plus the fit's residual scatter (every residual, in the fit's residual space,
//    inflated by sqrt(n / (n - p)) for the parameters fitted), then percentiles at the plotting
//    positions i / (n + 1) of the n residuals.
import { createLaw, type LawOptions } from '../laws/registry';
import { predictOne } from '../laws/types';
import { percentile, percentileInterval } from '../numeric/stats';
import { extrapolationAssumptions } from './assumptions';
import type { FitReport } from './fitReport';

export const CONFIDENCE_LABEL = 'confidence interval of the law (bootstrap percentile interval of the mean prediction)';
export const PREDICTION_LABEL = 'prediction interval for a new run (the law plus the residual scatter of the fitted points)';

/** Named parameter sets of the bootstrap draws, in the report's parameter order. */
export function bootstrapDraws(report: FitReport): Record<string, number>[] {
  if (!report.bootstrap) return [];
  const names = Object.keys(report.params);
  return report.bootstrap.samples.map((s) => Object.fromEntries(names.map((n, j) => [n, s[j]])));
}

/** 95 % percentile interval of f over the bootstrap draws (draws where f throws or is NaN are skipped). */
export function interval95(report: FitReport, f: (params: Record<string, number>) => number): [number, number] | undefined {
  const values: number[] = [];
  for (const d of bootstrapDraws(report)) {
    try {
      const v = f(d);
      if (Number.isFinite(v)) values.push(v);
    } catch {
      /* a draw where the quantity does not exist (e.g. unreachable target) */
    }
  }
  if (values.length < 2) return undefined;
  return [percentile(values, 2.5), percentile(values, 97.5)];
}

/** Warn when a prediction input lies far outside the fitted data. */
export function extrapolationWarnings(report: FitReport, at: Record<string, number>, factor = 10): string[] {
  return extrapolationAssumptions(report, at, factor).filter((a) => a.level === 'warning').map((a) => a.text);
}

export interface IntervalPrediction {
  /** The best fit's prediction. */
  value: number;
  level: number;
  /** Where the law (mean prediction) lies; needs a bootstrap. */
  confidence?: [number, number];
  /** Where a new run's loss will fall: law plus residual scatter. */
  prediction?: [number, number];
  /** What each interval is, in words to show next to it. */
  kinds: { confidence: string; prediction: string };
  /** Why an interval is missing or narrower in scope than its label. */
  notes: string[];
}

/** Residuals observed minus law of the fitted points, in the fit's residual space, inflated for the fitted parameters. */
export function residualPool(report: FitReport): Float64Array {
  const y = report.data?.loss ?? [], f = report.data?.predicted ?? [];
  const log = report.objective?.space !== 'linear';
  const e: number[] = [];
  for (let i = 0; i < y.length; i++) {
    const r = log ? Math.log(y[i]) - Math.log(f[i]) : y[i] - f[i];
    if (Number.isFinite(r)) e.push(r);
  }
  const p = Object.keys(report.params).length - Object.keys(report.provenance?.fixed ?? {}).length;
  const inflate = e.length > p ? Math.sqrt(e.length / (e.length - p)) : 1;
  return Float64Array.from(e, (r) => r * inflate);
}

/** Most (draw, residual) pairs combined for one prediction interval; residuals rotate across draws above it. */
const MAX_COMBINATIONS = 200_000;

/**
 * Prediction at `at` with both intervals (level, default 0.95). Without a bootstrap there is no
 * confidence interval, and the prediction interval has the residual scatter only (said in notes).
 */
export function predictWithIntervals(report: FitReport, at: Record<string, number>, level = 0.95): IntervalPrediction {
  const law = createLaw(report.law, (report.lawOptions ?? {}) as LawOptions);
  const value = predictOne(law, report.params, at);
  const notes: string[] = [];
  const means: number[] = [];
  for (const d of bootstrapDraws(report)) {
    try {
      const v = predictOne(law, d, at);
      if (Number.isFinite(v)) means.push(v);
    } catch {
      /* a draw the law cannot evaluate */
    }
  }
  const confidence = means.length >= 2 ? percentileInterval(means, level) : undefined;
  if (!confidence) notes.push('no bootstrap: no confidence interval, and the prediction interval leaves out the uncertainty of the law');
  const pool = residualPool(report);
  const log = report.objective?.space !== 'linear';
  let prediction: [number, number] | undefined;
  if (pool.length >= 2) {
    const centres = means.length >= 2 ? means : [value];
    const perDraw = Math.max(1, Math.min(pool.length, Math.floor(MAX_COMBINATIONS / centres.length)));
    const combined = new Float64Array(centres.length * perDraw);
    let q = 0;
    centres.forEach((m, b) => {
      for (let j = 0; j < perDraw; j++) {
        const r = pool[(b * perDraw + j) % pool.length];
        combined[q++] = log ? m * Math.exp(r) : m + r;
      }
    });
    // The residuals are a sample of n: the interval between their order statistics k and n + 1 - k
    // covers a new draw with probability (n + 1 - 2k) / (n + 1), so the tails are taken at the
    // plotting positions i / (n + 1) (numpy's 'weibull'), not at numpy's default linear positions,
    // which cover 92.7 % instead of 95 % with 81 points.
    const m = pool.length, tail = (1 - level) / 2;
    const linearTail = Math.max(0, (tail * (m + 1) - 1) / (m - 1));
    if (linearTail === 0) notes.push(`only ${m} residuals: the prediction interval spans all of them and covers less than ${100 * level} %`);
    prediction = percentileInterval(combined, 1 - 2 * linearTail);
  } else {
    notes.push('fewer than two residuals: no prediction interval');
  }
  return { value, level, ...(confidence ? { confidence } : {}), ...(prediction ? { prediction } : {}), kinds: { confidence: CONFIDENCE_LABEL, prediction: PREDICTION_LABEL }, notes };
}
