// The one figure builder: a FitReport in, plot-ready figures out. The HTML report, the results
// panel, the Viewer and the publication export all draw from it, so one FitReport gives the same
// figure everywhere. Figures are plotting-library-agnostic data (axes with titles and units,
// traces with bands and hover text); the renderer (webview/shared/figures.ts) maps them to plotly
// with the theme. Pure: no DOM, no fs.
import { createLaw, type LawOptions } from '../laws/registry';
import { fromReported, type Inputs, type LawSpec } from '../laws/types';
import { logspace } from '../numeric/grids';
import { median, percentileInterval } from '../numeric/stats';
import { optimalForCompute, type Allocation, type ChinchillaParams } from '../plan/computeOptimal';
import { formatHumanNumber } from '../table/numbers';
import type { FitReport } from './fitReport';
import { bootstrapDraws } from './intervals';
import { maxOf, minOf } from '../numeric/stats';

export interface FigureAxis {
  title: string;
  log: boolean;
}

export type TraceRole = 'data' | 'flagged' | 'excluded' | 'fit' | 'frontier' | 'reference';

export interface Trace {
  name: string;
  kind: 'points' | 'line';
  x: number[];
  y: number[];
  /** A band around a line (same x), e.g. the 95 % bootstrap confidence band. */
  lo?: number[];
  hi?: number[];
  /** Legend text of the band ('95 % confidence band, 400 bootstrap draws'). */
  band?: string;
  /** Hover text per point: run name and full values. */
  text?: string[];
  /** Row of the fitted data behind each point (for click-to-exclude). */
  rows?: number[];
  /** Colour group: points and the curve drawn for them share it. */
  group?: number;
  role: TraceRole;
}

export interface Figure {
  /** Stable id ('loss-N', 'loss-C', 'isoflop', 'residuals', 'frontier', …), also the DOM id suffix. */
  id: string;
  title: string;
  x: FigureAxis;
  y: FigureAxis;
  traces: Trace[];
  /** One line under the figure: what is held fixed, the FLOP convention. */
  note?: string;
}

/** The compute-optimal run at 10× the largest compute in the data (C is that budget). */
export interface Recommendation extends Allocation {
  /** 95 % bootstrap intervals of the allocation (confidence intervals of the law's optimum). */
  interval?: { N?: [number, number]; D?: [number, number]; loss?: [number, number] };
  text: string;
}

export interface FigureSet {
  figures: Figure[];
  recommendation?: Recommendation;
  /** C = k·N·D with this k wherever compute is derived. */
  flopsPerParamToken: number;
  /** Bootstrap draws behind the bands (0: no bands). */
  bandDraws: number;
}

export interface FigureOptions {
  /** FLOPs per parameter per token (default: the report's convention, else 6). */
  flopsPerParamToken?: number;
  /** At most this many bootstrap draws are evaluated for bands (evenly subsampled). */
  maxBandDraws?: number;
  /** Points on each curve. */
  gridPoints?: number;
}

/** Fewer draws than this give no band: percentiles of a handful of draws are noise. */
export const MIN_BAND_DRAWS = 20;
const DEFAULT_MAX_BAND_DRAWS = 400;
/** At most this many curves (fixed values of the other input) per figure. */
const MAX_GROUPS = 6;

const AXIS_TITLES: Record<string, string> = {
  N: 'N, parameters',
  D: 'D, training tokens',
  C: 'C, training compute (FLOPs)',
  step: 'training step',
  x: 'source loss',
  loss: 'loss',
};

export function axisTitle(input: string): string {
  return Object.hasOwn(AXIS_TITLES, input) ? AXIS_TITLES[input] : input;
}

/** Evenly spaced subsample of at most `max` items (deterministic). */
export function subsample<T>(xs: T[], max: number): T[] {
  if (xs.length <= max) return xs;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(xs[Math.floor((i * xs.length) / max)]);
  return out;
}

/** Full-precision number for hover text (12 significant digits, no trailing zeros). */
function full(v: number): string {
  return Number.isFinite(v) ? String(+v.toPrecision(12)) : String(v);
}

