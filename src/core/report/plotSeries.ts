// Plot-ready series computed from a FitReport (shared by the HTML report and the webview):
// observed points, the fitted law along each token-per-parameter ratio, residuals, and the
// compute-optimal frontier with bootstrap bands.
import { createLaw } from '../laws/registry';
import { predictOne } from '../laws/types';
import { optimalForCompute, type ChinchillaParams } from '../plan/computeOptimal';
import { logspace } from '../numeric/grids';
import { percentile } from '../numeric/stats';
import type { FitReport } from './fitReport';
import { bootstrapDraws } from './intervals';

export interface Series {
  name: string;
  x: number[];
  y: number[];
  /** Optional band (same x). */
  lo?: number[];
  hi?: number[];
  text?: string[];
  mode: 'markers' | 'lines';
  /** Points and their fitted curve share a group (and a colour). */
  group?: number;
}

export interface FitFigures {
  xRole: string;
  points: Series[];
  fitted: Series[];
  residuals: Series;
  frontier?: { loss: Series; N: Series; D: Series };
  recommendation?: { C: number; N: number; D: number; loss: number; interval?: { N?: [number, number]; D?: [number, number]; loss?: [number, number] } };
}

function band(values: number[][]): { lo: number[]; hi: number[] } {
  const m = values[0]?.length ?? 0;
  const lo: number[] = [], hi: number[] = [];
  for (let j = 0; j < m; j++) {
    const col = values.map((v) => v[j]).filter(Number.isFinite);
    lo.push(col.length > 1 ? percentile(col, 2.5) : NaN);
    hi.push(col.length > 1 ? percentile(col, 97.5) : NaN);
  }
  return { lo, hi };
}

export function fitFigures(report: FitReport, maxBandDraws = 400): FitFigures {
  const law = createLaw(report.law, (report.lawOptions ?? {}) as Record<string, string>);
  const inputs = report.data.inputs;
  const xRole = law.inputs.includes('N') ? 'N' : law.inputs[0];
  const xs = inputs[xRole];
  const y = report.data.loss;
  const draws = bootstrapDraws(report).slice(0, maxBandDraws);
  const hasND = law.inputs.includes('N') && law.inputs.includes('D') && law.inputs.length === 2;

  // Group points so each group has one fitted curve: by tokens per parameter (a grid of sizes ×
  // multipliers) or by compute budget (IsoFLOP sweeps), whichever gives fewer groups.
  const ratio = hasND ? xs.map((_, i) => Number((inputs.D[i] / inputs.N[i]).toPrecision(2))) : [];
  const budget = hasND ? xs.map((_, i) => Number((6 * inputs.N[i] * inputs.D[i]).toPrecision(2))) : [];
  const distinct = (a: number[]) => new Set(a).size;
  const byBudget = hasND && distinct(budget) < distinct(ratio);
  const keyOf = (i: number): number => (!hasND ? 0 : byBudget ? budget[i] : ratio[i]);
  const groups = new Map<number, number[]>();
  xs.forEach((_, i) => {
    const g = groups.get(keyOf(i)) ?? [];
    g.push(i);
    groups.set(keyOf(i), g);
  });
  const sortedKeys = [...groups.keys()].sort((a, b) => a - b);
  const drawCurves = !hasND || groups.size <= 12;
  const points: Series[] = [];
  const fitted: Series[] = [];
  const xmin = Math.min(...xs), xmax = Math.max(...xs);
  sortedKeys.forEach((key, gi) => {
    const idx = groups.get(key) as number[];
    const label = !hasND ? 'observed' : byBudget ? `C = ${key.toExponential(1)}` : `D/N = ${key}`;
    points.push({
      name: label, mode: 'markers', group: gi,
      x: idx.map((i) => xs[i]), y: idx.map((i) => y[i]),
      text: idx.map((i) => `${report.data.run?.[i] ?? ''} ${law.inputs.map((k) => `${k}=${inputs[k][i].toPrecision(3)}`).join(' ')}`.trim()),
    });
    if (!drawCurves) return;
    const lo = byBudget ? Math.min(...idx.map((i) => xs[i])) / 1.5 : xmin / 1.5;
    const hi = byBudget ? Math.max(...idx.map((i) => xs[i])) * 1.5 : xmax * 3;
    const grid = logspace(lo, hi, 60);
    const at = (xv: number): Record<string, number> => {
      if (hasND) return { N: xv, D: byBudget ? key / (6 * xv) : xv * key };
      const pt: Record<string, number> = {};
      for (const k of law.inputs) pt[k] = k === xRole ? xv : inputs[k][idx[0]];
      return pt;
    };
    const curve = grid.map((xv) => predictOne(law, report.params, at(xv)));
    const b = draws.length > 1 ? band(draws.map((p) => grid.map((xv) => { try { return predictOne(law, p, at(xv)); } catch { return NaN; } }))) : undefined;
    fitted.push({ name: `fit, ${label}`, mode: 'lines', group: gi, x: grid, y: curve, ...(b ?? {}) });
  });
  const residuals: Series = {
    name: 'log residual', mode: 'markers', x: xs,
    y: report.data.predicted.map((p, i) => Math.log(y[i]) - Math.log(p)),
    text: points.flatMap((s) => s.text ?? []),
  };
  const out: FitFigures = { xRole, points, fitted, residuals };

  if (report.law === 'chinchilla') {
    const C = xs.map((_, i) => 6 * inputs.N[i] * inputs.D[i]);
    const cgrid = logspace(Math.min(...C) / 3, Math.max(...C) * 1000, 50);
    const p = report.params as unknown as ChinchillaParams;
    const best = cgrid.map((c) => optimalForCompute(p, c));
    const per = draws.map((d) => cgrid.map((c) => optimalForCompute(d as unknown as ChinchillaParams, c)));
    const bandOf = (k: 'loss' | 'N' | 'D') => (per.length > 1 ? band(per.map((row) => row.map((a) => a[k]))) : undefined);
    out.frontier = {
      loss: { name: 'compute-optimal loss', mode: 'lines', x: cgrid, y: best.map((a) => a.loss), ...(bandOf('loss') ?? {}) },
      N: { name: 'N_opt(C)', mode: 'lines', x: cgrid, y: best.map((a) => a.N), ...(bandOf('N') ?? {}) },
      D: { name: 'D_opt(C)', mode: 'lines', x: cgrid, y: best.map((a) => a.D), ...(bandOf('D') ?? {}) },
    };
    const Crec = Math.max(...C) * 10;
    const rec = optimalForCompute(p, Crec);
    const iv = (k: 'N' | 'D' | 'loss'): [number, number] | undefined => {
      const v = draws.map((d) => optimalForCompute(d as unknown as ChinchillaParams, Crec)[k]).filter(Number.isFinite);
      return v.length > 1 ? [percentile(v, 2.5), percentile(v, 97.5)] : undefined;
    };
    out.recommendation = { C: Crec, N: rec.N, D: rec.D, loss: rec.loss, interval: draws.length > 1 ? { N: iv('N'), D: iv('D'), loss: iv('loss') } : undefined };
  }
  return out;
}
