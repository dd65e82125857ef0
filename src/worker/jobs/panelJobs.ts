// The panels' heavy computations (run in dist/panelThread.js, never on the extension host):
// PLRF loss-vs-flops curves with the compute-optimal frontier and SGD runs, the xi/eta heatmap,
// a curve fit + prediction band for the curve panel, a live-log extrapolation, and the transfer
// chain with its sweep over compute. Pure functions over core; unit-tested directly.
import { basename } from 'node:path';
import { loadCurve } from '../../cli/commands/curve';
import { createCurveLaw, type CurveData } from '../../core/curves/curveLaws';
import { extrapolateRun } from '../../core/curves/extrapolate';
import { fitFromStarts, predictCurve } from '../../core/curves/fitCurves';
import { createLaw } from '../../core/laws/registry';
import { predictOne } from '../../core/laws/types';
import { logspace } from '../../core/numeric/grids';
import { quantileSorted } from '../../core/numeric/stats';
import { Rng } from '../../core/optimize/rng';
import type { FitReport } from '../../core/report/fitReport';
import { authorsScheduleFromFileName, formatScheduleSpec, parseScheduleSpec, scheduleLRs } from '../../core/schedule/schedule';
import {
  CancelledError, checkStop, classifyPhase, exactSpectrum, exponentHeatmap, geometricGrid, logStepGrid, makeParams,
  measureExponents, modalCurve, simulateSgd, type HeatmapCell, type ProgressHooks,
} from '../../core/theory';
import { evaluateChain } from '../../core/transfer/chain';
import type {
  ChainArgs, ChainPanelResult, CurveFitArgs, CurveFitPanelResult, CurvePredictArgs, CurvePrediction, ExtrapolateArgs, HeatmapArgs,
  JobMap, JobName, PhaseCurvesArgs, PhaseCurvesResult, SourceCurve, WatchEstimate,
} from './types';

// ------------------------------------------------------------------ phases

/** SGD cost cap: runs · steps · 2·v·d multiply-adds. */
const SGD_BUDGET = 4e8;