function lawOf(report: FitReport): LawSpec {
  return createLaw(report.law, (report.lawOptions ?? {}) as LawOptions);
}

function asChinchilla(p: Record<string, number>): ChinchillaParams {
  return { E: p.E, A: p.A, B: p.B, alpha: p.alpha, beta: p.beta };
}

/** The law along a grid of one input with the other inputs given per point; band from the draws. */
function lawLine(law: LawSpec, params: Record<string, number>, draws: Record<string, number>[], x: Inputs, n: number): { y: number[]; lo?: number[]; hi?: number[] } {
  const out = new Float64Array(n);
  law.predict(fromReported(law, params), x, out);
  const line: { y: number[]; lo?: number[]; hi?: number[] } = { y: Array.from(out) };
  if (draws.length < MIN_BAND_DRAWS) return line;
  const cols = Array.from({ length: n }, () => new Float64Array(draws.length));
  draws.forEach((d, j) => {
    law.predict(fromReported(law, d), x, out);
    for (let i = 0; i < n; i++) cols[i][j] = out[i];
  });
  line.lo = [];
  line.hi = [];
  for (const c of cols) {
    const iv = percentileInterval(c);
    line.lo.push(iv ? iv[0] : NaN);
    line.hi.push(iv ? iv[1] : NaN);
  }
  return line;
}

/**
 * Groups of rows by the value of another input: one group per distinct value when there are few,
 * else quantile bins in log space. Each group has a representative value (geometric median) at
 * which its curve is drawn.
 */
export function groupByValue(values: number[], maxGroups = MAX_GROUPS): { value: number; rows: number[]; label: string; exact: boolean }[] {
  const key = (v: number) => Number(v.toPrecision(3));
  const distinct = new Map<number, number[]>();
  values.forEach((v, i) => {
    const k = key(v);
    const g = distinct.get(k);
    if (g) g.push(i);
    else distinct.set(k, [i]);
  });
  if (distinct.size <= maxGroups) {
    return [...distinct.entries()].sort((a, b) => a[0] - b[0]).map(([, rows]) => ({ value: median(rows.map((i) => values[i])), rows, label: '', exact: true }));
  }
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const bins: number[][] = [];
  for (let b = 0; b < maxGroups; b++) {
    const rows = order.slice(Math.floor((b * order.length) / maxGroups), Math.floor(((b + 1) * order.length) / maxGroups));
    if (rows.length) bins.push(rows);
  }
  return bins.map((rows) => ({ value: Math.exp(median(rows.map((i) => Math.log(values[i])))), rows, label: '', exact: false }));
}

interface Ctx {
  report: FitReport;
  law: LawSpec;
  draws: Record<string, number>[];
  k: number;
  grid: number;
  inputs: Record<string, number[]>;
  loss: number[];
  text: string[];
  bandLabel: string;
}

function pointText(report: FitReport, law: LawSpec, k: number): string[] {
  const { inputs, loss, run, predicted } = report.data;
  const hasND = law.inputs.includes('N') && law.inputs.includes('D');
  return loss.map((y, i) => {
    const parts = [run?.[i] ?? `row ${i + 1}`];
    for (const a of law.inputs) parts.push(`${a} = ${formatHumanNumber(inputs[a][i])} (${full(inputs[a][i])})`);
    if (hasND && !law.inputs.includes('C')) parts.push(`C = ${k}·N·D = ${formatHumanNumber(k * inputs.N[i] * inputs.D[i])}`);
    parts.push(`loss = ${full(y)}`, `fit = ${full(predicted[i])}`);
    return parts.join('\n');
  });
}

