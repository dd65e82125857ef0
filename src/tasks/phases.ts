// The phases explorer's tasks (the PLRF model): loss-against-compute curves for a range of d with
// the compute-optimal frontier and measured exponents plus SGD runs, and the xi/eta heatmap.
import { InputError } from '../core/errors';
import {
  checkStop, classifyPhase, exactSpectrum, exponentHeatmap, geometricGrid, logStepGrid, makeParams,
  measureExponents, modalCurve, simulateSgd, CancelledError, type HeatmapCell, type ProgressHooks,
} from '../core/theory';
import type { PhasesExploreRequest, PhasesExploreResult, PhasesHeatmapRequest } from '../protocol/phasesTasks';
import type { TaskContext } from './context';

function hooksOf(ctx: TaskContext): ProgressHooks {
  return { shouldStop: () => ctx.shouldStop(), onProgress: (done, total) => ctx.progress({ phase: 'compute', done, total }) };
}

/** SGD cost cap: runs · steps · 2·v·d multiply-adds. */
const SGD_BUDGET = 4e8;

export function phasesExploreTask(a: PhasesExploreRequest, ctx: TaskContext): PhasesExploreResult {
  const hooks = hooksOf(ctx);
  if (!(Number.isFinite(a.alpha) && Number.isFinite(a.beta))) throw new InputError('alpha and beta must be numbers');
  const { alpha, beta } = a;
  const classify = classifyPhase(alpha, beta);
  if (classify.phase === 'undefined') throw new InputError(`(alpha, beta) = (${alpha}, ${beta}) has 2(alpha+beta) ≤ 1: the PLRF loss is undefined there`);
  const dMin = a.dMin ?? 32, dMax = a.dMax ?? 512, seed = a.seed ?? 1;
  const sgdRuns = a.sgdRuns ?? 4;
  const share = sgdRuns > 0 ? 0.75 : 1;
  const sub: ProgressHooks = { shouldStop: hooks?.shouldStop, onProgress: (d, t) => hooks?.onProgress?.(Math.round(1000 * share * (d / Math.max(t, 1))), 1000) };
  const out: PhasesExploreResult = { alpha, beta, classify, curves: [], frontier: [] };
  try {
    const m = measureExponents({ alpha, beta, dMin, dMax, perOctave: 1, seed }, sub);
    out.curves = m.curves;
    out.frontier = m.frontier;
    out.measured = { xi: m.xi, eta: m.eta, xiInterval: m.xiInterval, etaInterval: m.etaInterval };
  } catch (e) {
    if (e instanceof CancelledError) throw e;
    out.measureNote = (e as Error).message;
    // Same curves as measureExponents draws (seed + index of d), each over its own horizon.
    const grid = geometricGrid(dMin, dMax, 1);
    grid.forEach((d, gi) => {
      checkStop(hooks);
      const p = makeParams({ alpha, beta, d });
      const steps = logStepGrid((50 * Math.pow(d, 2 * alpha)) / p.lr, 20).filter((r) => r >= 1);
      const loss = modalCurve(exactSpectrum(p, seed, { shouldStop: hooks?.shouldStop }), p, steps, {}, { shouldStop: hooks?.shouldStop });
      out.curves.push({ d, flops: steps.map((r) => r * d * p.batch), loss: Array.from(loss) });
      sub.onProgress?.(gi + 1, grid.length);
    });
  }
  if (sgdRuns > 0 && out.curves.length) {
    // SGD on the smallest d with the W the exact curve used (measureExponents seeds d-index 0 with `seed`).
    const first = out.curves[0];
    const p = makeParams({ alpha, beta, d: first.d });
    const lastStep = first.flops[first.flops.length - 1] / (p.d * p.batch);
    const cap = Math.floor(SGD_BUDGET / (sgdRuns * 2 * p.v * p.d));
    const steps = logStepGrid(Math.max(10, Math.min(lastStep, cap)), 12).filter((r) => r >= 1);
    const res = simulateSgd(p, seed, sgdRuns, steps, {
      shouldStop: hooks?.shouldStop,
      onProgress: (d, t) => hooks?.onProgress?.(Math.round(1000 * (share + (1 - share) * (d / Math.max(t, 1)))), 1000),
    });
    out.sgd = { d: p.d, flops: res.flops, mean: res.loss, q25: res.q25, q75: res.q75, runs: res.runs, seed };
  }
  hooks?.onProgress?.(1000, 1000);
  return out;
}

export function phasesHeatmapTask(a: PhasesHeatmapRequest, ctx: TaskContext): HeatmapCell[] {
  if (!Array.isArray(a.alphas) || !Array.isArray(a.betas) || a.alphas.length * a.betas.length > 2500) throw new InputError('heatmap grids are limited to 50 × 50');
  if (![...a.alphas, ...a.betas].every((v) => Number.isFinite(v) && v > 0)) throw new InputError('heatmap axes must be positive numbers');
  return exponentHeatmap(a.alphas, a.betas, {}, hooksOf(ctx));
}