export function phaseCurves(a: PhaseCurvesArgs, hooks?: ProgressHooks): PhaseCurvesResult {
  const { alpha, beta } = a;
  const classify = classifyPhase(alpha, beta);
  if (classify.phase === 'undefined') throw new Error(`(alpha, beta) = (${alpha}, ${beta}) has 2(alpha+beta) ≤ 1: the PLRF loss is undefined there`);
  const dMin = a.dMin ?? 32, dMax = a.dMax ?? 512, seed = a.seed ?? 1;
  const sgdRuns = a.sgdRuns ?? 4;
  const share = sgdRuns > 0 ? 0.75 : 1;
  const sub: ProgressHooks = { shouldStop: hooks?.shouldStop, onProgress: (d, t) => hooks?.onProgress?.(Math.round(1000 * share * (d / Math.max(t, 1))), 1000) };
  const out: PhaseCurvesResult = { alpha, beta, classify, curves: [], frontier: [] };
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
      const loss = modalCurve(exactSpectrum(p, seed + gi, { shouldStop: hooks?.shouldStop }), p, steps, {}, { shouldStop: hooks?.shouldStop });
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

export function heatmap(a: HeatmapArgs, hooks?: ProgressHooks): HeatmapCell[] {
  if (a.alphas.length * a.betas.length > 2500) throw new Error('heatmap grids are limited to 50 × 50');
  return exponentHeatmap(a.alphas, a.betas, {}, hooks);
}

// ------------------------------------------------------------------ curves

/** A schedule SPEC for the editor: the given SPEC, the authors' file-name schedule, or one read off an lr column. */
export function editableSpec(file: string, schedule: string | undefined, curve: CurveData): string | undefined {
  const mode = schedule ?? 'auto';
  if (mode !== 'auto' && mode !== 'log') return formatScheduleSpec(parseScheduleSpec(mode));
  const authors = mode === 'auto' ? authorsScheduleFromFileName(basename(file)) : undefined;
  if (authors) return formatScheduleSpec(authors);
  return guessScheduleSpec(curve.eta);
}

/**
 * A cosine SPEC that resembles a per-step schedule (warmup = first step at the peak, end = the
 * last value); the editor's starting point for a schedule read from an lr column.
 */
export function guessScheduleSpec(eta: ArrayLike<number>): string | undefined {
  const T = eta.length;
  if (T < 2) return undefined;
  let peak = -Infinity, at = 0;
  for (let i = 0; i < T; i++) if (eta[i] > peak) { peak = eta[i]; at = i; }
  if (!(peak > 0)) return undefined;
  const end = eta[T - 1];
  const warmup = at + 1;
  if (end >= peak * (1 - 1e-9)) return `constant:warmup=${warmup},total=${T},peak=${peak}`;
  return `cosine:warmup=${warmup},total=${T},peak=${peak},end=${Math.max(end, 0)}`;
}

/** Evenly spaced integer steps 1..T-1 (about `points`, always ending at T-1). */
export function predictionSteps(T: number, points = 400): Float64Array {
  const every = Math.max(1, Math.ceil((T - 1) / points));
  const list: number[] = [];
  for (let s = every; s < T; s += every) list.push(s);
  if (T > 1 && list[list.length - 1] !== T - 1) list.push(T - 1);
  return Float64Array.from(list);
}

/**
 * Predicted curve under a schedule with a 95 % band: bootstrap parameter draws give the spread
 * of the mean log loss; observation noise (the fit's log-residual sd) is added in quadrature
 * (normal in log loss), so the band covers a logged value, as the extrapolation interval does.
 */
export function curvePredict(a: CurvePredictArgs): CurvePrediction {
  const law = createCurveLaw(a.law);
  const eta = a.spec ? scheduleLRs(parseScheduleSpec(a.spec)) : Float64Array.from(a.eta ?? []);
  if (eta.length < 2) throw new Error('the schedule needs at least 2 steps');
  const steps = predictionSteps(eta.length, a.points ?? 400);
  const prepared = law.prepare(eta, steps);
  const loss = new Float64Array(steps.length);
  law.evaluate(a.params, prepared, loss);
  const n = steps.length, B = a.draws.length;
  const sum = new Float64Array(n), sum2 = new Float64Array(n), tmp = new Float64Array(n);
  let used = 0;
  for (const d of a.draws) {
    law.evaluate(d, prepared, tmp);
    let ok = true;
    for (let i = 0; i < n; i++) if (!(tmp[i] > 0) || !Number.isFinite(tmp[i])) { ok = false; break; }
    if (!ok) continue;
    used++;
    for (let i = 0; i < n; i++) {
      const l = Math.log(tmp[i]);
      sum[i] += l;
      sum2[i] += l * l;
    }
  }
  const lo = new Array<number>(n), hi = new Array<number>(n);
  const s2 = a.residualSd * a.residualSd;
  for (let i = 0; i < n; i++) {
    const mean = Math.log(loss[i]);
    const varP = used > 1 ? Math.max(0, (sum2[i] - (sum[i] * sum[i]) / used) / (used - 1)) : 0;
    const half = 1.959964 * Math.sqrt(varP + s2);
    lo[i] = Math.exp(mean - half);
    hi[i] = Math.exp(mean + half);
  }
  void B;
  const k = n - 1;
  return {
    schedule: a.spec ?? `array:total=${eta.length}`,
    step: Array.from(steps),
    lr: Array.from(steps, (s) => eta[s]),
    loss: Array.from(loss),
    lo, hi,
    final: { step: steps[k], loss: loss[k], lo: lo[k], hi: hi[k] },
  };
}

export async function curveFit(a: CurveFitArgs, hooks?: ProgressHooks): Promise<CurveFitPanelResult> {
  const { curve } = await loadCurve(a.file, a.schedule ?? 'auto', a.map ?? {});
  hooks?.onProgress?.(0, 100);
  const ex = extrapolateRun(curve, { bootstrap: a.bootstrap ?? 40, seed: a.seed ?? 0, shouldStop: hooks?.shouldStop });
  checkStop(hooks);
  hooks?.onProgress?.(50, 100);
  const law = createCurveLaw(ex.law);
  const vec = Float64Array.from(law.paramNames, (nm) => ex.params[nm]);
  const fitted = predictCurve(law, vec, curve.eta, curve.steps);
  const n = curve.steps.length;
  const logFit = new Float64Array(n), resid = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    logFit[i] = Math.log(fitted[i]);
    resid[i] = Math.log(curve.loss[i]) - logFit[i];
    ss += resid[i] * resid[i];
  }
  const residualSd = Math.sqrt(ss / Math.max(1, n - 1));
  // Moving-block bootstrap of the log residuals (as extrapolateRun does), keeping the parameter vectors.
  const nDraws = a.draws ?? 24;
  const bl = Math.max(1, Math.min(n, Math.round(Math.cbrt(n))));
  const rng = new Rng((a.seed ?? 0) + 1, 7);
  const ySynth = new Float64Array(n);
  const synth: CurveData = { ...curve, loss: ySynth };
  const draws: number[][] = [];
  for (let b = 0; b < nDraws; b++) {
    checkStop(hooks);
    for (let i = 0; i < n; ) {
      const start = rng.int(n - bl + 1);
      for (let j = 0; j < bl && i < n; j++, i++) ySynth[i] = Math.exp(logFit[i] + resid[start + j]);
    }
    try {
      draws.push(Array.from(fitFromStarts(law, [synth], [vec], { fixed: ex.fixed, maxIter: 300 }).vector));
    } catch {
      /* a failed refit is dropped */
    }
    hooks?.onProgress?.(50 + Math.round((45 * (b + 1)) / nDraws), 100);
  }
  const spec = editableSpec(a.file, a.schedule, curve);
  const prediction = curvePredict({ law: law.id, params: Array.from(vec), draws, residualSd, eta: Array.from(curve.eta) });
  prediction.schedule = curve.schedule ?? prediction.schedule;
  hooks?.onProgress?.(100, 100);
  return {
    file: a.file, name: curve.name, schedule: curve.schedule ?? '', spec,
    observed: { step: Array.from(curve.steps), loss: Array.from(curve.loss) },
    law: law.id, paramNames: [...law.paramNames], params: Array.from(vec), fixed: ex.fixed, draws, residualSd,
    extrapolation: ex, prediction,
  };
}