/** Loss against one input, with a curve (and band) at each of several fixed values of the other inputs. */
function lossAgainst(c: Ctx, axis: string): Figure | undefined {
  const xs = c.inputs[axis];
  if (!xs?.length) return undefined;
  const positive = xs.filter((v) => v > 0);
  if (!positive.length) return undefined;
  const lo = minOf(positive), hi = maxOf(positive);
  const gridX = logspace(lo / 1.5, hi * 1.5, c.grid);
  const others = c.law.inputs.filter((a) => a !== axis);
  const traces: Trace[] = [];
  let note: string | undefined;
  if (others.length === 0) {
    const line = lawLine(c.law, c.report.params, c.draws, { [axis]: Float64Array.from(gridX) }, gridX.length);
    traces.push({ name: `${c.report.law} fit`, kind: 'line', role: 'fit', x: gridX, ...line, ...(line.lo ? { band: c.bandLabel } : {}) });
    traces.push({ name: 'runs', kind: 'points', role: 'data', x: xs, y: c.loss, text: c.text, rows: xs.map((_, i) => i) });
  } else {
    // Colour and curves by the first other input; further inputs are held at their median.
    const by = others[0];
    const groups = groupByValue(c.inputs[by]);
    const rest = others.slice(1);
    const held = Object.fromEntries(rest.map((o) => [o, median(c.inputs[o])]));
    note = `Curves at fixed ${by}${groups.every((g) => g.exact) ? '' : ' (the median of each colour\'s runs)'}${rest.length ? `; ${rest.map((o) => `${o} = ${formatHumanNumber(held[o])} (median)`).join(', ')}` : ''}.`;
    groups.forEach((g, gi) => {
      const label = `${by} ${g.exact ? '=' : '≈'} ${formatHumanNumber(g.value)}`;
      const x: Inputs = { [axis]: Float64Array.from(gridX), [by]: new Float64Array(gridX.length).fill(g.value) };
      for (const o of rest) x[o] = new Float64Array(gridX.length).fill(held[o]);
      const line = lawLine(c.law, c.report.params, c.draws, x, gridX.length);
      traces.push({ name: `fit, ${label}`, kind: 'line', role: 'fit', group: gi, x: gridX, ...line, ...(line.lo ? { band: c.bandLabel } : {}) });
      traces.push({ name: `runs, ${label}`, kind: 'points', role: 'data', group: gi, x: g.rows.map((i) => xs[i]), y: g.rows.map((i) => c.loss[i]), text: g.rows.map((i) => c.text[i]), rows: g.rows });
    });
  }
  return { id: `loss-${axis}`, title: `Loss against ${axisTitle(axis).split(',')[0]}`, x: { title: axisTitle(axis), log: true }, y: { title: 'loss', log: true }, traces, ...(note ? { note } : {}) };
}

