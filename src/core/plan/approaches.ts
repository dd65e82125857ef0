// The three Chinchilla approaches (Hoffmann et al. 2022; LAWS.md) from the same runs, each giving
// N_opt ∝ C^a and D_opt ∝ C^b with intervals:
//  1. envelope: over log-spaced FLOP values, the run with the lowest (interpolated) loss → power laws;
//  2. IsoFLOP: per budget a parabola of loss in log N, its minimum → power laws through the minima;
//  3. closed form from the parametric fit L = E + A/N^alpha + B/D^beta (computeOptimal.ts).
// Intervals: seeded bootstrap (runs for 1, rows within each budget for 2, fit draws for 3).

import { Rng } from '../optimize/rng';
import { percentile } from '../numeric/stats';
import { optimalForCompute, type ChinchillaParams } from './computeOptimal';
import { ols } from './hparams';

export interface PowerLaw {
  /** y = coefficient · C^exponent */
  exponent: number;
  coefficient: number;
  /** 95 % bootstrap intervals when available. */
  ci95?: { exponent: [number, number]; coefficient: [number, number] };
  se?: { exponent: number };
  r2?: number;
  points: number;
}

export interface ApproachResult {
  approach: 1 | 2 | 3;
  name: string;
  /** N_opt ∝ C^a */
  N: PowerLaw;
  /** D_opt ∝ C^b */
  D: PowerLaw;
  bootstrap?: { k: number; seed?: number; converged: number };
  warnings: string[];
  /** C convention used to turn C into D (C = flopsPerParamToken · N · D). */
  flopsPerParamToken: number;
}

function interval(v: number[]): [number, number] {
  const s = v.filter(Number.isFinite).sort((a, b) => a - b);
  return [percentile(s, 2.5), percentile(s, 97.5)];
}

/** OLS of log y on log C. */
export function fitPowerLaw(C: ArrayLike<number>, y: ArrayLike<number>): PowerLaw {
  const n = C.length;
  if (n < 2) throw new RangeError('a power law needs at least two points');
  const X = new Float64Array(2 * n), ly = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    if (!(C[i] > 0) || !(y[i] > 0)) throw new RangeError(`power law through non-positive values (C = ${C[i]}, y = ${y[i]})`);
    X[2 * i] = 1;
    X[2 * i + 1] = Math.log(C[i]);
    ly[i] = Math.log(y[i]);
    mean += ly[i] / n;
  }
  const b = ols(X, ly, 2);
  let ssr = 0, sst = 0, sxx = 0, mx = 0;
  for (let i = 0; i < n; i++) mx += X[2 * i + 1] / n;
  for (let i = 0; i < n; i++) {
    const r = ly[i] - b[0] - b[1] * X[2 * i + 1];
    ssr += r * r;
    sst += (ly[i] - mean) ** 2;
    sxx += (X[2 * i + 1] - mx) ** 2;
  }
  const out: PowerLaw = { exponent: b[1], coefficient: Math.exp(b[0]), r2: sst > 0 ? 1 - ssr / sst : 1, points: n };
  if (n > 2 && sxx > 0) out.se = { exponent: Math.sqrt(ssr / (n - 2) / sxx) };
  return out;
}

// ---------------------------------------------------------------- Approach 2: IsoFLOP

export interface IsoFlopRun {
  N: number;
  /** Training compute; derived as flopsPerParamToken·N·D when absent. */
  C?: number;
  /** Training tokens. When every run has D, D_opt is fitted from it (a parabola of loss in ln D per budget). */
  D?: number;
  loss: number;
  /** Explicit budget label (e.g. an iso_flop column); otherwise budgets are grouped by C. */
  budget?: number;
}

export interface IsoFlopOptions {
  flopsPerParamToken?: number;
  /** Runs whose C differ by less than this relative amount form one budget (default 0.1). */
  tolerance?: number;
  /** Budgets with fewer distinct N are skipped (default 3). */
  minPoints?: number;
  bootstrap?: number;
  seed?: number;
  /** Budgets whose runs stray further than this from C = k·N·D are called nominal (default 0.05). */
  nominalTolerance?: number;
  /** Keep every kept resample's power laws in bootstrap.draws (for frontier bands). */
  keepDraws?: boolean;
}

