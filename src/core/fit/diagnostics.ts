// What a careful analyst checks after a fit, done for every fit: which points sit far off the law
// (robust standardized residuals), which points move the answer (leave-one-out refits), what the
// answer is with and without the flagged points, and whether every parameter is pinned down.
// Nothing is dropped: the result is advice in FitReport.diagnostics.
//
// Outliers. Residuals are observed minus law in the fit's residual space (ln y - ln f for log-space
// fits), standardized by 1.4826 · MAD of the unflagged points. A group of outliers pulls the law
// towards itself and hides (masks) its weaker members, so the test is repeated against the law
// refitted without the current flags until the flags stop changing (at most MAX_REWEIGHT rounds).
import { createLaw } from '../laws/registry';
import { pickRows, toReported, type Inputs, type LawSpec } from '../laws/types';
import { MAD_TO_SD, median, medianAbsoluteDeviation, stdDev } from '../numeric/stats';
import { chinchillaParamsOf, optimalForCompute } from '../plan/computeOptimal';
import type { FitDiagnostics, FitReport, FlaggedPoint, HeadlineAnswer, PointInfluence, WithWithout } from '../report/fitReport';
import { formatHumanNumber } from '../table/numbers';
import { runStartRange, solve, summarizeStarts, type StartOutcome } from './engine';
import { assessIdentifiability, type ConditioningHook } from './identifiability';
import { prepare, startCount, type FitProblem } from './problem';

export interface DiagnosticsOptions {
  /** |robust residual| above which a point is an outlier (default 6). */
  cut?: number;
  /** Relative change of the headline answer that counts as material (default 0.1). */
  materialChange?: number;
  /** A point whose removal moves a parameter by more than this many standard errors is influential (default 1). */
  influenceShift?: number;
  /** C = k·N·D convention for the headline answer (default: the fit's provenance.flopsPerParamToken, else 6). */
  flopsPerParamToken?: number;
  /** Leave-one-out for every point up to this many points; above it, for the likeliest ones (default 1.2e5 / n, within [20, 350]). */
  looLimit?: number;
  /** Starts for the refit without the flagged points, taken evenly from the fit's own start list (default 256). */
  withoutStarts?: number;
}

/** Options runFit passes through (FitRunOptions extends this). */
export interface DiagnosticsRunOptions {
  /** Table row number (1-based) of every fitted point, for exclusion by row. */
  rows?: number[];
  /** false: skip diagnostics (simulations, internal refits). */
  diagnostics?: false | DiagnosticsOptions;
}

const MAX_REWEIGHT = 5;
/** An influential point moves the fit more than this many times the median point does. */
const STANDS_OUT = 3;

interface Robust {
  /** Observed minus law, residual space. */
  e: Float64Array;
  z: Float64Array;
  scale: number;
}

/** Robust standardized residuals: (e - median) / (1.4826 MAD), centre and scale from the points not in `skip`. */
export function robustResiduals(e: Float64Array, skip?: Set<number>): Robust {
  const kept: number[] = [];
  for (let i = 0; i < e.length; i++) if (!skip?.has(i)) kept.push(e[i]);
  const centre = median(kept);
  const scale = MAD_TO_SD * medianAbsoluteDeviation(kept, centre);
  const z = Float64Array.from(e, (v) => (scale > 0 ? (v - centre) / scale : 0));
  return { e, z, scale };
}

/** Observed minus law at fit-space parameters `full`, in the fit's residual space. */
function observedMinusLaw(law: LawSpec, problem: FitProblem, full: Float64Array): Float64Array {
  const n = problem.y.length;
  const f = new Float64Array(n);
  law.predict(full, problem.x, f);
  const log = problem.objective.space === 'log';
  return Float64Array.from(problem.y, (y, i) => (log ? Math.log(y) - Math.log(f[i]) : y - f[i]));
}

function weightsWithout(n: number, left: Iterable<number>): Float64Array {
  const w = new Float64Array(n).fill(1);
  for (const i of left) w[i] = 0;
  return w;
}

/** Warm-started refit with tight tolerances (as bootstrap refits are): full fit-space vector. */
function refitWithout(problem: FitProblem, law: LawSpec, left: Iterable<number>, x0: Float64Array): Float64Array {
  const prep = prepare(problem, weightsWithout(problem.y.length, left), law);
  return prep.objective.expand(solve(prep, problem, Float64Array.from(prep.freeIndex, (j) => x0[j]), undefined, true).x);
}