/** Loss against compute C = k·N·D with the compute-optimal frontier (Chinchilla law). */
function lossAgainstCompute(c: Ctx, C: number[]): { figure: Figure; frontier?: Figure; recommendation?: Recommendation } {
  const traces: Trace[] = [];
  let frontier: Figure | undefined;
  let recommendation: Recommendation | undefined;
  if (c.report.law === 'chinchilla') {
    const cGrid = logspace(minOf(C) / 3, maxOf(C) * 100, c.grid);
    const best = cGrid.map((v) => optimalForCompute(asChinchilla(c.report.params), v, c.k));
    const per = c.draws.length >= MIN_BAND_DRAWS ? c.draws.map((d) => cGrid.map((v) => optimalForCompute(asChinchilla(d), v, c.k))) : [];
    const band = (key: 'loss' | 'N' | 'D') => {
      if (!per.length) return {};
      const lo: number[] = [], hi: number[] = [];
      cGrid.forEach((_, i) => {
        const iv = percentileInterval(per.map((row) => row[i][key]));
        lo.push(iv ? iv[0] : NaN);
        hi.push(iv ? iv[1] : NaN);
      });
      return { lo, hi, band: c.bandLabel };
    };
    traces.push({ name: 'compute-optimal loss', kind: 'line', role: 'frontier', x: cGrid, y: best.map((a) => a.loss), ...band('loss') });
    frontier = {
      id: 'frontier', title: 'Compute-optimal allocation', x: { title: axisTitle('C'), log: true }, y: { title: 'N_opt (parameters), D_opt (tokens)', log: true },
      traces: [
        { name: 'N_opt(C), parameters', kind: 'line', role: 'frontier', group: 1, x: cGrid, y: best.map((a) => a.N), ...band('N') },
        { name: 'D_opt(C), tokens', kind: 'line', role: 'frontier', group: 2, x: cGrid, y: best.map((a) => a.D), ...band('D') },
      ],
      note: `Under C = ${c.k}·N·D.`,
    };
    const budget = 10 * maxOf(C);
    const rec = optimalForCompute(asChinchilla(c.report.params), budget, c.k);
    const iv = (key: 'N' | 'D' | 'loss') => (c.draws.length >= MIN_BAND_DRAWS ? percentileInterval(c.draws.map((d) => optimalForCompute(asChinchilla(d), budget, c.k)[key])) : undefined);
    const interval = c.draws.length >= MIN_BAND_DRAWS ? { N: iv('N'), D: iv('D'), loss: iv('loss') } : undefined;
    recommendation = {
      C: budget, N: rec.N, D: rec.D, loss: rec.loss, tokensPerParam: rec.tokensPerParam, ...(interval ? { interval } : {}),
      text: `With ${formatHumanNumber(budget)} FLOPs (10× your largest run, C = ${c.k}·N·D): train N = ${formatHumanNumber(rec.N)} parameters on D = ${formatHumanNumber(rec.D)} tokens (${rec.tokensPerParam.toFixed(1)} tokens per parameter), predicted loss ${rec.loss.toFixed(4)}.`,
    };
  }
  traces.push({ name: 'runs', kind: 'points', role: 'data', x: C, y: c.loss, text: c.text, rows: C.map((_, i) => i) });
  return {
    figure: { id: 'loss-C', title: 'Loss against compute', x: { title: axisTitle('C'), log: true }, y: { title: 'loss', log: true }, traces, note: `C = ${c.k}·N·D.` },
    frontier,
    recommendation,
  };
}

/**
 * IsoFLOP slices (Hoffmann et al. 2022, approach 2): runs sharing a compute budget (to 3
 * significant digits), loss against N, with the law along D = C / (k·N). Only when at least two
 * budgets have three or more runs each.
 */
