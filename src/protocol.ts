// One typed protocol for every channel: extension host ⇄ worker process, extension host ⇄ webview.
// Every message is a discriminated union member (`type`); requests carry an `id` that the answer
// repeats, so a caller can match answers and cancel a job by id (hexeditor's messageId/inReplyTo
// idea, flattened). Imported by src/extension, src/worker and webview/, so it must stay free of
// 'vscode', DOM and Node imports: type-only imports from core are fine.
import type { FitReport } from './core/report/fitReport';
import type { Series as ReportSeries } from './core/report/plotSeries';

/** CLI-equivalent fit flags (the same record `buildFitSetup(table, flags)` reads). */
export type FitFlags = Record<string, string | number | boolean | string[] | undefined>;

// ---------------------------------------------------------------- host ⇄ worker

export type ToWorker =
  | { type: 'fit'; id: number; file: string; flags: FitFlags; options?: FitJobOptions }
  | { type: 'inspect'; id: number; file: string; maxRows: number }
  | { type: 'cancel'; id: number }
  | { type: 'ping'; id: number }
  /** Test hooks: make the worker crash or hang so restart paths can be exercised. */
  | { type: 'crash'; id: number }
  | { type: 'hang'; id: number; ms: number };

/** Extension-only knobs that do not change the FitReport (so CLI parity holds). */
export interface FitJobOptions {
  /** FLOPs per parameter per token for C = k·N·D (6 for the usual 6ND convention). */
  flopsPerParamToken?: number;
  /** Bootstrap draws used for plot bands (subsampled evenly from the report's draws). */
  maxBandDraws?: number;
}

export type FromWorker =
  | { type: 'ready'; pid: number }
  | { type: 'progress'; id: number; phase: 'load' | 'starts' | 'bootstrap' | 'plot'; done: number; total: number }
  | { type: 'fitResult'; id: number; result: FitResult }
  | { type: 'inspectResult'; id: number; table: TablePreview }
  | { type: 'pong'; id: number }
  | { type: 'error'; id: number; message: string; cancelled?: boolean };

/** What a fit job returns: the FitReport (CLI-identical) plus plot series computed off the host. */
export interface FitResult {
  report: FitReport;
  plots: PlotData;
  recommendation?: Recommendation;
  table: TablePreview;
  elapsedMs: number;
}

export interface TablePreview {
  file: string;
  format: string;
  rowCount: number;
  columns: { name: string; kind: 'number' | 'string'; role?: string }[];
  /** First rows, as display strings, column order as above. */
  rows: string[][];
  inferred: { column: string; role: string; reason: string }[];
  warnings: string[];
}

// ---------------------------------------------------------------- plots

/** A line with an optional 95 % band (bootstrap percentiles, same length as x): the HTML report's series without its styling fields. */
export type Series = Pick<ReportSeries, 'name' | 'x' | 'y' | 'lo' | 'hi'>;

export interface PointSet {
  x: number[];
  y: number[];
  text: string[];
}

export interface AxisPlot {
  /** 'N' | 'D' | 'C' | 'isoflop' | other input name (also the plot's id) */
  axis: string;
  title: string;
  /** Axis title when it is not the input's own name. */
  xTitle?: string;
  points: PointSet;
  curves: Series[];
}

export interface PlotData {
  axes: AxisPlot[];
  residuals: { x: number[]; y: number[]; text: string[]; space: 'log' | 'linear'; against: string };
  /** Compute-optimal frontier N_opt(C), D_opt(C) (Chinchilla-type laws only). */
  frontier?: { C: number[]; N: number[]; D: number[]; loss: number[] };
}

export interface Recommendation {
  /** Budget the card is about: 10× the largest compute in the data. */
  C: number;
  N: number;
  D: number;
  loss: number;
  interval?: { N?: [number, number]; D?: [number, number]; loss?: [number, number] };
  text: string;
}

// ---------------------------------------------------------------- host ⇄ webview

export type PanelKind = 'results' | 'viewer';

/** Everything a panel shows; also what it keeps in setState for restore. */
export interface PanelData {
  kind: PanelKind;
  title: string;
  file?: string;
  result?: FitResult;
  table?: TablePreview;
  /** Current role → column choices (viewer). */
  mapping?: Record<string, string>;
  status?: { state: 'idle' | 'fitting' | 'failed'; message?: string };
}

export type ExportFormat = 'png' | 'svg' | 'csv' | 'json' | 'md' | 'publication-png' | 'publication-svg';

export type ToWebview =
  | { type: 'show'; data: PanelData }
  | { type: 'status'; state: 'idle' | 'fitting' | 'failed'; message?: string; progress?: { phase: string; done: number; total: number } }
  | { type: 'exportDone'; id: number; ok: boolean; message: string };

export type FromWebview =
  /** The webview asks for its data once its listeners are attached (pull-based init). */
  | { type: 'ready'; restored?: PanelData }
  | { type: 'export'; id: number; format: ExportFormat; /** data: URL (png) or text (svg, csv...) */ payload?: string }
  | { type: 'refit'; mapping: Record<string, string> }
  | { type: 'log'; level: 'info' | 'error'; message: string };

// ---------------------------------------------------------------- helpers

export function isFromWorker(m: unknown): m is FromWorker {
  return !!m && typeof m === 'object' && typeof (m as { type?: unknown }).type === 'string';
}

export function isFromWebview(m: unknown): m is FromWebview {
  return !!m && typeof m === 'object' && typeof (m as { type?: unknown }).type === 'string';
}
