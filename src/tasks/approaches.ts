// The approaches task: what the planning panel shows for a fit (and `scaling-laws approaches`).
// The three Chinchilla approaches on one C grid: Approach 3 (closed form) from the fit's parameters
// with a band from its bootstrap draws; Approaches 1 (envelope) and 2 (IsoFLOP) from the fitted
// points when their shape allows (runs of one size at several token counts for 1; several sizes
// per compute budget for 2), with bands from a seeded resample of runs (1) or of rows within each
// budget (2). Small data, closed forms: milliseconds, no worker round trip.
import { InputError } from '../core/errors';
import { closedFormApproach, curvesFromPoints, envelopeAnalysis, frontierAt, isoFlopAnalysis, type ApproachResult, type IsoFlopRun } from '../core/plan/approaches';
import type { ChinchillaParams } from '../core/plan/computeOptimal';
import { lawFromReport } from '../core/plan/fitLaw';
import { percentileInterval } from '../core/numeric/stats';
import { Rng } from '../core/optimize/rng';
import type { FitReport } from '../core/report/fitReport';
import type { FrontierSeries, PlanningData } from '../protocol/panels/planning';
import type { ApproachesRequest } from '../protocol/tasks';
import type { TaskContext } from './context';
import { checkCount } from './flags/limits';

export interface PlanningOptions {
  flopsPerParamToken?: number;
  /** Resamples for the bands of Approaches 1 and 2 (default 100). */
  resamples?: number;
  seed?: number;
  gridPoints?: number;
  config?: PlanningData['config'];
  file?: string;
}

/** Pointwise 95 % band over a set of curves (each the same length as C). */
export function pointwiseBand(curves: number[][], n: number): { lo: number[]; hi: number[] } | undefined {
  if (curves.length < 2) return undefined;
  const lo: number[] = [], hi: number[] = [];
  for (let j = 0; j < n; j++) {
    const iv = percentileInterval(curves.map((c) => c[j]));
    if (!iv) return undefined;
    lo.push(iv[0]);
    hi.push(iv[1]);
  }
  return { lo, hi };
}

function series(r: ApproachResult, C: number[], bandsFrom: ApproachResult[]): FrontierSeries {
  const pts = C.map((c) => frontierAt(r, c));
  const s: FrontierSeries = { id: String(r.approach), name: `Approach ${r.approach}: ${r.name}`, N: pts.map((p) => p.N), D: pts.map((p) => p.D), a: r.N.exponent, b: r.D.exponent, warnings: r.warnings };
  if (r.N.ci95) s.aCi = r.N.ci95.exponent;
  if (r.D.ci95) s.bCi = r.D.ci95.exponent;
  const nb = pointwiseBand(bandsFrom.map((b) => C.map((c) => frontierAt(b, c).N)), C.length);
  const db = pointwiseBand(bandsFrom.map((b) => C.map((c) => frontierAt(b, c).D)), C.length);
  if (nb) [s.NLo, s.NHi] = [nb.lo, nb.hi];
  if (db) [s.DLo, s.DHi] = [db.lo, db.hi];
  if (bandsFrom.length >= 2) {
    s.aCi ??= percentileInterval(bandsFrom.map((b) => b.N.exponent));
    s.bCi ??= percentileInterval(bandsFrom.map((b) => b.D.exponent));
  }
  return s;
}

/** IsoFLOP failures list every skipped budget; keep the first reasons and a count. */
export function shortReason(message: string, max = 260): string {
  if (message.length <= max) return message;
  const skipped = (message.match(/C=[0-9.e+-]+:/g) ?? []).length;
  return `${message.slice(0, max).replace(/;[^;]*$/, '')}; … (${skipped} budgets skipped in all: runs on a grid of N × D rarely share a compute budget — IsoFLOP needs ≥ 3 sizes per budget)`;
}