export interface BudgetMinimum {
  C: number;
  points: number;
  /** Parabola loss = p0 + p1·x + p2·x², x = ln N. */
  parabola: [number, number, number];
  Nopt: number;
  /** From the parabola in ln D when the runs have D, else C / (k·N_opt). */
  Dopt: number;
  lossMin: number;
  /** The minimum lies inside the sampled N range. */
  interior: boolean;
  NRange: [number, number];
  ci95?: { N: [number, number]; D: [number, number] };
}

/** Bootstrap resamples left out of the intervals, by reason. */
export interface IsoFlopDropped {
  /** Some budget's resampled parabola opens downward (no minimum). */
  concave: number;
  /** Some budget's resampled minimum falls outside the model sizes (or token counts) sampled there. */
  outside: number;
  /** Some budget drew fewer than three distinct model sizes. */
  fewSizes: number;
}

export interface IsoFlopResult extends ApproachResult {
  approach: 2;
  budgets: BudgetMinimum[];
  skipped: { C: number; reason: string }[];
  /** Where D_opt comes from: the D column (parabola in ln D per budget) or C / (k·N_opt), which forces a + b = 1. */
  DSource: 'tokens' | 'compute';
  /** a + b (exactly 1 when D_opt = C / (k·N_opt)); with a bootstrap interval. */
  sumAB: { value: number; ci95?: [number, number] };
  /** C / (k·N·D) over the runs that have D and an explicit C or budget label. */
  budgetRatio?: { min: number; max: number };
  bootstrap?: { k: number; seed?: number; converged: number; dropped?: IsoFlopDropped; draws?: IsoFlopDraw[] };
}

/** One kept bootstrap resample: N_opt = N.coefficient · C^N.exponent, D_opt likewise. */
export interface IsoFlopDraw {
  N: { exponent: number; coefficient: number };
  D: { exponent: number; coefficient: number };
}

export interface Budget {
  C: number;
  /** ln N of each run. */
  x: Float64Array;
  y: Float64Array;
  /** ln D of each run, when every run of the budget has D. */
  lnD?: Float64Array;
}

/** Group runs into budgets (by label, else by C within a relative tolerance). */
export function groupBudgets(runs: IsoFlopRun[], opts: IsoFlopOptions = {}): Budget[] {
  const k = opts.flopsPerParamToken ?? 6;
  const tol = opts.tolerance ?? 0.1;
  const pts = runs.map((r, i) => {
    const C = r.C ?? (r.D !== undefined ? k * r.N * r.D : NaN);
    if (!(r.N > 0) || !(C > 0) || !Number.isFinite(r.loss)) throw new RangeError(`run ${i + 1}: needs N > 0, C (or D) > 0 and a finite loss`);
    return { N: r.N, C, D: r.D, loss: r.loss, budget: r.budget };
  });
  const out: Budget[] = [];
  const make = (g: typeof pts): Budget => {
    const C = g[0].budget !== undefined ? g[0].budget : Math.exp(g.reduce((s, p) => s + Math.log(p.C), 0) / g.length);
    const hasD = g.every((p) => p.D !== undefined && p.D > 0);
    return { C, x: Float64Array.from(g, (p) => Math.log(p.N)), y: Float64Array.from(g, (p) => p.loss), ...(hasD ? { lnD: Float64Array.from(g, (p) => Math.log(p.D!)) } : {}) };
  };
  if (pts.every((p) => p.budget !== undefined)) {
    const by = new Map<number, typeof pts>();
    for (const p of pts) (by.get(p.budget!) ?? by.set(p.budget!, []).get(p.budget!)!).push(p);
    for (const g of [...by.entries()].sort((a, b) => a[0] - b[0])) out.push(make(g[1]));
    return out;
  }
  pts.sort((a, b) => a.C - b.C);
  let cur: typeof pts = [];
  for (const p of pts) {
    if (cur.length && Math.log(p.C / cur[0].C) > Math.log1p(tol)) {
      out.push(make(cur));
      cur = [];
    }
    cur.push(p);
  }
  if (cur.length) out.push(make(cur));
  return out;
}

