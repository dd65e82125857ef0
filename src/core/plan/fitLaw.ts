// A FitReport read as a Chinchilla law: its parameters and bootstrap draws (for planning, hovers
// and intervals), or undefined when the fit has another form.
import type { FitReport } from '../report/fitReport';
import type { ChinchillaParams } from './computeOptimal';

export interface FitLaw {
  law: ChinchillaParams;
  draws: ChinchillaParams[];
  /** 'chinchilla fit of runs.csv' */
  label: string;
  /** Largest N and D the fit saw (for extrapolation notes). */
  maxN?: number;
  maxD?: number;
}

/** The Chinchilla parameters (and bootstrap draws) of a report, or undefined when the law has another form. */
export function lawFromReport(report: FitReport | undefined, file?: string): FitLaw | undefined {
  if (!report?.params) return undefined;
  const p = report.params;
  const names = ['E', 'A', 'B', 'alpha', 'beta'] as const;
  if (!names.every((n) => typeof p[n] === 'number' && Number.isFinite(p[n]))) return undefined;
  const law: ChinchillaParams = { E: p.E, A: p.A, B: p.B, alpha: p.alpha, beta: p.beta };
  const order = Object.keys(p);
  const idx = names.map((n) => order.indexOf(n));
  const draws: ChinchillaParams[] = [];
  for (const s of report.bootstrap?.samples ?? []) {
    const d = { E: s[idx[0]], A: s[idx[1]], B: s[idx[2]], alpha: s[idx[3]], beta: s[idx[4]] };
    if (names.every((n) => Number.isFinite(d[n]))) draws.push(d);
  }
  const max = (v?: number[]) => (v && v.length ? v.reduce((a, b) => (b > a ? b : a), -Infinity) : undefined);
  const name = file ? file.split(/[\\/]/).pop() : report.provenance?.input?.file?.split(/[\\/]/).pop();
  return { law, draws, label: `${report.law} fit${name ? ` of ${name}` : ''}`, maxN: max(report.data?.inputs?.N), maxD: max(report.data?.inputs?.D) };
}

