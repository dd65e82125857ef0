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

/**
 * A thread executor when the compiled thread script exists and threads > 1, else in-process.
 * `keepWarm` (the extension's worker): the threads outlive the fit, so the next fit skips starting
 * threads and loading the solver (about 0.3–1 s on a busy 2-core machine); they end after 5 idle minutes.
 */
export function createExecutor(threads: number, shouldStop?: () => boolean, keepWarm = false): FitExecutor {
  if (threads <= 1 || !existsSync(threadScriptPath())) return inProcessExecutor(shouldStop);
  return threadExecutor(threads, shouldStop, keepWarm);
}

const IDLE_MS = 5 * 60_000;

/** Threads kept for the whole fit, so the bootstrap reuses threads whose JIT is already warm. */
class ThreadPool {
  private workers: Worker[] = [];
  private idle?: NodeJS.Timeout;
  inUse = false;
  constructor(private readonly size: number) {}

  get(count: number): Worker[] {
    clearTimeout(this.idle);
    while (this.workers.length < Math.min(this.size, count)) {
      // A small young generation keeps each thread's resident memory low; fits allocate little.
      this.workers.push(new Worker(threadScriptPath(), { resourceLimits: { maxYoungGenerationSizeMb: 4 } }));
    }
    const use = this.workers.slice(0, Math.min(this.size, count));
    use.forEach((w) => w.ref());
    return use;
  }

  /** Between fits of a warm pool: the threads wait without holding the process open, and end when idle long. */
  rest(): void {
    this.workers.forEach((w) => w.unref());
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.dispose(), IDLE_MS);
    this.idle.unref();
  }

  dispose(): void {
    clearTimeout(this.idle);
    this.workers.forEach((w) => void w.terminate());
    this.workers = [];
  }
}

const warmPools = new Map<number, ThreadPool>();

function runJobs<T extends { index: number }>(jobs: ThreadJob[], pool: ThreadPool, onChunk: (count: number) => void, shouldStop?: () => boolean): Promise<T[]> {
  return new Promise((resolve, reject) => {
    if (jobs.length === 0) return resolve([]);
    const results: T[] = [];
    let next = 0, active = 0, settled = false;
    const workers = pool.get(jobs.length);
    const detach: (() => void)[] = [];
    const finish = (err?: Error) => {
      if (settled) return;
      if (err) {
        settled = true;
        detach.forEach((d) => d());
        pool.dispose(); // a failed or cancelled run leaves threads in an unknown state
        reject(err);
        return;
      }
      if (active === 0 && next >= jobs.length) {
        settled = true;
        detach.forEach((d) => d());
        resolve(results.sort((a, b) => a.index - b.index));
      }
    };
    const feed = (w: Worker) => {
      if (shouldStop?.()) return finish(new CancelledError());
      if (next >= jobs.length) return finish();
      active++;
      w.postMessage(jobs[next++]);
    };
    for (const w of workers) {
      const onMessage = (msg: { ok: boolean; results?: T[]; error?: string }) => {
        active--;
        if (!msg.ok) return finish(new Error(msg.error));
        results.push(...(msg.results ?? []));
        onChunk(results.length);
        feed(w);
      };
      const onError = (e: Error) => finish(e);
      const onExit = (code: number) => { if (!settled) finish(new Error(`fit thread exited with code ${code}`)); };
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      detach.push(() => { w.off('message', onMessage); w.off('error', onError); w.off('exit', onExit); });
      feed(w);
    }
  });
}

function ranges(total: number, chunk: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = 0; s < total; s += chunk) out.push([s, Math.min(total, s + chunk)]);
  return out;
}

export function threadExecutor(threads: number, shouldStop?: () => boolean, keepWarm = false): FitExecutor {
  // A fit that starts while another holds the warm pool (none do today) gets threads of its own.
  const warm = keepWarm ? warmPools.get(threads) ?? warmPools.set(threads, new ThreadPool(threads)).get(threads)! : undefined;
  const shared = warm && !warm.inUse ? warm : undefined;
  const own = shared ?? new ThreadPool(threads);
  own.inUse = true;
  return {
    dispose: () => {
      own.inUse = false;
      if (shared) own.rest();
      else own.dispose();
    },
    starts(problem, total, progress) {
      const chunk = Math.max(16, Math.ceil(total / (threads * 8)));
      const jobs = ranges(total, chunk).map(([from, to]): ThreadJob => ({ kind: 'starts', problem, from, to }));
      return runJobs<StartOutcome>(jobs, own, progress, shouldStop);
    },
    bootstrap(problem, bestFree, k, progress) {
      const chunk = Math.max(16, Math.ceil(k / (threads * 8)));
      const jobs = ranges(k, chunk).map(([from, to]): ThreadJob => ({ kind: 'bootstrap', problem, bestFree, from, to }));
      return runJobs<BootstrapOutcome>(jobs, own, progress, shouldStop);
    },
  };
}