function fitParabola(x: Float64Array, y: Float64Array, idx?: Int32Array): [number, number, number] {
  const n = idx ? idx.length : x.length;
  const X = new Float64Array(3 * n), yy = new Float64Array(n);
  // centre x for conditioning
  let m = 0;
  for (let k = 0; k < n; k++) m += x[idx ? idx[k] : k] / n;
  for (let k = 0; k < n; k++) {
    const i = idx ? idx[k] : k;
    const t = x[i] - m;
    X[3 * k] = 1;
    X[3 * k + 1] = t;
    X[3 * k + 2] = t * t;
    yy[k] = y[i];
  }
  const [c0, c1, c2] = ols(X, yy, 3);
  // back to uncentred coefficients
  return [c0 - c1 * m + c2 * m * m, c1 - 2 * c2 * m, c2];
}

function distinctCount(x: Float64Array, idx?: Int32Array): number {
  const s = new Set<number>();
  const n = idx ? idx.length : x.length;
  for (let k = 0; k < n; k++) s.add(x[idx ? idx[k] : k]);
  return s.size;
}

function range(x: Float64Array): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    lo = Math.min(lo, x[i]);
    hi = Math.max(hi, x[i]);
  }
  return [lo, hi];
}

/** Why a budget has no usable minimum: 'few' (too few distinct sizes) or 'concave'. */
type NoMinimum = { reason: string; kind: 'few' | 'concave' };

/** A budget's parabola minimum in ln N (and in ln D when the runs have D); `idx` picks a resample. */
export function budgetMinimum(b: Budget, k: number, idx?: Int32Array): BudgetMinimum | NoMinimum {
  const minPts = 3;
  if (distinctCount(b.x, idx) < minPts) return { kind: 'few', reason: `fewer than ${minPts} distinct model sizes` };
  const p = fitParabola(b.x, b.y, idx);
  if (!(p[2] > 0)) return { kind: 'concave', reason: 'loss is not convex in log N at this budget (parabola opens downward)' };
  const xs = -p[1] / (2 * p[2]);
  const [lo, hi] = range(b.x);
  const Nopt = Math.exp(xs);
  let Dopt = b.C / (k * Nopt);
  if (b.lnD) {
    const q = fitParabola(b.lnD, b.y, idx);
    if (!(q[2] > 0)) return { kind: 'concave', reason: 'loss is not convex in log D at this budget (parabola opens downward)' };
    Dopt = Math.exp(-q[1] / (2 * q[2]));
  }
  return {
    C: b.C, points: idx ? idx.length : b.x.length, parabola: p, Nopt, Dopt,
    lossMin: p[0] + p[1] * xs + p[2] * xs * xs, interior: xs >= lo && xs <= hi, NRange: [Math.exp(lo), Math.exp(hi)],
  };
}

/**
 * Does a resampled minimum stay where the data could put it? Inside the model sizes (and token
 * counts) sampled at the budget, widened to the full-data minimum when that one is already outside
 * (so a budget flagged as extrapolated does not drop every resample).
 */
function withinSampled(b: Budget, full: BudgetMinimum, m: BudgetMinimum): boolean {
  const inside = (v: number, x: Float64Array, ref: number) => {
    const [lo, hi] = range(x);
    return v >= Math.min(lo, ref) && v <= Math.max(hi, ref);
  };
  if (!(Number.isFinite(m.Nopt) && Number.isFinite(m.Dopt) && m.Nopt > 0 && m.Dopt > 0)) return false;
  if (!inside(Math.log(m.Nopt), b.x, Math.log(full.Nopt))) return false;
  return !b.lnD || inside(Math.log(m.Dopt), b.lnD, Math.log(full.Dopt));
}

