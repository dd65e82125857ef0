// What a task gets besides its request: progress, cancellation, file access and threads. The CLI
// and the worker each build one (src/node/taskContext.ts); tests can pass fakes.
import type { FitExecutor } from '../core/fit/fit';
import type { RunTable } from '../core/table/runTable';
import type { FitReport } from '../core/report/fitReport';
import type { LoadOptions } from '../node/loadTable';

export interface TaskProgress {
  phase: string;
  done: number;
  total: number;
}

export interface TaskFiles {
  /** Read a log file or folder into a RunTable (InputError on bad input). */
  loadTable(path: string, options?: LoadOptions): Promise<RunTable>;
  /** SHA-256 of a file, or of every file of a folder (provenance). */
  hash(path: string): string;
  /** A FitReport written by `fit --out` (InputError when it is not one). */
  readFitReport(path: string): FitReport;
  /** Parsed JSON of a file (InputError when unreadable or not JSON). */
  readJson(path: string): unknown;
  /** Absolute path, as recorded in provenance. */
  resolve(path: string): string;
  /** Log files under the given files and folders, with the entries skipped and why. */
  listLogs(paths: string[]): { files: string[]; skipped: { path: string; reason: string }[] };
}

export interface TaskContext {
  progress(p: TaskProgress): void;
  /** True once the caller asked to stop; long loops check it and throw CancelledError. */
  shouldStop(): boolean;
  files: TaskFiles;
  /** Where a fit's starts and resamples run (threads or in-process); same numbers either way. */
  fitExecutor(): FitExecutor;
  /** An intermediate result a face may show before the task ends (points, then the point fit, then bands). */
  partial?(value: unknown): void;
}
