// Intervals for anything computed from a fit: evaluate it on each bootstrap draw, take percentiles.
import { percentile } from '../numeric/stats';
import type { FitReport } from './fitReport';

/** Named parameter sets of the bootstrap draws, in the report's parameter order. */
export function bootstrapDraws(report: FitReport): Record<string, number>[] {
  if (!report.bootstrap) return [];
  const names = Object.keys(report.params);
  return report.bootstrap.samples.map((s) => Object.fromEntries(names.map((n, j) => [n, s[j]])));
}

/** 95 % percentile interval of f over the bootstrap draws (draws where f throws or is NaN are skipped). */
export function interval95(report: FitReport, f: (params: Record<string, number>) => number): [number, number] | undefined {
  const values: number[] = [];
  for (const d of bootstrapDraws(report)) {
    try {
      const v = f(d);
      if (Number.isFinite(v)) values.push(v);
    } catch {
      /* a draw where the quantity does not exist (e.g. unreachable target) */
    }
  }
  if (values.length < 2) return undefined;
  return [percentile(values, 2.5), percentile(values, 97.5)];
}

/** Warn when a prediction input lies far outside the fitted data. */
export function extrapolationWarnings(report: FitReport, at: Record<string, number>, factor = 10): string[] {
  const out: string[] = [];
  for (const [name, v] of Object.entries(at)) {
    const col = report.data?.inputs?.[name];
    if (!col || col.length === 0) continue;
    const max = Math.max(...col), min = Math.min(...col);
    if (v > max * factor) out.push(`${name} = ${v.toExponential(3)} is ${(v / max).toFixed(0)}× the largest fitted ${name} (${max.toExponential(3)}): far extrapolation`);
    if (v < min / factor) out.push(`${name} = ${v.toExponential(3)} is below the smallest fitted ${name} / ${factor}`);
  }
  return out;
}
