// The Node implementation of a task's context: files from disk (with an optional cache of parsed
// tables, so a warm worker does not re-read an unchanged log), fit threads, progress, cancellation.
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { InputError } from '../core/errors';
import type { RunTable } from '../core/table/runTable';
import type { TaskContext, TaskFiles, TaskProgress } from './context';
import { hashPath } from '../node/fileHash';
import { listLogInputs } from '../node/listInputs';
import { loadTable, type LoadOptions } from '../node/loadTable';
import { readFitReport } from '../node/readFitReport';
import { createExecutor } from '../node/threadExecutor';

export interface NodeContextOptions {
  /** Fit threads (default min(2, cores)); results are identical for any count. */
  threads?: number;
  shouldStop?: () => boolean;
  onProgress?: (p: TaskProgress) => void;
  onPartial?: (value: unknown) => void;
  /** Parsed tables kept between tasks (the worker's); keyed by path, size, mtime and options. */
  tableCache?: TableCache;
  /** Keep the fit threads between tasks (the worker's lane threads), so a fit does not start them again. */
  keepThreadsWarm?: boolean;
}

/** A small LRU of parsed tables for unchanged files (single files only: folders are re-read). */
export class TableCache {
  private entries = new Map<string, RunTable>();
  constructor(private readonly capacity = 4) {}

  key(path: string, options: LoadOptions | undefined): string | undefined {
    try {
      const st = statSync(path);
      if (!st.isFile()) return undefined;
      return JSON.stringify([resolve(path), st.size, st.mtimeMs, options ?? {}]);
    } catch {
      return undefined;
    }
  }

  async get(path: string, options: LoadOptions | undefined): Promise<RunTable> {
    const key = this.key(path, options);
    const hit = key ? this.entries.get(key) : undefined;
    if (hit && key) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const table = await loadTable(path, options);
    if (key) {
      this.entries.set(key, table);
      while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    }
    return table;
  }
}

export const nodeFiles = (cache?: TableCache): TaskFiles => ({
  loadTable: (path, options) => (cache ? cache.get(path, options) : loadTable(path, options)),
  hash: (path) => hashPath(path),
  readFitReport: (path) => readFitReport(path),
  readJson: (path) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new InputError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new InputError(`${path}: not JSON (${(e as Error).message})`);
    }
  },
  resolve: (path) => resolve(path),
  listLogs: (paths) => listLogInputs(paths),
});

export function nodeTaskContext(options: NodeContextOptions = {}): TaskContext {
  const threads = options.threads ?? Math.min(2, availableParallelism());
  return {
    progress: (p) => options.onProgress?.(p),
    shouldStop: () => options.shouldStop?.() ?? false,
    files: nodeFiles(options.tableCache),
    fitExecutor: () => createExecutor(threads, options.shouldStop, options.keepThreadsWarm),
    partial: options.onPartial,
  };
}