function subProblem(problem: FitProblem, keep: Int32Array): FitProblem {
  const x: Inputs = {};
  for (const [k, v] of Object.entries(problem.x)) x[k] = pickRows(v, keep, true);
  return { ...problem, x, y: pickRows(problem.y, keep), fixedDraws: undefined };
}

/**
 * Full refit without the flagged points: an even subset of the fit's own starts plus a warm start,
 * best converged start polished with tight tolerances (as runFit does). A single warm start is not
 * enough here: the Huber objective is flat enough that it can stop short (on Epoch's data it stops
 * at B = 2408 where the full multi-start reaches B = 2143).
 */
function refitMultiStart(problem: FitProblem, law: LawSpec, left: Set<number>, warm: Float64Array, maxStarts: number): { full: Float64Array; fun: number; starts: number; n: number } {
  const n = problem.y.length;
  const keep = new Int32Array(n - left.size);
  for (let i = 0, q = 0; i < n; i++) if (!left.has(i)) keep[q++] = i;
  const sub = subProblem(problem, keep);
  const prep = prepare(sub, undefined, law);
  const total = startCount(sub, prep);
  const stride = Math.max(1, Math.ceil(total / maxStarts));
  const outcomes: StartOutcome[] = [];
  for (let s = 0; s < total; s += stride) outcomes.push(...runStartRange(sub, s, s + 1));
  const warmFree = Float64Array.from(prep.freeIndex, (j) => warm[j]);
  const w = solve(prep, sub, warmFree);
  outcomes.push({ index: total, x: w.x, fun: w.fun, status: w.status, nit: w.nit, nfev: w.nfev });
  const best = summarizeStarts(outcomes).best;
  const polished = solve(prep, sub, Float64Array.from(best.x), undefined, true);
  const x = Number.isFinite(polished.fun) && polished.fun <= best.fun ? polished : best;
  return { full: prep.objective.expand(x.x), fun: x.fun, starts: outcomes.length, n: keep.length };
}

function headlineOf(law: LawSpec, full: Float64Array, C: number, k: number): HeadlineAnswer | undefined {
  const p = chinchillaParamsOf(toReported(law, full));
  if (!p) return undefined;
  const a = optimalForCompute(p, C, k);
  return Number.isFinite(a.N) && Number.isFinite(a.D) ? a : undefined;
}

/** Points to leave out one at a time: all of them, or (above the limit) the largest residuals and the extremes of every input. */
function looCandidates(z: Float64Array, x: Inputs, inputs: string[], limit: number): number[] {
  const n = z.length;
  if (n <= limit) return Array.from({ length: n }, (_, i) => i);
  const chosen = new Set<number>();
  const perEnd = 5;
  for (const name of inputs) {
    const col = x[name];
    if (!col) continue;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => col[a] - col[b]);
    for (let q = 0; q < perEnd; q++) { chosen.add(order[q]); chosen.add(order[n - 1 - q]); }
  }
  const byResidual = Array.from({ length: n }, (_, i) => i).sort((a, b) => Math.abs(z[b]) - Math.abs(z[a]));
  for (const i of byResidual) {
    if (chosen.size >= limit) break;
    chosen.add(i);
  }
  return [...chosen].sort((a, b) => a - b);
}

function relChange(from: number, to: number): number {
  return Math.abs(to - from) / Math.abs(from);
}

function pct(v: number): string {
  return `${v >= 0 ? '+' : ''}${(100 * v).toFixed(Math.abs(v) < 0.1 ? 1 : 0)} %`;
}

function tpp(h: HeadlineAnswer): string {
  return h.tokensPerParam.toPrecision(3);
}

function listRows(flagged: FlaggedPoint[]): string {
  const points = [...flagged].sort((a, b) => (a.row ?? a.index) - (b.row ?? b.index));
  const names = points.map((p) => (p.row !== undefined ? `row ${p.row}` : `point ${p.index + 1}`) + (p.run ? ` (${p.run})` : ''));
  return names.length > 12 ? names.slice(0, 12).join(', ') + `, … (${names.length} in all)` : names.join(', ');
}

