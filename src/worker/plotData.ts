// Plot series for a FitReport: points, fitted-law curves with 95 % bootstrap bands, residuals,
// the compute-optimal frontier and a recommendation card. Runs in the worker process so the
// extension host never evaluates thousands of bootstrap draws. Pure: no vscode, no fs.
import { createLaw, type LawOptions } from '../core/laws/registry';
import { fromReported, type Inputs, type LawSpec } from '../core/laws/types';
import { optimalForCompute, type ChinchillaParams } from '../core/plan/computeOptimal';
import type { FitReport } from '../core/report/fitReport';
import { bootstrapDraws, interval95 } from '../core/report/intervals';
import { logspace } from '../core/numeric/grids';
import { median, percentile } from '../core/numeric/stats';
import { formatHumanNumber } from '../core/table/numbers';
import type { AxisPlot, PlotData, Recommendation, Series } from '../protocol';

const GRID = 60;

export function logGrid(lo: number, hi: number, n = GRID): number[] {
  return logspace(lo, hi, n);
}

/** Evenly spaced subsample of at most `max` draws (deterministic). */
export function subsample<T>(xs: T[], max: number): T[] {
  if (xs.length <= max) return xs;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(xs[Math.floor((i * xs.length) / max)]);
  return out;
}

function lawOf(report: FitReport): LawSpec {
  return createLaw(report.law, (report.lawOptions ?? {}) as LawOptions);
}

/** Curve of the fitted law along `axis` with the other inputs held at `fixed`, plus a band. */
export function curve(law: LawSpec, report: FitReport, draws: Record<string, number>[], axis: string, xs: number[], fixed: Record<string, number>, name: string): Series {
  const x: Inputs = {};
  for (const k of law.inputs) x[k] = k === axis ? Float64Array.from(xs) : new Float64Array(xs.length).fill(fixed[k]);
  const out = new Float64Array(xs.length);
  law.predict(fromReported(law, report.params), x, out);
  const s: Series = { name, x: xs, y: Array.from(out) };
  if (draws.length >= 20) {
    const m = draws.length;
    const cols = xs.map(() => new Float64Array(m));
    const tmp = new Float64Array(xs.length);
    draws.forEach((d, j) => {
      law.predict(fromReported(law, d), x, tmp);
      for (let i = 0; i < xs.length; i++) cols[i][j] = tmp[i];
    });
    s.lo = cols.map((c) => percentile(c.filter(Number.isFinite), 2.5));
    s.hi = cols.map((c) => percentile(c.filter(Number.isFinite), 97.5));
  }
  return s;
}

function key(v: number): string {
  return v.toPrecision(4);
}

/**
 * IsoFLOP slices (Hoffmann et al. 2022, approach 2): runs sharing a compute budget C (to 3
 * significant digits), loss against N, with the law along D = C / (k·N). Only when at least two
 * budgets have three or more runs each.
 */
export function isoflopSlices(law: LawSpec, report: FitReport, draws: Record<string, number>[], C: number[], k: number, text: (i: number) => string): AxisPlot | undefined {
  const groups = new Map<string, number[]>();
  C.forEach((c, i) => {
    const g = groups.get(key(c)) ?? [];
    g.push(i);
    groups.set(key(c), g);
  });
  const budgets = [...groups.values()].filter((g) => g.length >= 3).sort((a, b) => C[a[0]] - C[b[0]]).slice(0, 8);
  if (budgets.length < 2) return undefined;
  const N = report.data.inputs.N, loss = report.data.loss;
  const idx = budgets.flat();
  const curves: Series[] = budgets.map((g) => {
    const c = C[g[0]];
    const ns = g.map((i) => N[i]);
    const grid = logGrid(Math.min(...ns) / 2, Math.max(...ns) * 2);
    const x: Inputs = { N: Float64Array.from(grid), D: Float64Array.from(grid, (v) => c / (k * v)) };
    const out = new Float64Array(grid.length);
    law.predict(fromReported(law, report.params), x, out);
    const s: Series = { name: `C = ${c.toExponential(2)}`, x: grid, y: Array.from(out) };
    if (draws.length >= 20) {
      const cols = grid.map(() => new Float64Array(draws.length));
      draws.forEach((d, j) => {
        law.predict(fromReported(law, d), x, out);
        for (let i = 0; i < grid.length; i++) cols[i][j] = out[i];
      });
      s.lo = cols.map((col) => percentile(col.filter(Number.isFinite), 2.5));
      s.hi = cols.map((col) => percentile(col.filter(Number.isFinite), 97.5));
    }
    return s;
  });
  return {
    axis: 'isoflop', title: 'IsoFLOP slices', xTitle: 'N (parameters), D = C / (k·N)',
    points: { x: idx.map((i) => N[i]), y: idx.map((i) => loss[i]), text: idx.map(text) }, curves,
  };
}

export function asChinchilla(p: Record<string, number>): ChinchillaParams {
  return { E: p.E, A: p.A, B: p.B, alpha: p.alpha, beta: p.beta };
}

