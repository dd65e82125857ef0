// Extrapolate a partial run to a later step (default: the last step of its planned schedule)
// with a prediction interval.
//
// Procedure (recorded in the result): fit the chosen curve law to the observed part (Huber on
// log loss); then a moving-block bootstrap of the log residuals (blocks keep the residuals'
// autocorrelation along the curve): for each replicate, resample residual blocks onto the fitted
// log curve, refit from the fitted point, predict the target step, and add one residual drawn
// from the observed ones (observation noise at the target, so the interval covers a logged value
// rather than only the mean curve). The interval is the equal-tailed quantile range.
// Default law: multi-power with the shape parameters (C, beta, gamma) fixed at the authors'
// published 25M-400M mean (their slight size dependence is within the fits' noise), since one
// partial curve cannot identify all seven parameters; L0, A, alpha, B are fitted, and B too is
// held (at DEFAULT_B) when the LR has not decreased yet in the observed part.
// The interval covers noise and parameter uncertainty under the law, not the law's own bias
// (on the authors' curves cut at half, the 400M cosine run's final loss is over-predicted by ~0.9 %).
import { Rng } from '../optimize/rng';
import { quantileSorted } from '../numeric/stats';
import { createCurveLaw, type CurveData } from './curveLaws';
import { fitFromStarts, multipowerStarts, predictCurve } from './fitCurves';
import { sharePrepared } from './sharedPrepare';

export const DEFAULT_SHAPE = { C: 2.07, beta: 0.59, gamma: 0.64 };
/** The authors' published B averaged over 25M-400M; held when the observed part never decays. */
export const DEFAULT_B = 441.7;

/** True when eta decreases somewhere in steps 1..lastStep (the loss-drop scale B is then identifiable). */
export function decaySeen(eta: Float64Array, lastStep: number): boolean {
  for (let k = 1; k <= lastStep && k < eta.length; k++) if (eta[k] < eta[k - 1]) return true;
  return false;
}

export interface ExtrapolateOptions {
  law?: 'multipower' | 'lr-annealing' | 'power';
  /** Held parameters; default for multipower: DEFAULT_SHAPE. Pass {} to fit all. */
  fixed?: Record<string, number>;
  targetStep?: number;
  bootstrap?: number;
  level?: number;
  seed?: number;
  blockLength?: number;
  shouldStop?: () => boolean;
  /** Called once the point fit is done, before the bootstrap: the estimate without its interval. */
  onPointFit?: (e: Extrapolation) => void;
  /**
   * Logs longer than `previewAbove` points (default PREVIEW_ABOVE): called first with the same fit
   * on PREVIEW_POINTS evenly spaced points (the last one included), a quick look while the fit on
   * every point runs. Not used for the result.
   */
  onPreview?: (e: Extrapolation, pointsUsed: number) => void;
  previewAbove?: number;
  /** Keep each bootstrap refit's parameter vector (the Curve Panel's draws). */
  keepVectors?: boolean;
  /** Bootstrap refits done so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface Extrapolation {
  law: string;
  step: number;
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  params: Record<string, number>;
  fixed: Record<string, number>;
  observedUntil: number;
  bootstrap: { replicates: number; blockLength: number; seed: number };
  /** With keepVectors: the bootstrap refits' parameter vectors (law.paramNames order). */
  vectors?: number[][];
}

export const PREVIEW_POINTS = 400;
/**
 * Below this the preview costs more than it gains: on 10 000 points the fit on every point is ready
 * 0.45 s after the load, the preview 0.35 s (measured in-process). It pays where that fit takes a
 * second or more, from about 20 000 points.
 */
export const PREVIEW_ABOVE = 20_000;

/** Every k-th point so that about `count` remain, always with the last (the latest step is what an extrapolation leans on). */
export function thinCurve(curve: CurveData, count: number): CurveData {
  const n = curve.steps.length;
  const idx: number[] = [];
  for (let j = 0; j < count; j++) idx.push(Math.round(((n - 1) * j) / (count - 1)));
  const keep = [...new Set(idx)];
  return { ...curve, steps: Float64Array.from(keep, (i) => curve.steps[i]), loss: Float64Array.from(keep, (i) => curve.loss[i]) };
}

