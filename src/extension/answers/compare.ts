// Law comparison tables (no 'vscode', unit-tested).
import type { FitReport } from '../../core/report/fitReport';

export interface ComparisonRow {
  law: string;
  n: number;
  k: number;
  aic: number;
  bic: number;
  rmse: number;
  holdoutRmse?: number;
  deltaAic: number;
}

/** Rank fits of the same data by AIC (lower is better); ΔAIC relative to the best. */
export function compareReports(reports: FitReport[]): ComparisonRow[] {
  const rows = reports.map((r) => ({
    law: r.law, n: r.n, k: Object.keys(r.params).length - Object.keys(r.provenance?.fixed ?? {}).length,
    aic: r.comparison.aic, bic: r.comparison.bic, rmse: r.comparison.rmse, holdoutRmse: r.comparison.holdout?.rmse, deltaAic: 0,
  }));
  rows.sort((a, b) => a.aic - b.aic);
  for (const r of rows) r.deltaAic = r.aic - rows[0].aic;
  return rows;
}

export function comparisonMarkdown(rows: ComparisonRow[], file: string): string {
  const f = (x: number | undefined) => (x === undefined ? '–' : Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : x.toFixed(4));
  return [
    `# Law comparison: ${file}`, '',
    '| law | points | free params | AIC | ΔAIC | BIC | RMSE | held-out RMSE |', '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.law} | ${r.n} | ${r.k} | ${f(r.aic)} | ${f(r.deltaAic)} | ${f(r.bic)} | ${f(r.rmse)} | ${f(r.holdoutRmse)} |`),
    '', 'Lower AIC/BIC is better; ΔAIC > 2 is a meaningful difference, > 10 a decisive one.', '',
  ].join('\n');
}