export async function extrapolate(a: ExtrapolateArgs, hooks?: ProgressHooks): Promise<WatchEstimate> {
  const { curve } = await loadCurve(a.file, a.schedule ?? 'auto', a.map ?? {});
  const ex = extrapolateRun(curve, { bootstrap: a.bootstrap, seed: a.seed, shouldStop: hooks?.shouldStop });
  checkStop(hooks);
  return { extrapolation: ex, observedRows: curve.steps.length, schedule: curve.schedule ?? '' };
}

// ------------------------------------------------------------------ transfer

/** Data, fitted curve and 95 % bootstrap band of a one-input stage (loss-to-loss, downstream). */
export function sourceCurve(report: FitReport, stage: number, points = 80): SourceCurve | undefined {
  const law = createLaw(report.law, (report.lawOptions ?? {}) as Record<string, string>);
  if (law.inputs.length !== 1) return undefined;
  const input = law.inputs[0];
  const xs = report.data?.inputs?.[input] ?? [];
  const ys = report.data?.loss ?? [];
  let lo = Infinity, hi = -Infinity;
  for (const x of xs) if (Number.isFinite(x)) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
  if (!Number.isFinite(lo)) return undefined;
  const pad = (hi - lo) * 0.1 || Math.abs(lo) * 0.05 || 0.1;
  let x0 = lo - pad;
  if (report.params.E_x !== undefined) x0 = Math.max(x0, report.params.E_x + 1e-6 * (1 + Math.abs(report.params.E_x)));
  const x = Array.from({ length: points }, (_, i) => x0 + ((hi + pad - x0) * i) / (points - 1));
  const y = x.map((v) => predictOne(law, report.params, { [input]: v }));
  const names = Object.keys(report.params);
  const samples = report.bootstrap?.samples ?? [];
  const bandLo: number[] = [], bandHi: number[] = [];
  for (const v of x) {
    const vals: number[] = [];
    for (const s of samples) {
      const p: Record<string, number> = {};
      names.forEach((nm, j) => (p[nm] = s[j]));
      const r = predictOne(law, p, { [input]: v });
      if (Number.isFinite(r)) vals.push(r);
    }
    if (vals.length >= 2) {
      const sorted = Float64Array.from(vals).sort();
      bandLo.push(quantileSorted(sorted, 0.025));
      bandHi.push(quantileSorted(sorted, 0.975));
    } else {
      bandLo.push(NaN);
      bandHi.push(NaN);
    }
  }
  return { stage, law: report.law, input, points: { x: xs, y: ys, run: report.data?.run }, curve: { x, y, lo: bandLo, hi: bandHi }, params: report.params };
}

export function chain(a: ChainArgs, hooks?: ProgressHooks): ChainPanelResult {
  const reports = a.reports as FitReport[];
  if (!(a.C > 0)) throw new Error('the compute budget C must be positive');
  const at = evaluateChain(reports, { C: a.C });
  const dec = a.sweepDecades ?? 1.5, n = a.sweepPoints ?? 25;
  const Cs = logspace(a.C / 10 ** dec, a.C * 10 ** dec, n);
  const stages = reports.map(() => ({ pred: [] as number[], lo: [] as number[], hi: [] as number[] }));
  Cs.forEach((C, i) => {
    checkStop(hooks);
    let r;
    try {
      r = evaluateChain(reports, { C });
    } catch {
      r = undefined;
    }
    stages.forEach((st, s) => {
      const sr = r?.stages[s];
      st.pred.push(sr ? sr.prediction : NaN);
      st.lo.push(sr?.interval ? sr.interval[0] : NaN);
      st.hi.push(sr?.interval ? sr.interval[1] : NaN);
    });
    hooks?.onProgress?.(i + 1, Cs.length);
  });
  const sources = reports.map((r, s) => (s > 0 ? sourceCurve(r, s) : undefined)).filter((x): x is SourceCurve => !!x);
  return { C: a.C, at, sweep: { C: Cs, stages }, sources, laws: reports.map((r) => r.law) };
}

// ------------------------------------------------------------------ dispatch

type Handler<K extends JobName> = (args: JobMap[K][0], hooks?: ProgressHooks) => JobMap[K][1] | Promise<JobMap[K][1]>;

export const JOBS: { [K in JobName]: Handler<K> } = {
  phaseCurves,
  heatmap,
  curveFit,
  curvePredict: (a) => curvePredict(a),
  extrapolate,
  chain,
};