/** Everything in FitDiagnostics, from a finished fit and the problem it solved. */
export function diagnoseFit(report: FitReport, problem: FitProblem, bestFree: Float64Array, options: DiagnosticsRunOptions & { runs?: string[]; conditioning?: ConditioningHook } = {}): FitDiagnostics | undefined {
  if (options.diagnostics === false) return undefined;
  const o = options.diagnostics ?? {};
  const cut = o.cut ?? 6;
  const material = o.materialChange ?? 0.1;
  const shiftLimit = o.influenceShift ?? 1;
  const k = o.flopsPerParamToken ?? report.provenance?.flopsPerParamToken ?? 6;
  const law = createLaw(problem.lawId, problem.lawOptions);
  const prep = prepare(problem, undefined, law);
  const full = prep.objective.expand(bestFree);
  const n = problem.y.length;
  const space = problem.objective.space;
  const warnings: string[] = [];

  // Headline: the compute-optimal allocation at the largest budget in the data.
  let Cmax = 0;
  const N = problem.x.N, D = problem.x.D;
  if (N && D) for (let i = 0; i < n; i++) Cmax = Math.max(Cmax, k * N[i] * D[i]);
  const headlineAt = (p: Float64Array) => (Cmax > 0 ? headlineOf(law, p, Cmax, k) : undefined);
  const withHeadline = headlineAt(full);

  // Outliers, with reweighting against masking.
  const all = robustResiduals(observedMinusLaw(law, problem, full));
  let flagged = new Set<number>();
  let clean = full;
  let current = all;
  if (all.scale > 0) {
    for (let i = 0; i < n; i++) if (Math.abs(all.z[i]) > cut) flagged.add(i);
    for (let round = 0; round < MAX_REWEIGHT && flagged.size > 0 && n - flagged.size > prep.freeIndex.length; round++) {
      clean = refitWithout(problem, law, flagged, clean);
      current = robustResiduals(observedMinusLaw(law, problem, clean), flagged);
      const next = new Set<number>();
      for (let i = 0; i < n; i++) if (Math.abs(current.z[i]) > cut) next.add(i);
      const same = next.size === flagged.size && [...next].every((i) => flagged.has(i));
      flagged = next;
      if (same) break;
    }
  } else {
    warnings.push('the residuals have no spread (the law passes through the points): no outlier test');
  }
  if (n - flagged.size <= prep.freeIndex.length) {
    warnings.push(`${flagged.size} of ${n} points are more than ${cut} robust s.d. off the law: too many to refit without them`);
    flagged = new Set();
    current = all;
  }

  // Parameter standard errors (fit space) to express leave-one-out shifts in.
  const identifiability = assessIdentifiability({
    law, x: problem.x, n, full, freeIndex: prep.freeIndex, space, scale: robustResiduals(observedMinusLaw(law, problem, full), flagged).scale,
    samples: report.bootstrap?.samples,
    // FitReport.conditioning when the fit computes one (see ConditioningHook).
    conditioning: options.conditioning ?? (report as FitReport & { conditioning?: ConditioningHook }).conditioning,
  });
  const se = standardErrors(law, prep.freeIndex, report, identifiability.gaussNewton.se);
  const seFromBootstrap = (report.bootstrap?.samples.length ?? 0) >= 20;

  // Leave-one-out influence.
  // Each refit costs O(n): all points up to ~350 (Epoch's 245: ~0.15 s), fewer beyond, at least 20.
  const candidates = looCandidates(current.z, problem.x, law.inputs, o.looLimit ?? Math.max(20, Math.min(350, Math.floor(1.2e5 / n))));
  const influence = new Map<number, PointInfluence>();
  const relHeadline = withHeadline ? new Array<number>(n).fill(NaN) : undefined;
  const maxShifts = new Array<number>(n).fill(NaN);
  for (const i of candidates) {
    const p = refitWithout(problem, law, [i], full);
    let maxShift = 0, param = '';
    prep.freeIndex.forEach((j, d) => {
      const s = se[d] > 0 ? Math.abs(p[j] - full[j]) / se[d] : 0;
      if (s > maxShift) { maxShift = s; param = law.params[j].name; }
    });
    const h = headlineAt(p);
    influence.set(i, { maxShift, param, ...(h ? { headline: h } : {}) });
    maxShifts[i] = maxShift;
    if (relHeadline && h && withHeadline) relHeadline[i] = h.tokensPerParam / withHeadline.tokensPerParam - 1;
  }

  // The fit without the flagged points (final residuals are measured against it).
  let withWithout: WithWithout | undefined;
  if (flagged.size > 0) {
    const refit = refitMultiStart(problem, law, flagged, clean, o.withoutStarts ?? 256);
    clean = refit.full;
    current = robustResiduals(observedMinusLaw(law, problem, clean), flagged);
    const withoutHeadline = headlineAt(clean);
    const indices = [...flagged].sort((a, b) => a - b);
    const rows = options.rows ? indices.map((i) => options.rows![i]) : undefined;
    let isMaterial: boolean;
    let summary: string;
    const count = `${indices.length} flagged point${indices.length > 1 ? 's' : ''}`;
    if (withHeadline && withoutHeadline) {
      isMaterial = relChange(withHeadline.tokensPerParam, withoutHeadline.tokensPerParam) > material || relChange(withHeadline.N, withoutHeadline.N) > material;
      summary = `with / without the ${count}: ${tpp(withHeadline)} vs ${tpp(withoutHeadline)} tokens per parameter at C = ${Cmax.toExponential(2)} (N_opt ${formatHumanNumber(withHeadline.N)} vs ${formatHumanNumber(withoutHeadline.N)}, loss ${withHeadline.loss.toFixed(3)} vs ${withoutHeadline.loss.toFixed(3)})`;
    } else {
      let worst = 0, worstName = '';
      prep.freeIndex.forEach((j, d) => {
        const s = se[d] > 0 ? Math.abs(clean[j] - full[j]) / se[d] : 0;
        if (s > worst) { worst = s; worstName = law.params[j].name; }
      });
      isMaterial = worst > 2;
      const withP = toReported(law, full), withoutP = toReported(law, clean);
      summary = `with / without the ${count}: ${worstName || law.params[prep.freeIndex[0]].name} = ${fmtNum(withP[worstName || law.params[prep.freeIndex[0]].name])} vs ${fmtNum(withoutP[worstName || law.params[prep.freeIndex[0]].name])} (moves ${worst.toFixed(1)} standard errors)`;
    }
    withWithout = {
      indices, ...(rows ? { rows } : {}),
      with: { params: toReported(law, full), ...(withHeadline ? { headline: withHeadline } : {}) },
      without: { params: toReported(law, clean), ...(withoutHeadline ? { headline: withoutHeadline } : {}), objective: refit.fun, n: refit.n, starts: refit.starts },
      material: isMaterial,
      summary: (isMaterial ? 'the flagged points change the answer: ' : 'the flagged points do not change the answer materially: ') + summary,
    };
  }

  // Flags with reasons.
  const out: FlaggedPoint[] = [];
  const describe = (i: number): { row?: number; run?: string } => ({
    ...(options.rows ? { row: options.rows[i] } : {}),
    ...(options.runs?.[i] !== undefined ? { run: options.runs[i] } : {}),
  });
  const dropAlone = (i: number): string => {
    const inf = influence.get(i);
    if (!inf) return '';
    if (inf.headline && withHeadline) return `; leaving it out alone moves tokens/param from ${tpp(withHeadline)} to ${tpp(inf.headline)} (${pct(inf.headline.tokensPerParam / withHeadline.tokensPerParam - 1)})`;
    return inf.maxShift >= 0.1 ? `; leaving it out alone moves ${inf.param} by ${inf.maxShift.toFixed(1)} s.e.` : '';
  };
  for (const i of [...flagged].sort((a, b) => Math.abs(current.z[b]) - Math.abs(current.z[a]))) {
    const e = current.e[i] - median(Array.from(current.e).filter((_, q) => !flagged.has(q)));
    const off = space === 'log' ? `${(100 * Math.abs(Math.expm1(e))).toFixed(1)} %` : fmtNum(Math.abs(e));
    const side = current.z[i] > 0 ? 'above' : 'below';
    out.push({
      index: i, ...describe(i), kind: 'outlier',
      reason: `loss ${fmtNum(problem.y[i])} is ${off} ${side} the law (${Math.abs(current.z[i]).toFixed(1)} robust s.d.; ${Math.abs(all.z[i]).toFixed(1)} against the law fitted to all points)${dropAlone(i)}`,
      robustResidual: current.z[i], robustResidualAllPoints: all.z[i],
      ...(influence.get(i) ? { influence: influence.get(i) } : {}),
    });
  }
  // Influential: moves the answer materially AND stands out from the typical point (in a small data
  // set every point moves the fit by about a standard error; that is not news about any one of them).
  const typicalShift = median(candidates.map((i) => maxShifts[i]).filter(Number.isFinite));
  const typicalRel = relHeadline ? median(candidates.map((i) => Math.abs(relHeadline[i])).filter(Number.isFinite)) : NaN;
  for (const i of candidates) {
    if (flagged.has(i)) continue;
    const inf = influence.get(i)!;
    const rel = relHeadline?.[i];
    const movesHeadline = rel !== undefined && Math.abs(rel) > material && !(Math.abs(rel) <= STANDS_OUT * typicalRel);
    // Gauss–Newton standard errors understate a robust fit's (2-4x on Epoch's data): flag shifts only in bootstrap units.
    const movesParams = seFromBootstrap && inf.maxShift > shiftLimit && !(inf.maxShift <= STANDS_OUT * typicalShift);
    if (!movesHeadline && !movesParams) continue;
    const what = movesHeadline && withHeadline && inf.headline
      ? `leaving it out moves tokens/param from ${tpp(withHeadline)} to ${tpp(inf.headline)} (${pct(rel!)})`
      : `leaving it out moves ${inf.param} by ${inf.maxShift.toFixed(1)} standard errors`;
    out.push({ index: i, ...describe(i), kind: 'influential', reason: `${what} (residual ${current.z[i].toFixed(1)} robust s.d.)`, robustResidual: current.z[i], robustResidualAllPoints: all.z[i], influence: inf });
  }

  const outliers = out.filter((f) => f.kind === 'outlier');
  const influential = out.filter((f) => f.kind === 'influential');
  if (outliers.length) warnings.push(`${outliers.length} point${outliers.length > 1 ? 's are' : ' is'} far off the law (more than ${cut} robust s.d.): ${listRows(outliers)}`);
  if (withWithout) warnings.push(withWithout.summary);
  if (influential.length) warnings.push(`${influential.length} point${influential.length > 1 ? 's' : ''} move${influential.length > 1 ? '' : 's'} the fit on ${influential.length > 1 ? 'their' : 'its'} own: ${listRows(influential)}`);
  for (const w of identifiability.warnings) warnings.push(w);

  return {
    residualSpace: space,
    robustScale: current.scale,
    cut,
    robustResiduals: Array.from(current.z),
    ...(options.rows ? { rows: options.rows } : {}),
    flagged: out,
    ...(withHeadline ? { headline: { flopsPerParamToken: k, answer: withHeadline, description: `compute-optimal allocation at the largest budget in the data, C = ${k}·N·D = ${Cmax.toExponential(3)}` } } : {}),
    ...(withWithout ? { withWithout } : {}),
    influence: {
      method: 'leave-one-out refits warm-started at the optimum (tight tolerances); parameter shifts in standard errors (' + (seFromBootstrap ? 'bootstrap' : 'Gauss–Newton, not used to flag points: they understate a robust fit\'s') + ', fit space)',
      computed: candidates.length, of: n,
      ...(relHeadline ? { relativeHeadlineChange: relHeadline } : {}),
      maxShift: maxShifts,
    },
    identifiability,
    warnings,
  };
}

function fmtNum(v: number): string {
  return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : String(+v.toPrecision(4));
}

/** Fit-space standard errors of the free parameters: bootstrap s.d. when there are enough draws, else Gauss–Newton. */
function standardErrors(law: LawSpec, freeIndex: number[], report: FitReport, gaussNewton?: number[]): number[] {
  const samples = report.bootstrap?.samples ?? [];
  if (samples.length >= 20) {
    return freeIndex.map((j) => {
      const t = law.params[j].transform;
      const col = samples.map((s) => (t === 'log' ? Math.log(s[j]) : s[j])).filter(Number.isFinite);
      return stdDev(col);
    });
  }
  return gaussNewton && gaussNewton.length === freeIndex.length ? gaussNewton : freeIndex.map(() => 0);
}
