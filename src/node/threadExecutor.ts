// Spreads multi-start and bootstrap ranges over worker_threads running dist/fitThread.js.
// Results are merged by index, so they are identical for any thread count.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BootstrapOutcome, StartOutcome } from '../core/fit/engine';
import { inProcessExecutor, CancelledError, type FitExecutor } from '../core/fit/fit';
import type { FitProblem } from '../core/fit/problem';

export type ThreadJob =
  | { kind: 'starts'; problem: FitProblem; from: number; to: number }
  | { kind: 'bootstrap'; problem: FitProblem; bestFree: Float64Array; from: number; to: number };

export function threadScriptPath(): string {
  return join(__dirname, 'fitThread.js');
}

/** A thread executor when the compiled thread script exists and threads > 1, else in-process. */
export function createExecutor(threads: number, shouldStop?: () => boolean): FitExecutor {
  if (threads <= 1 || !existsSync(threadScriptPath())) return inProcessExecutor(shouldStop);
  return threadExecutor(threads, shouldStop);
}

function runJobs<T extends { index: number }>(jobs: ThreadJob[], threads: number, onChunk: (count: number) => void, shouldStop?: () => boolean): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const results: T[] = [];
    let next = 0, active = 0, failed = false;
    const workers: Worker[] = [];
    const finish = (err?: Error) => {
      if (failed) return;
      if (err) {
        failed = true;
        workers.forEach((w) => void w.terminate());
        reject(err);
        return;
      }
      if (active === 0 && next >= jobs.length) {
        workers.forEach((w) => void w.terminate());
        resolve(results.sort((a, b) => a.index - b.index));
      }
    };
    const feed = (w: Worker) => {
      if (shouldStop?.()) return finish(new CancelledError());
      if (next >= jobs.length) return finish();
      active++;
      w.postMessage(jobs[next++]);
    };
    for (let t = 0; t < Math.min(threads, jobs.length); t++) {
      // A small young generation keeps each thread's resident memory low; fits allocate little.
      const w = new Worker(threadScriptPath(), { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
      workers.push(w);
      w.on('message', (msg: { ok: boolean; results?: T[]; error?: string }) => {
        active--;
        if (!msg.ok) return finish(new Error(msg.error));
        results.push(...(msg.results ?? []));
        onChunk(results.length);
        feed(w);
      });
      w.on('error', (e) => finish(e));
      w.on('exit', (code) => { if (code !== 0 && !failed && (active > 0 || next < jobs.length)) finish(new Error(`fit thread exited with code ${code}`)); });
      feed(w);
    }
    if (jobs.length === 0) resolve([]);
  });
}

function ranges(total: number, chunk: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = 0; s < total; s += chunk) out.push([s, Math.min(total, s + chunk)]);
  return out;
}

export function threadExecutor(threads: number, shouldStop?: () => boolean): FitExecutor {
  return {
    starts(problem, total, progress) {
      const chunk = Math.max(16, Math.ceil(total / (threads * 8)));
      const jobs = ranges(total, chunk).map(([from, to]): ThreadJob => ({ kind: 'starts', problem, from, to }));
      return runJobs<StartOutcome>(jobs, threads, progress, shouldStop);
    },
    bootstrap(problem, bestFree, k, progress) {
      const chunk = Math.max(16, Math.ceil(k / (threads * 8)));
      const jobs = ranges(k, chunk).map(([from, to]): ThreadJob => ({ kind: 'bootstrap', problem, bestFree, from, to }));
      return runJobs<BootstrapOutcome>(jobs, threads, progress, shouldStop);
    },
  };
}
