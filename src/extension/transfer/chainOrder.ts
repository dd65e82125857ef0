// Order FitReport files into a prediction chain (no 'vscode'): compute → loss (a law over N, D
// or C) first, then loss-to-loss stages, then downstream error; and a default compute budget.
import type { FitReport } from '../../core/report/fitReport';

const RANK: Record<string, number> = { 'loss-to-loss': 1, downstream: 2 };

function rank(r: Pick<FitReport, 'law' | 'inputs'>): number {
  if (r.law in RANK) return RANK[r.law];
  const ins = r.inputs ?? [];
  if (ins.includes('N') || ins.includes('D') || ins.includes('C')) return 0;
  return 1.5;
}

/** Stable sort of the chosen reports into chain order; throws when there is no compute stage. */
export function orderChain<T extends Pick<FitReport, 'law' | 'inputs'>>(reports: T[]): T[] {
  if (reports.length === 0) throw new Error('choose at least one FitReport');
  const sorted = reports.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i).map((x) => x.r);
  if (rank(sorted[0]) !== 0) throw new Error(`a chain starts from a law over compute (N, D or C); got ${sorted.map((r) => r.law).join(', ')}`);
  return sorted;
}

/** 10× the largest compute in the first stage's data (C = k·N·D), else 1e21 FLOPs. */
export function defaultBudget(first: Pick<FitReport, 'data'>, flopsPerParamToken = 6): number {
  const ins = first.data?.inputs ?? {};
  let best = 0;
  const C = ins.C, N = ins.N, D = ins.D;
  if (C) for (const c of C) if (c > best) best = c;
  if (!best && N && D) for (let i = 0; i < Math.min(N.length, D.length); i++) best = Math.max(best, flopsPerParamToken * N[i] * D[i]);
  return best > 0 && Number.isFinite(best) ? 10 * best : 1e21;
}

export function isFitReport(x: unknown): x is FitReport {
  return !!x && typeof x === 'object' && typeof (x as FitReport).law === 'string' && typeof (x as FitReport).params === 'object';
}