export function buildPlotData(report: FitReport, options: { flopsPerParamToken?: number; maxBandDraws?: number } = {}): { plots: PlotData; recommendation?: Recommendation } {
  const k = options.flopsPerParamToken ?? 6;
  const law = lawOf(report);
  const draws = subsample(bootstrapDraws(report), options.maxBandDraws ?? 1000);
  const inputs = report.data.inputs;
  const loss = report.data.loss;
  const n = loss.length;
  const runs = report.data.run ?? loss.map((_, i) => `row ${i + 1}`);
  const text = (i: number) => `${runs[i]}<br>${law.inputs.map((a) => `${a}=${formatHumanNumber(inputs[a][i])}`).join(', ')}<br>loss=${loss[i].toPrecision(5)}`;
  const axes: AxisPlot[] = [];

  for (const axis of law.inputs) {
    const xsData = inputs[axis];
    if (!xsData || xsData.length === 0) continue;
    const positive = xsData.filter((v) => v > 0);
    const grid = logGrid(Math.min(...positive) / 1.5, Math.max(...positive) * 1.5);
    const others = law.inputs.filter((a) => a !== axis);
    const curves: Series[] = [];
    if (others.length === 0) {
      curves.push(curve(law, report, draws, axis, grid, {}, 'fit'));
    } else {
      const groups = new Map<string, Record<string, number>>();
      for (let i = 0; i < n; i++) {
        const g = Object.fromEntries(others.map((o) => [o, inputs[o][i]]));
        groups.set(others.map((o) => key(g[o])).join('|'), g);
      }
      const label = (g: Record<string, number>) => others.map((o) => `${o}=${formatHumanNumber(g[o])}`).join(', ');
      if (groups.size <= 8) {
        const sorted = [...groups.values()].sort((a, b) => a[others[0]] - b[others[0]]);
        for (const g of sorted) curves.push(curve(law, report, draws, axis, grid, g, label(g)));
      } else {
        const g = Object.fromEntries(others.map((o) => [o, median(inputs[o])]));
        curves.push(curve(law, report, draws, axis, grid, g, `${label(g)} (median)`));
      }
    }
    axes.push({ axis, title: `loss vs ${axis}`, points: { x: xsData, y: loss, text: Array.from({ length: n }, (_, i) => text(i)) }, curves });
  }

  let frontier: PlotData['frontier'];
  let recommendation: Recommendation | undefined;
  const hasND = law.inputs.includes('N') && law.inputs.includes('D') && !law.inputs.includes('C');
  if (hasND) {
    const C = Array.from({ length: n }, (_, i) => k * inputs.N[i] * inputs.D[i]);
    const curves: Series[] = [];
    if (report.law === 'chinchilla') {
      const cGrid = logGrid(Math.min(...C) / 3, Math.max(...C) * 100);
      const opt = cGrid.map((c) => optimalForCompute(asChinchilla(report.params), c, k));
      frontier = { C: cGrid, N: opt.map((o) => o.N), D: opt.map((o) => o.D), loss: opt.map((o) => o.loss) };
      const s: Series = { name: 'compute-optimal frontier', x: cGrid, y: frontier.loss };
      if (draws.length >= 20) {
        const cols = cGrid.map((c) => draws.map((d) => optimalForCompute(asChinchilla(d), c, k).loss).filter(Number.isFinite));
        s.lo = cols.map((col) => percentile(col, 2.5));
        s.hi = cols.map((col) => percentile(col, 97.5));
      }
      curves.push(s);
      const budget = 10 * Math.max(...C);
      const best = optimalForCompute(asChinchilla(report.params), budget, k);
      const iv = (f: (p: Record<string, number>) => number) => interval95(report, f);
      recommendation = {
        C: budget, N: best.N, D: best.D, loss: best.loss,
        interval: report.bootstrap ? {
          N: iv((p) => optimalForCompute(asChinchilla(p), budget, k).N),
          D: iv((p) => optimalForCompute(asChinchilla(p), budget, k).D),
          loss: iv((p) => optimalForCompute(asChinchilla(p), budget, k).loss),
        } : undefined,
        text: `With ${formatHumanNumber(budget)} FLOPs (10× your largest run, C = ${k}·N·D): train N = ${formatHumanNumber(best.N)} parameters on D = ${formatHumanNumber(best.D)} tokens (${(best.D / best.N).toFixed(1)} tokens/parameter), predicted loss ${best.loss.toFixed(4)}.`,
      };
    }
    axes.push({ axis: 'C', title: `loss vs C = ${k}·N·D`, points: { x: C, y: loss, text: Array.from({ length: n }, (_, i) => text(i)) }, curves });
    const iso = isoflopSlices(law, report, draws, C, k, text);
    if (iso) axes.push(iso);
  }

  const space = report.objective.space === 'linear' ? 'linear' : 'log';
  const against = law.inputs.includes('N') ? 'N' : law.inputs[0];
  const pred = report.data.predicted;
  const residuals = {
    x: inputs[against] ?? pred,
    y: loss.map((y, i) => (space === 'log' ? Math.log(y) - Math.log(pred[i]) : y - pred[i])),
    text: Array.from({ length: n }, (_, i) => text(i)),
    space: space as 'log' | 'linear',
    against,
  };
  return { plots: { axes, residuals, frontier }, recommendation };
}

export { pointsCsv } from '../extension/exportFiles';
