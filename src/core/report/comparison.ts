// A law comparison (the compare task's result) and its Markdown form: the laws fitted to one file,
// ranked by cross-validated error, with AIC/BIC, held-out error, parameters and intervals.
import type { CrossValidation } from '../fit/crossValidate';
import type { FigureSet } from './figures';

export interface CompareRow {
  law: string;
  title: string;
  formula: string;
  n: number;
  /** Free parameters. */
  k: number;
  aic: number;
  bic: number;
  deltaAic: number;
  /** In-sample RMSE (residual space of the law's objective). */
  rmse: number;
  cv: CrossValidation;
  /** Extrapolation: refit without the largest runs, predicted (from the fit's own hold-out check). */
  holdout?: { by: string; threshold: number; heldOut: number; rmse: number; meanRelErr: number };
  params: Record<string, number>;
  ci95?: Record<string, [number, number]>;
  warnings: string[];
}

export interface CompareResult {
  file: string;
  /** Ranked by cross-validated error (the out-of-sample question), AIC beside it. */
  rows: CompareRow[];
  /** Laws that could not be fitted to this file, and why. */
  failed: { law: string; message: string }[];
  /** The laws' residual spaces differ: RMSEs compare only within a space. */
  spaces: ('log' | 'linear')[];
  figures: FigureSet;
  /** How to read the table, in plain words. */
  notes: string[];
}

const f = (x: number | undefined, d = 4) => (x === undefined || !Number.isFinite(x) ? '–' : Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(d - 1) : x.toPrecision(d));

/** The comparison as Markdown: what `scaling-laws compare` prints and the panel exports. */
export function comparisonMarkdown(r: CompareResult): string {
  const lines = [
    `# Law comparison: ${r.file}`, '',
    '| rank | law | points | free params | cross-validated RMSE | CV mean rel. error | held-out rel. error | RMSE (in sample) | AIC | ΔAIC | BIC |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...r.rows.map((x, i) => `| ${i + 1} | ${x.law} | ${x.n} | ${x.k} | ${f(x.cv.rmse)} (${x.cv.space}, ${x.cv.method}) | ${f(100 * x.cv.meanRelErr, 3)} % | ${x.holdout ? `${f(100 * x.holdout.meanRelErr, 3)} % (${x.holdout.heldOut} runs, ${x.holdout.by} ≥ ${f(x.holdout.threshold, 3)})` : '–'} | ${f(x.rmse)} | ${f(x.aic, 6)} | ${f(x.deltaAic, 3)} | ${f(x.bic, 6)} |`),
    '',
    ...r.rows.map((x) => `- **${x.law}** (${x.title}): \`L = ${x.formula}\`; ${Object.entries(x.params).map(([k, v]) => `${k} = ${f(v, 5)}${x.ci95?.[k] ? ` [${f(x.ci95[k][0], 4)}, ${f(x.ci95[k][1], 4)}]` : ''}`).join(', ')}`),
    '',
    ...r.failed.map((x) => `- could not fit ${x.law}: ${x.message}`),
    ...r.notes.map((n) => `> ${n}`),
    '',
  ];
  return lines.join('\n');
}