/** C / (k·N·D) over runs with D and an explicit compute or budget label (1 for runs whose C was derived from D). */
export function budgetRatios(runs: IsoFlopRun[], k: number): { min: number; max: number } | undefined {
  let min = Infinity, max = -Infinity;
  for (const r of runs) {
    const C = r.budget ?? r.C;
    if (C === undefined || r.D === undefined || !(r.D > 0) || !(r.N > 0)) continue;
    const v = C / (k * r.N * r.D);
    if (!Number.isFinite(v)) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return min <= max ? { min, max } : undefined;
}

/** Seeded bootstrap within budgets; resamples with a degenerate budget are dropped and counted, never fatal. */
function isoFlopBootstrap(used: Budget[], minima: BudgetMinimum[], k: number, K: number, seed: number) {
  const rng = new Rng(seed);
  const aN: number[] = [], cN: number[] = [], aD: number[] = [], cD: number[] = [], sum: number[] = [];
  const perBudgetN: number[][] = used.map(() => []), perBudgetD: number[][] = used.map(() => []);
  const dropped: IsoFlopDropped = { concave: 0, outside: 0, fewSizes: 0 };
  const idxs = used.map((b) => new Int32Array(b.x.length));
  const cs = minima.map((m) => m.C);
  const ns = new Float64Array(used.length), ds = new Float64Array(used.length);
  for (let r = 0; r < K; r++) {
    let bad: keyof IsoFlopDropped | undefined;
    used.forEach((b, j) => {
      const idx = idxs[j];
      for (let i = 0; i < idx.length; i++) idx[i] = rng.int(idx.length);
      if (bad) return;
      const m = budgetMinimum(b, k, idx);
      if ('kind' in m) bad = m.kind === 'few' ? 'fewSizes' : 'concave';
      else if (!withinSampled(b, minima[j], m)) bad = 'outside';
      else { ns[j] = m.Nopt; ds[j] = m.Dopt; }
    });
    if (bad) { dropped[bad]++; continue; }
    const pn = fitPowerLaw(cs, ns), pd = fitPowerLaw(cs, ds);
    aN.push(pn.exponent);
    cN.push(pn.coefficient);
    aD.push(pd.exponent);
    cD.push(pd.coefficient);
    sum.push(pn.exponent + pd.exponent);
    for (let j = 0; j < used.length; j++) { perBudgetN[j].push(ns[j]); perBudgetD[j].push(ds[j]); }
  }
  return { aN, cN, aD, cD, sum, perBudgetN, perBudgetD, dropped, kept: aN.length };
}

/** Chinchilla Approach 2. */
export function isoFlopAnalysis(runs: IsoFlopRun[], opts: IsoFlopOptions = {}): IsoFlopResult {
  const k = opts.flopsPerParamToken ?? 6;
  const minPoints = opts.minPoints ?? 3;
  const budgets = groupBudgets(runs, opts);
  const warnings: string[] = [];
  const skipped: { C: number; reason: string }[] = [];
  const used: Budget[] = [];
  const minima: BudgetMinimum[] = [];
  for (const b of budgets) {
    if (distinctCount(b.x) < minPoints) {
      skipped.push({ C: b.C, reason: `${distinctCount(b.x)} distinct model sizes (need ${minPoints})` });
      continue;
    }
    const m = budgetMinimum(b, k);
    if ('kind' in m) {
      skipped.push({ C: b.C, reason: m.reason });
      continue;
    }
    if (!m.interior) warnings.push(`budget C = ${b.C.toExponential(3)}: the parabola minimum N = ${m.Nopt.toExponential(3)} is outside the sampled sizes [${m.NRange[0].toExponential(2)}, ${m.NRange[1].toExponential(2)}] (extrapolated)`);
    used.push(b);
    minima.push(m);
  }
  if (minima.length < 2) throw new RangeError(`IsoFLOP needs at least two budgets with a parabola minimum (got ${minima.length}${skipped.length ? `; skipped: ${skipped.map((s) => `C=${s.C.toExponential(2)}: ${s.reason}`).join('; ')}` : ''})`);
  const DSource: IsoFlopResult['DSource'] = used.every((b) => b.lnD) ? 'tokens' : 'compute';
  if (DSource === 'compute' && used.some((b) => b.lnD)) {
    // Mixed budgets: use one definition of D_opt for all of them.
    for (let j = 0; j < used.length; j++) {
      used[j] = { C: used[j].C, x: used[j].x, y: used[j].y };
      minima[j].Dopt = minima[j].C / (k * minima[j].Nopt);
    }
  }
  const ratio = budgetRatios(runs, k);
  const nominalTol = opts.nominalTolerance ?? 0.05;
  const Cs = minima.map((m) => m.C);
  const N = fitPowerLaw(Cs, minima.map((m) => m.Nopt));
  const D = fitPowerLaw(Cs, minima.map((m) => m.Dopt));
  if (ratio && Math.max(Math.abs(ratio.max - 1), Math.abs(ratio.min - 1)) > nominalTol) {
    warnings.push(`budgets are nominal: C / (${k}·N·D) ranges from ${ratio.min.toFixed(2)} to ${ratio.max.toFixed(2)} across runs, not 1; ` +
      (DSource === 'tokens' ? `D_opt is fitted from the D column (a + b = ${(N.exponent + D.exponent).toFixed(3)}, not forced to 1)` : 'D_opt = C / (k·N_opt) inherits the mismatch'));
  }
  const result: IsoFlopResult = {
    approach: 2, name: 'IsoFLOP profiles (parabola in log N per budget)', N, D, budgets: minima, skipped, warnings, flopsPerParamToken: k,
    DSource, sumAB: { value: N.exponent + D.exponent }, ...(ratio ? { budgetRatio: ratio } : {}),
  };
  const K = opts.bootstrap ?? 0;
  if (K > 0) {
    const seed = opts.seed ?? 0;
    const bs = isoFlopBootstrap(used, minima, k, K, seed);
    const nDropped = bs.dropped.concave + bs.dropped.outside + bs.dropped.fewSizes;
    if (bs.kept >= 2) {
      N.ci95 = { exponent: interval(bs.aN), coefficient: interval(bs.cN) };
      D.ci95 = { exponent: interval(bs.aD), coefficient: interval(bs.cD) };
      result.sumAB.ci95 = interval(bs.sum);
      minima.forEach((m, j) => {
        m.ci95 = { N: interval(bs.perBudgetN[j]), D: interval(bs.perBudgetD[j]) };
      });
    } else {
      warnings.push(`no bootstrap interval: ${nDropped} of ${K} resamples had a budget without a usable minimum`);
    }
    if (nDropped > 0 && bs.kept >= 2) {
      const why = [[bs.dropped.concave, 'a parabola opening downward'], [bs.dropped.outside, 'a minimum outside the sampled sizes'], [bs.dropped.fewSizes, 'fewer than 3 distinct sizes']]
        .filter(([c]) => (c as number) > 0).map(([c, w]) => `${c} with ${w}`).join(', ');
      warnings.push(`${nDropped} of ${K} bootstrap resamples were dropped (${why}); the intervals use the other ${bs.kept}` +
        (nDropped > 0.1 * K ? ' and are narrower than the data alone would justify: some budgets are barely convex' : ''));
    }
    result.bootstrap = {
      k: K, seed, converged: bs.kept, dropped: bs.dropped,
      ...(opts.keepDraws ? { draws: bs.aN.map((a, r) => ({ N: { exponent: a, coefficient: bs.cN[r] }, D: { exponent: bs.aD[r], coefficient: bs.cD[r] } })) } : {}),
    };
  }
  return result;
}

// ---------------------------------------------------------------- Approach 1: envelope of training curves

export interface RunCurve {
  id?: string;
  N: number;
  /** Tokens seen at each point (C = flopsPerParamToken·N·D), or give C directly. */
  D?: ArrayLike<number>;
  C?: ArrayLike<number>;
  loss: ArrayLike<number>;
}

/** Long-format points (one row per logged step) to group into training curves. */
export interface CurvePoints {
  N: ArrayLike<number>;
  loss: ArrayLike<number>;
  /** Tokens seen, or FLOPs, at each point (one of them). */
  D?: ArrayLike<number>;
  C?: ArrayLike<number>;
  /** Run id per point; without it each model size is one curve. */
  run?: ArrayLike<string>;
}

/**
 * One curve per run (or per model size). Points without a positive N, a positive C or D, or a
 * finite loss are counted in `skipped`; curves with fewer than two points are dropped (`short`).
 * A run whose N changes between its points is an error naming it.
 */
export function curvesFromPoints(p: CurvePoints): { curves: RunCurve[]; skipped: number; short: string[] } {
  const by = new Map<string, { N: number; D: number[]; C: number[]; loss: number[] }>();
  let skipped = 0;
  for (let i = 0; i < p.N.length; i++) {
    const N = p.N[i], loss = p.loss[i], x = p.C ? p.C[i] : p.D ? p.D[i] : NaN;
    if (!(N > 0 && x > 0 && Number.isFinite(loss))) {
      skipped++;
      continue;
    }
    const id = p.run ? String(p.run[i]) : `N=${N}`;
    let g = by.get(id);
    if (!g) by.set(id, (g = { N, D: [], C: [], loss: [] }));
    if (g.N !== N) throw new RangeError(`run '${id}' has two model sizes (${g.N} and ${N}): give each run one N`);
    (p.C ? g.C : g.D).push(x);
    g.loss.push(loss);
  }
  const curves: RunCurve[] = [], short: string[] = [];
  for (const [id, g] of by) {
    if (g.loss.length < 2) short.push(id);
    else curves.push(p.C ? { id, N: g.N, C: g.C, loss: g.loss } : { id, N: g.N, D: g.D, loss: g.loss });
  }
  return { curves, skipped, short };
}

export interface EnvelopeOptions {
  flopsPerParamToken?: number;
  /** Number of log-spaced FLOP values (Chinchilla: 1500). Default 250. */
  gridPoints?: number;
  /** Only use FLOP values where at least this many runs have a loss (default 2). */
  minRuns?: number;
  /** Keep FLOP values won by the smallest or largest model (default false: they are censored). */
  keepEdges?: boolean;
  bootstrap?: number;
  seed?: number;
}

export interface EnvelopeResult extends ApproachResult {
  approach: 1;
  /** The envelope: for each FLOP value, the winning run's N, D and loss. */
  envelope: { C: number; N: number; D: number; loss: number; run: string }[];
}

interface PreparedCurve {
  id: string;
  N: number;
  lc: Float64Array;
  loss: Float64Array;
}

function prepareCurves(curves: RunCurve[], k: number): PreparedCurve[] {
  return curves.map((c, i) => {
    const n = c.loss.length;
    const pairs: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      const C = c.C ? c.C[j] : c.D ? k * c.N * c.D[j] : NaN;
      if (C > 0 && Number.isFinite(c.loss[j])) pairs.push([Math.log(C), c.loss[j]]);
    }
    if (!(c.N > 0)) throw new RangeError(`run ${c.id ?? i + 1}: N must be positive`);
    pairs.sort((a, b) => a[0] - b[0]);
    return { id: c.id ?? String(i + 1), N: c.N, lc: Float64Array.from(pairs, (p) => p[0]), loss: Float64Array.from(pairs, (p) => p[1]) };
  });
}