export function extrapolateRun(curve: CurveData, options: ExtrapolateOptions = {}): Extrapolation {
  const lawId = options.law ?? 'multipower';
  const law = sharePrepared(createCurveLaw(lawId)); // the refits share the observed steps' prepared curve
  const n0 = curve.steps.length;
  const fixed: Record<string, number> =
    options.fixed ?? (lawId === 'multipower' ? { ...DEFAULT_SHAPE, ...(decaySeen(curve.eta, n0 ? curve.steps[n0 - 1] : 0) ? {} : { B: DEFAULT_B }) } : {});
  const target = options.targetStep ?? curve.eta.length - 1;
  if (target >= curve.eta.length) throw new Error(`target step ${target} is beyond the schedule (${curve.eta.length} steps)`);
  const n = curve.steps.length;
  if (n < law.paramNames.length - Object.keys(fixed).length + 2) throw new Error(`extrapolation needs more observed points (have ${n})`);
  let starts = lawId === 'multipower' ? multipowerStarts([curve]) : law.starts([curve]);
  if (lawId === 'multipower') starts = starts.map((s) => { const t = Float64Array.from(s); law.paramNames.forEach((nm, j) => { if (nm in fixed) t[j] = fixed[nm]; }); return t; });
  const B = options.bootstrap ?? (lawId === 'power' ? 200 : 40);
  const level = options.level ?? 0.95;
  const seed = options.seed ?? 0;
  const bl = Math.max(1, Math.min(n, options.blockLength ?? Math.round(Math.cbrt(n))));
  if (options.onPreview && n > Math.max(2 * PREVIEW_POINTS, options.previewAbove ?? PREVIEW_ABOVE)) {
    const thin = thinCurve(curve, PREVIEW_POINTS);
    const quick = fitFromStarts(law, [thin], starts, { fixed, shouldStop: options.shouldStop, maxIter: 500 });
    const estimate = predictCurve(law, quick.vector, curve.eta, Float64Array.of(target))[0];
    options.onPreview({ law: lawId, step: target, estimate, lower: NaN, upper: NaN, level, params: quick.params, fixed, observedUntil: curve.steps[n - 1], bootstrap: { replicates: 0, blockLength: bl, seed } }, thin.steps.length);
  }
  const best = fitFromStarts(law, [curve], starts, { fixed, shouldStop: options.shouldStop, maxIter: 500 });
  const fitted = predictCurve(law, best.vector, curve.eta, curve.steps);
  const at = Float64Array.of(target);
  const estimate = predictCurve(law, best.vector, curve.eta, at)[0];
  const resid = new Float64Array(n);
  const logFit = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    logFit[i] = Math.log(fitted[i]);
    resid[i] = Math.log(curve.loss[i]) - logFit[i];
  }
  options.onPointFit?.({ law: lawId, step: target, estimate, lower: NaN, upper: NaN, level, params: best.params, fixed, observedUntil: curve.steps[n - 1], bootstrap: { replicates: 0, blockLength: bl, seed } });
  const rng = new Rng(seed);
  const draws = new Float64Array(B);
  const vectors: number[][] | undefined = options.keepVectors ? [] : undefined;
  const ySynth = new Float64Array(n);
  const synth: CurveData = { ...curve, loss: ySynth };
  let done = 0;
  for (let b = 0; b < B; b++) {
    if (options.shouldStop?.()) break;
    for (let i = 0; i < n; ) {
      const start = rng.int(n - bl + 1);
      for (let j = 0; j < bl && i < n; j++, i++) ySynth[i] = Math.exp(logFit[i] + resid[start + j]);
    }
    let pred: number;
    try {
      const r = fitFromStarts(law, [synth], [best.vector], { fixed, maxIter: 300 });
      pred = predictCurve(law, r.vector, curve.eta, at)[0];
      if (vectors && Number.isFinite(pred)) vectors.push(Array.from(r.vector));
    } catch {
      continue;
    }
    draws[done++] = pred * Math.exp(resid[rng.int(n)]);
    options.onProgress?.(b + 1, B);
  }
  const sorted = draws.slice(0, done).sort();
  const a = (1 - level) / 2;
  return {
    law: lawId,
    step: target,
    estimate,
    lower: done ? quantileSorted(sorted, a) : NaN,
    upper: done ? quantileSorted(sorted, 1 - a) : NaN,
    level,
    params: best.params,
    fixed,
    observedUntil: curve.steps[n - 1],
    bootstrap: { replicates: done, blockLength: bl, seed },
    ...(vectors ? { vectors } : {}),
  };
}
