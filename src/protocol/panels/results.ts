// The results panel and the Scaling Law Viewer (custom editor): one webview (dist/results.js) in
// two kinds. The host sends the view, the fit (report + figures + the request that made it) and
// the run table; the webview asks for refits, exports and exclusions.
import type { FigureSet } from '../../core/report/figures';
import type { FitReport } from '../../core/report/fitReport';
import type { FitRequest, InspectResult } from '../tasks';
import { check, fields, type ArgsCheck } from '../webview';

export const RESULTS_VIEW_TYPE = 'scalingLaws.results';
export const VIEWER_VIEW_TYPE = 'scalingLaws.viewer';

export interface ResultsView {
  kind: 'results' | 'viewer';
  title: string;
  file?: string;
}

export interface ResultsFit {
  report: FitReport;
  figures: FigureSet;
  /** The request the fit answered (the provenance card and Copy CLI Command show it as flags). */
  request?: FitRequest;
  /** `scaling-laws fit …` giving the same report. */
  cli?: string;
  elapsedMs: number;
  /** True while the bootstrap of this fit is still running (bands follow). */
  partial?: boolean;
  /** Earlier fits of the same file (newest first), from the fit history. */
  history?: { time: number; law: string; n: number }[];
}

export interface ResultsData {
  view: ResultsView;
  fit: ResultsFit | null;
  table: InspectResult | null;
  /** Current role → column choices (Viewer). */
  mapping: Record<string, string>;
}

export const EXPORT_DATA_FORMATS = ['csv', 'json', 'md'] as const;

export interface ResultsActions {
  refit: { mapping: Record<string, string> };
  exportData: { format: (typeof EXPORT_DATA_FORMATS)[number] };
  copyCli: Record<string, never>;
  /** Leave these table rows (1-based) out and refit; recorded in the provenance and the CLI command. */
  exclude: { rows: number[] };
  /** Put every excluded row back and refit. */
  includeAll: Record<string, never>;
  /** Compare this fit with the previous fit of the file (the fit history). */
  compareHistory: Record<string, never>;
}

export const RESULTS_ACTIONS: Record<keyof ResultsActions, ArgsCheck> = {
  refit: fields({ mapping: check.stringRecord }),
  exportData: fields({ format: (v) => check.oneOf(v, EXPORT_DATA_FORMATS) }),
  copyCli: () => undefined,
  exclude: fields({ rows: (v) => check.intArray(v, 100_000) && (v as number[]).every((r) => r >= 1) }),
  includeAll: () => undefined,
  compareHistory: () => undefined,
};

/** A restored state is used only when it has the shape the panel draws from. */
export function validResultsState(s: unknown): Partial<ResultsData> | undefined {
  if (!s || typeof s !== 'object') return undefined;
  const o = s as Partial<ResultsData>;
  const fit = o.fit;
  if (fit && (typeof fit !== 'object' || !fit.report || typeof fit.report.law !== 'string' || !fit.figures || !Array.isArray(fit.figures.figures))) return undefined;
  if (o.view && (typeof o.view !== 'object' || typeof o.view.title !== 'string')) return undefined;
  return o;
}