function lossAt(c: PreparedCurve, x: number): number {
  const a = c.lc;
  if (a.length === 0 || x < a[0] || x > a[a.length - 1]) return NaN;
  let lo = 0, hi = a.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= x) lo = mid;
    else hi = mid;
  }
  if (a[hi] === a[lo]) return c.loss[lo];
  const t = (x - a[lo]) / (a[hi] - a[lo]);
  return c.loss[lo] + t * (c.loss[hi] - c.loss[lo]);
}

/** Envelope points won by the smallest or largest model are censored (the optimum may lie beyond the sweep). */
function interiorOnly<T extends { N: number }>(env: T[], curves: PreparedCurve[]): T[] {
  let lo = Infinity, hi = -Infinity;
  for (const c of curves) {
    lo = Math.min(lo, c.N);
    hi = Math.max(hi, c.N);
  }
  return env.filter((e) => e.N > lo && e.N < hi);
}

function envelope(curves: PreparedCurve[], grid: Float64Array, minRuns: number, k: number) {
  const out: { C: number; N: number; D: number; loss: number; run: string }[] = [];
  for (const x of grid) {
    let best = Infinity, who = -1, count = 0;
    for (let i = 0; i < curves.length; i++) {
      const l = lossAt(curves[i], x);
      if (Number.isNaN(l)) continue;
      count++;
      if (l < best) {
        best = l;
        who = i;
      }
    }
    if (who < 0 || count < minRuns) continue;
    const C = Math.exp(x);
    out.push({ C, N: curves[who].N, D: C / (k * curves[who].N), loss: best, run: curves[who].id });
  }
  return out;
}

