// One fit job as the worker runs it: the same chain as the CLI's `fit` (loadTable →
// buildFitSetup → runFit over createExecutor, same provenance), plus plot series, with progress
// and cancellation. Same file + same flags → the same FitReport numbers as `scaling-laws fit`.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { runFit, type FitProgress } from '../core/fit/fit';
import type { RunTable } from '../core/table/runTable';
import { buildFitSetup } from '../cli/fitOptions';
import { hashPath } from '../node/fileHash';
import { loadTable } from '../node/loadTable';
import { createExecutor } from '../node/threadExecutor';
import { VERSION } from '../version';
import type { FitFlags, FitJobOptions, FitResult, TablePreview } from '../protocol';
import { buildPlotData } from './plotData';

export interface JobHooks {
  onProgress?: (p: { phase: 'load' | 'starts' | 'bootstrap' | 'plot'; done: number; total: number }) => void;
  shouldStop?: () => boolean;
}

export function previewTable(table: RunTable, file: string, maxRows = 50): TablePreview {
  const rows: string[][] = [];
  for (let i = 0; i < Math.min(maxRows, table.rowCount); i++) {
    rows.push(table.columns.map((c) => {
      const v = c.values[i];
      return typeof v === 'number' ? (Number.isNaN(v) ? '' : String(+v.toPrecision(6))) : String(v ?? '');
    }));
  }
  return {
    file,
    format: table.format,
    rowCount: table.rowCount,
    columns: table.columns.map((c) => ({ name: c.name, kind: c.kind, role: c.role })),
    rows,
    inferred: table.inferred.map((r) => ({ ...r })),
    warnings: [...table.warnings],
  };
}

export async function inspectFile(file: string, maxRows = 50): Promise<TablePreview> {
  return previewTable(await loadTable(file), resolve(file), maxRows);
}

export async function runFitJob(file: string, flags: FitFlags, options: FitJobOptions = {}, hooks: JobHooks = {}): Promise<FitResult> {
  const t0 = Date.now();
  hooks.onProgress?.({ phase: 'load', done: 0, total: 1 });
  const table = await loadTable(file);
  const setup = buildFitSetup(table, flags);
  // At least 2 threads: the fit then runs in worker_threads and this process's event loop stays
  // free to receive 'cancel' (results are identical for any thread count).
  const threads = Math.max(2, (flags.threads as number | undefined) || Math.min(2, availableParallelism()));
  const report = await runFit(setup.problem, {
    bootstrap: setup.bootstrap,
    executor: createExecutor(setup.problem.y.length > 0 ? threads : 1, hooks.shouldStop),
    runs: setup.data.runs,
    onProgress: (p: FitProgress) => hooks.onProgress?.(p),
    provenance: {
      tool: 'scaling-laws',
      version: VERSION,
      input: { file: resolve(file), sha256: hashPath(file), format: table.format, rows: table.rowCount },
      mapping: setup.data.mapping,
      derived: Object.fromEntries(setup.derive),
      filter: setup.where,
    },
  });
  report.warnings.unshift(...table.warnings, ...setup.data.warnings);
  hooks.onProgress?.({ phase: 'plot', done: 0, total: 1 });
  const { plots, recommendation } = buildPlotData(report, options);
  return { report, plots, recommendation, table: previewTable(table, resolve(file)), elapsedMs: Date.now() - t0 };
}