export function buildPlanningData(report: FitReport, o: PlanningOptions = {}): PlanningData {
  const fit = lawFromReport(report, o.file);
  if (!fit) throw new InputError(`the fit (${report.law}) has no Chinchilla parameters E, A, B, alpha, beta: planning needs a Chinchilla-form law`);
  const k = o.flopsPerParamToken ?? 6;
  const K = o.resamples ?? 100;
  const N = report.data?.inputs?.N ?? [], D = report.data?.inputs?.D ?? [], L = report.data?.loss ?? [];
  let Cmax = 0, Cmin = Infinity;
  for (let i = 0; i < N.length; i++) {
    const c = k * N[i] * D[i];
    if (c > 0 && Number.isFinite(c)) {
      Cmax = Math.max(Cmax, c);
      Cmin = Math.min(Cmin, c);
    }
  }
  const budget = Cmax > 0 ? 10 * Cmax : 1e21;
  const lo = Cmax > 0 ? Math.min(Cmin / 3, 1e17) : 1e17, hi = Math.max(budget * 1e3, 1e25);
  const G = o.gridPoints ?? 61;
  const C = Array.from({ length: G }, (_, i) => lo * (hi / lo) ** (i / (G - 1)));
  const frontiers: FrontierSeries[] = [];
  const errors: PlanningData['errors'] = [];
  const rng = new Rng(o.seed ?? 0);

  // Approach 1: envelope of per-size loss curves over tokens.
  const curves = curvesFromPoints({ N, D, loss: L }).curves;
  try {
    if (curves.length < 2) throw new Error('needs at least two model sizes, each with losses at two or more token counts');
    const r = envelopeAnalysis(curves, { flopsPerParamToken: k });
    const boots: ApproachResult[] = [];
    for (let b = 0; b < K; b++) {
      try {
        boots.push(envelopeAnalysis(curves.map(() => curves[rng.int(curves.length)]), { flopsPerParamToken: k }));
      } catch {
        /* a resample with too few sizes */
      }
    }
    frontiers.push(series(r, C, boots));
  } catch (e) {
    errors.push({ id: '1', name: 'Approach 1: envelope of training curves', message: (e as Error).message });
  }

  // Approach 2: IsoFLOP parabolas per budget; its band from the analysis's own resamples within
  // budgets (degenerate resamples dropped and counted there, never silently).
  try {
    const runs: IsoFlopRun[] = [];
    for (let i = 0; i < N.length; i++) if (N[i] > 0 && D[i] > 0 && Number.isFinite(L[i])) runs.push({ N: N[i], D: D[i], loss: L[i] });
    const r = isoFlopAnalysis(runs, { flopsPerParamToken: k, bootstrap: K, seed: o.seed ?? 0, keepDraws: true });
    const draws = (r.bootstrap?.draws ?? []).map((d) => ({ ...r, N: { ...r.N, ...d.N }, D: { ...r.D, ...d.D } }));
    frontiers.push(series(r, C, draws));
  } catch (e) {
    errors.push({ id: '2', name: 'Approach 2: IsoFLOP profiles', message: shortReason((e as Error).message) });
  }

  // Approach 3: closed form from the fit, band from its bootstrap draws.
  const r3 = closedFormApproach(fit.law, fit.draws, k);
  frontiers.push(series(r3, C, fit.draws.map((d) => closedFormApproach(d, [], k))));

  const step = Math.max(1, Math.ceil(fit.draws.length / 200));
  const draws: ChinchillaParams[] = fit.draws.filter((_, i) => i % step === 0);
  return {
    title: `Planning: ${fit.label}`, fitLabel: fit.label, law: fit.law, draws, C, frontiers, errors,
    runs: { N: [...N], D: [...D] }, budget, config: o.config, flopsPerParamToken: k,
  };
}

export function approachesTask(req: ApproachesRequest, ctx: TaskContext): PlanningData {
  if ((req.fit === undefined) === (req.report === undefined)) throw new InputError('give exactly one of --fit FILE or a report');
  const report = req.report ?? ctx.files.readFitReport(req.fit as string);
  checkCount('resamples', req.resamples);
  checkCount('seed', req.seed);
  return buildPlanningData(report, { flopsPerParamToken: req.flopsPerParamToken, resamples: req.resamples, seed: req.seed, file: req.file });
}