/** Chinchilla Approach 1: lowest loss over all runs at each of many log-spaced FLOP values. */
export function envelopeAnalysis(curves: RunCurve[], opts: EnvelopeOptions = {}): EnvelopeResult {
  const k = opts.flopsPerParamToken ?? 6;
  const prepared = prepareCurves(curves, k);
  const minRuns = opts.minRuns ?? 2;
  let lo = Infinity, hi = -Infinity;
  for (const c of prepared) {
    if (c.lc.length === 0) continue;
    lo = Math.min(lo, c.lc[0]);
    hi = Math.max(hi, c.lc[c.lc.length - 1]);
  }
  if (!(hi > lo)) throw new RangeError('the runs cover no range of compute');
  const G = opts.gridPoints ?? 250;
  const grid = new Float64Array(G);
  for (let i = 0; i < G; i++) grid[i] = lo + ((hi - lo) * i) / (G - 1);
  const fullEnv = envelope(prepared, grid, minRuns, k);
  const warnings: string[] = [];
  const keepEdges = opts.keepEdges ?? false;
  let env = keepEdges ? fullEnv : interiorOnly(fullEnv, prepared);
  if (!keepEdges && new Set(env.map((e) => e.N)).size < 2) {
    env = fullEnv;
    warnings.push('too few interior model sizes on the envelope: kept the points won by the smallest/largest model (biased towards the sweep edges)');
  } else if (env.length < fullEnv.length) {
    warnings.push(`${fullEnv.length - env.length} of ${fullEnv.length} FLOP values are won by the smallest or largest model and were left out (the optimum may lie beyond the sweep)`);
  }
  const distinct = new Set(env.map((e) => e.N)).size;
  if (env.length < 2 || distinct < 2) throw new RangeError(`the envelope touches ${distinct} model size(s): need runs of at least two sizes that overlap in compute`);
  const N = fitPowerLaw(env.map((e) => e.C), env.map((e) => e.N));
  const D = fitPowerLaw(env.map((e) => e.C), env.map((e) => e.D));
  if (distinct < 4) warnings.push(`the envelope is made of only ${distinct} model sizes: exponents are coarse`);
  const result: EnvelopeResult = { approach: 1, name: 'envelope of training curves (minimum loss per FLOP value)', N, D, envelope: env, warnings, flopsPerParamToken: k };
  const K = opts.bootstrap ?? 0;
  if (K > 0) {
    const seed = opts.seed ?? 0;
    const rng = new Rng(seed);
    const aN: number[] = [], cN: number[] = [], aD: number[] = [], cD: number[] = [];
    for (let r = 0; r < K; r++) {
      const sample = prepared.map(() => prepared[rng.int(prepared.length)]);
      const e0 = envelope(sample, grid, minRuns, k);
      const e = keepEdges ? e0 : interiorOnly(e0, sample);
      if (e.length < 2 || new Set(e.map((p) => p.N)).size < 2) continue;
      const pn = fitPowerLaw(e.map((p) => p.C), e.map((p) => p.N));
      const pd = fitPowerLaw(e.map((p) => p.C), e.map((p) => p.D));
      aN.push(pn.exponent);
      cN.push(pn.coefficient);
      aD.push(pd.exponent);
      cD.push(pd.coefficient);
    }
    N.ci95 = { exponent: interval(aN), coefficient: interval(cN) };
    D.ci95 = { exponent: interval(aD), coefficient: interval(cD) };
    result.bootstrap = { k: K, seed, converged: aN.length };
  }
  return result;
}