function isoflopSlices(c: Ctx, C: number[]): Figure | undefined {
  const groups = new Map<number, number[]>();
  C.forEach((v, i) => {
    const key = Number(v.toPrecision(3));
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  const budgets = [...groups.entries()].filter(([, g]) => g.length >= 3).sort((a, b) => a[0] - b[0]).slice(0, 8);
  if (budgets.length < 2) return undefined;
  const N = c.inputs.N;
  const traces: Trace[] = [];
  budgets.forEach(([budget, rows], gi) => {
    const ns = rows.map((i) => N[i]);
    const grid = logspace(minOf(ns) / 2, maxOf(ns) * 2, c.grid);
    const x: Inputs = { N: Float64Array.from(grid), D: Float64Array.from(grid, (v) => budget / (c.k * v)) };
    const line = lawLine(c.law, c.report.params, c.draws, x, grid.length);
    const label = `C ≈ ${formatHumanNumber(budget)}`;
    traces.push({ name: `fit, ${label}`, kind: 'line', role: 'fit', group: gi, x: grid, ...line, ...(line.lo ? { band: c.bandLabel } : {}) });
    traces.push({ name: `runs, ${label}`, kind: 'points', role: 'data', group: gi, x: ns, y: rows.map((i) => c.loss[i]), text: rows.map((i) => c.text[i]), rows });
  });
  return { id: 'isoflop', title: 'IsoFLOP slices', x: { title: axisTitle('N'), log: true }, y: { title: 'loss', log: true }, traces, note: `Along each budget D = C / (${c.k}·N).` };
}

function residuals(c: Ctx): Figure {
  const space = c.report.objective.space === 'linear' ? 'linear' : 'log';
  const against = c.law.inputs.includes('N') ? 'N' : c.law.inputs[0];
  const pred = c.report.data.predicted;
  const x = c.inputs[against] ?? pred;
  const y = c.loss.map((v, i) => (space === 'log' ? Math.log(v) - Math.log(pred[i]) : v - pred[i]));
  const lo = minOf(x), hi = maxOf(x);
  return {
    id: 'residuals', title: 'Residuals', x: { title: axisTitle(against), log: true },
    y: { title: space === 'log' ? 'log(loss) − log(fit)' : 'loss − fit', log: false },
    traces: [
      { name: 'zero', kind: 'line', role: 'reference', x: [lo, hi], y: [0, 0] },
      { name: 'runs', kind: 'points', role: 'data', x, y, text: c.text, rows: x.map((_, i) => i) },
    ],
    note: `Residuals in the fit's ${space} space.`,
  };
}

/**
 * Points the diagnostics flagged, drawn apart (a cross, the warning colour) with the reason in the
 * hover; every other point stays in its trace. Nothing is removed.
 */
function markFlagged(figures: Figure[], report: FitReport): void {
  const flagged = new Map((report.diagnostics?.flagged ?? []).map((f) => [f.index, f]));
  if (!flagged.size) return;
  for (const fig of figures) {
    const out: Trace[] = [];
    const marked: { x: number[]; y: number[]; text: string[]; rows: number[] } = { x: [], y: [], text: [], rows: [] };
    for (const t of fig.traces) {
      if (t.kind !== 'points' || !t.rows) {
        out.push(t);
        continue;
      }
      const keep: number[] = [];
      t.rows.forEach((row, j) => {
        const f = flagged.get(row);
        if (!f) return keep.push(j);
        marked.x.push(t.x[j]);
        marked.y.push(t.y[j]);
        marked.text.push(`${t.text?.[j] ?? ''}\nflagged (${f.kind}): ${f.reason}`);
        marked.rows.push(row);
      });
      if (keep.length === t.rows.length) out.push(t);
      else if (keep.length) out.push({ ...t, x: keep.map((j) => t.x[j]), y: keep.map((j) => t.y[j]), text: t.text && keep.map((j) => t.text![j]), rows: keep.map((j) => t.rows![j]) });
    }
    if (marked.x.length) out.push({ name: `flagged points (${marked.x.length}): kept in the fit`, kind: 'points', role: 'flagged', ...marked });
    fig.traces = out;
  }
}

export function buildFigures(report: FitReport, options: FigureOptions = {}): FigureSet {
  const law = lawOf(report);
  const k = options.flopsPerParamToken ?? report.provenance?.flopsPerParamToken ?? 6;
  const allDraws = bootstrapDraws(report);
  const draws = subsample(allDraws, options.maxBandDraws ?? DEFAULT_MAX_BAND_DRAWS);
  const bandDraws = draws.length >= MIN_BAND_DRAWS ? draws.length : 0;
  const c: Ctx = {
    report, law, draws: bandDraws ? draws : [], k, grid: options.gridPoints ?? 60,
    inputs: report.data.inputs, loss: report.data.loss, text: pointText(report, law, k),
    bandLabel: `95 % confidence band of the law (${bandDraws} bootstrap draws)`,
  };
  const figures: Figure[] = [];
  for (const axis of law.inputs) {
    const f = lossAgainst(c, axis);
    if (f) figures.push(f);
  }
  let recommendation: Recommendation | undefined;
  const hasND = law.inputs.includes('N') && law.inputs.includes('D') && !law.inputs.includes('C');
  if (hasND && c.loss.length) {
    const C = c.inputs.N.map((n, i) => k * n * c.inputs.D[i]);
    const compute = lossAgainstCompute(c, C);
    figures.push(compute.figure);
    const iso = isoflopSlices(c, C);
    if (iso) figures.push(iso);
    if (compute.frontier) figures.push(compute.frontier);
    recommendation = compute.recommendation;
  }
  if (c.loss.length) figures.push(residuals(c));
  markFlagged(figures, report);
  return { figures, ...(recommendation ? { recommendation } : {}), flopsPerParamToken: k, bandDraws };
}