// ---------------------------------------------------------------- Approach 3: closed form

/** Chinchilla Approach 3 from fitted parameters; intervals from bootstrap parameter draws when given. */
export function closedFormApproach(p: ChinchillaParams, draws: ChinchillaParams[] = [], flopsPerParamToken = 6): ApproachResult {
  const one = (q: ChinchillaParams) => {
    const s = q.alpha + q.beta;
    const G = ((q.alpha * q.A) / (q.beta * q.B)) ** (1 / s);
    // N_opt = G (C/k)^a = G k^-a C^a ; D_opt = G^-1 k^-b C^b
    const a = q.beta / s, b = q.alpha / s;
    return { a, b, cN: G * flopsPerParamToken ** -a, cD: flopsPerParamToken ** -b / G };
  };
  const c = one(p);
  const N: PowerLaw = { exponent: c.a, coefficient: c.cN, points: 0 };
  const D: PowerLaw = { exponent: c.b, coefficient: c.cD, points: 0 };
  const warnings: string[] = [];
  if (draws.length >= 2) {
    const all = draws.map(one).filter((x) => Number.isFinite(x.a) && Number.isFinite(x.cN));
    N.ci95 = { exponent: interval(all.map((x) => x.a)), coefficient: interval(all.map((x) => x.cN)) };
    D.ci95 = { exponent: interval(all.map((x) => x.b)), coefficient: interval(all.map((x) => x.cD)) };
  }
  // sanity: agree with computeOptimal.ts at C = 1e21
  const chk = optimalForCompute(p, 1e21, flopsPerParamToken);
  if (Math.abs(c.cN * 1e21 ** c.a / chk.N - 1) > 1e-9) warnings.push('closed form disagrees with optimalForCompute');
  return {
    approach: 3, name: 'closed form from the parametric fit (G, a = beta/(alpha+beta), b = alpha/(alpha+beta))', N, D, warnings, flopsPerParamToken,
    ...(draws.length >= 2 ? { bootstrap: { k: draws.length, converged: draws.length } } : {}),
  };
}

/** N_opt, D_opt of an approach's power laws at C (for plotting the frontiers side by side). */
export function frontierAt(r: ApproachResult, C: number): { C: number; N: number; D: number } {
  return { C, N: r.N.coefficient * C ** r.N.exponent, D: r.D.coefficient * C ** r.D.exponent };
}

// ---------------------------------------------------------------- side by side

export interface ApproachComparison {
  approaches: ApproachResult[];
  /** Frontier N_opt(C), D_opt(C) of each approach at log-spaced C values (for one plot). */
  frontier: { C: number[]; byApproach: Record<string, { N: number[]; D: number[] }> };
  errors: Record<string, string>;
}

/** Run whichever approaches the inputs allow, on the same C grid. */
export function compareApproaches(input: {
  curves?: RunCurve[];
  isoRuns?: IsoFlopRun[];
  law?: ChinchillaParams;
  draws?: ChinchillaParams[];
  Cmin?: number;
  Cmax?: number;
  gridPoints?: number;
  bootstrap?: number;
  seed?: number;
  flopsPerParamToken?: number;
}): ApproachComparison {
  const approaches: ApproachResult[] = [];
  const errors: Record<string, string> = {};
  const k = input.flopsPerParamToken ?? 6;
  const common = { bootstrap: input.bootstrap, seed: input.seed, flopsPerParamToken: k };
  if (input.curves) {
    try {
      approaches.push(envelopeAnalysis(input.curves, common));
    } catch (e) {
      errors['1'] = (e as Error).message;
    }
  }
  if (input.isoRuns) {
    try {
      approaches.push(isoFlopAnalysis(input.isoRuns, common));
    } catch (e) {
      errors['2'] = (e as Error).message;
    }
  }
  if (input.law) approaches.push(closedFormApproach(input.law, input.draws ?? [], k));
  const Cmin = input.Cmin ?? 1e18, Cmax = input.Cmax ?? 1e24, G = input.gridPoints ?? 61;
  const C = Array.from({ length: G }, (_, i) => Cmin * (Cmax / Cmin) ** (i / (G - 1)));
  const byApproach: Record<string, { N: number[]; D: number[] }> = {};
  for (const a of approaches) {
    const pts = C.map((c) => frontierAt(a, c));
    byApproach[String(a.approach)] = { N: pts.map((p) => p.N), D: pts.map((p) => p.D) };
  }
  return { approaches, frontier: { C, byApproach }, errors };
}
