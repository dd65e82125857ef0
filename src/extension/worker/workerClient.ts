// Host side of the worker process: lazy fork of dist/worker.js, request ids, progress, cancel,
// and recovery. A worker that exits (crash, OOM, kill) fails its jobs with the reason and is
// forked again on the next request; a worker that goes silent longer than `hangMs` during a job
// is killed and restarted the same way. No 'vscode' import: unit-tested with plain Node.
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { FigureOptions, FigureSet } from '../../core/report/figures';
import type { TaskMap, TaskName } from '../../protocol/tasks';
import type { FromWorker, ToWorker } from '../../protocol/worker';

export type Progress = Extract<FromWorker, { type: 'progress' }>;

export class JobError extends Error {
  constructor(message: string, readonly cancelled = false, readonly workerDied = false, readonly exitCode = 1) {
    super(message);
  }
}

/** A task's answer as the worker sent it: the CLI-identical value, plus figures when asked for. */
export interface TaskOutcome<T> {
  value: T;
  figures?: FigureSet;
  elapsedMs: number;
}

export interface RunOptions {
  onProgress?: (p: Progress) => void;
  /** An intermediate result (e.g. the point fit before the bootstrap), with its figures when asked. */
  onPartial?: (value: unknown, figures?: FigureSet) => void;
  /** Build figures of a FitReport result in the worker (never on the host). */
  figures?: FigureOptions;
  /** Jobs of a lane run one at a time on their own thread (default: the task name). */
  lane?: string;
  /** Soft time budget (ms): `onOverBudget` is called once when the job runs longer. */
  budgetMs?: number;
  onOverBudget?: () => void;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onProgress?: (p: Progress) => void;
  onPartial?: RunOptions['onPartial'];
  lastHeard: number;
  started: number;
  budgetMs?: number;
  onOverBudget?: () => void;
  cancelTimer?: NodeJS.Timeout;
  lane?: string;
}

export interface WorkerClientOptions {
  /** A job with no message from the worker for this long is declared hung (ms). */
  hangMs?: number;
  /** After a cancel, how long to wait for the worker to stop before killing it (ms). */
  cancelGraceMs?: number;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

export class WorkerClient {
  private child?: ChildProcess;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private watchdog?: NodeJS.Timeout;
  private disposed = false;
  /** Longest synchronous time spent handling one worker message on the host (ms), incl. callbacks. */
  maxHandlerMs = 0;
  /** Number of times a worker process was started (first start included). */
  starts = 0;
  readonly restarts: string[] = [];
  private readonly hangMs: number;
  private readonly cancelGraceMs: number;

  constructor(private readonly scriptPath: string, private readonly options: WorkerClientOptions = {}) {
    this.hangMs = options.hangMs ?? 120_000;
    this.cancelGraceMs = options.cancelGraceMs ?? 6_000;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  private ensure(): ChildProcess {
    if (this.disposed) throw new JobError('worker client is disposed');
    if (this.child && this.child.exitCode === null && this.child.signalCode === null && this.child.connected) return this.child;
    const child = fork(this.scriptPath, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv: [], env: this.options.env ?? process.env });
    this.starts++;
    child.stdout?.on('data', (d) => this.options.log?.(`[worker] ${String(d).trimEnd()}`));
    child.stderr?.on('data', (d) => this.options.log?.(`[worker] ${String(d).trimEnd()}`));
    child.on('message', (m: FromWorker) => {
      const t0 = performance.now();
      this.onMessage(m);
      const dt = performance.now() - t0;
      if (dt > this.maxHandlerMs) this.maxHandlerMs = dt;
    });
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
    child.on('error', (e) => this.options.log?.(`[worker] error: ${e.message}`));
    this.child = child;
    this.ready = false;
    this.watchdog ??= setInterval(() => this.checkHung(), Math.min(1000, Math.max(50, this.hangMs / 4)));
    this.watchdog.unref?.();
    return child;
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'ready') {
      this.ready = true;
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    p.lastHeard = Date.now();
    switch (m.type) {
      case 'progress':
        p.onProgress?.(m);
        return;
      case 'partial':
        p.onPartial?.(m.value, m.figures);
        return;
      case 'result':
        return this.settle(m.id, () => p.resolve({ value: m.value, figures: m.figures, elapsedMs: m.elapsedMs }));
      case 'pong':
        return this.settle(m.id, () => p.resolve(undefined));
      case 'error':
        return this.settle(m.id, () => p.reject(new JobError(m.message, !!m.cancelled, false, m.exitCode)));
    }
  }

  private settle(id: number, f: () => void): void {
    const p = this.pending.get(id);
    if (!p) return;
    clearTimeout(p.cancelTimer);
    this.pending.delete(id);
    f();
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = undefined;
    const reason = this.lastKillReason ?? `the worker process stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`;
    this.lastKillReason = undefined;
    if (this.pending.size) this.restarts.push(reason);
    this.options.log?.(`[worker] exited: ${reason}`);
    for (const [id, p] of [...this.pending]) {
      this.settle(id, () => p.reject(new JobError(p.cancelTimer ? 'cancelled' : `${reason}; the job failed and the worker will restart on the next request`, !!p.cancelTimer, true)));
    }
  }

  private lastKillReason?: string;
  /** The current process has said 'ready' (loading the bundle can take a while on a cold disk). */
  private ready = false;

  private kill(reason: string): void {
    if (!this.child) return;
    this.lastKillReason = reason;
    this.child.kill('SIGKILL');
  }

  private checkHung(): void {
    const now = Date.now();
    const limit = this.ready ? this.hangMs : this.hangMs + 15_000;
    for (const p of this.pending.values()) {
      if (p.budgetMs !== undefined && p.onOverBudget && now - p.started > p.budgetMs) {
        const notify = p.onOverBudget;
        p.onOverBudget = undefined;
        notify();
      }
      if (now - p.lastHeard > limit) {
        this.kill(`the worker did not answer for ${((now - p.lastHeard) / 1000).toFixed(1)} s (hung); it was restarted`);
        return;
      }
    }
  }

  private request<T>(build: (id: number) => ToWorker, options: RunOptions = {}): { id: number; promise: Promise<T> } {
    const child = this.ensure();
    const id = this.nextId++;
    const now = Date.now();
    const promise = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: options.onProgress, onPartial: options.onPartial, lastHeard: now, started: now, budgetMs: options.budgetMs, onOverBudget: options.onOverBudget, lane: options.lane });
    });
    child.send(build(id));
    return { id, promise };
  }

  /** Run a task in the worker: the same request as the CLI's, the same result. */
  run<K extends TaskName>(task: K, request: TaskMap[K][0], options: RunOptions = {}): { id: number; promise: Promise<TaskOutcome<TaskMap[K][1]>> } {
    return this.request<TaskOutcome<TaskMap[K][1]>>((id) => ({ type: 'run', id, task, request, ...(options.lane ? { lane: options.lane } : {}), ...(options.figures ? { figures: options.figures } : {}) }), options);
  }

  ping(): Promise<void> {
    return this.request<void>((id) => ({ type: 'ping', id })).promise;
  }

  /** Test hooks. */
  crashForTest(): Promise<void> {
    return this.request<void>((id) => ({ type: 'crash', id })).promise;
  }

  hangForTest(ms: number): Promise<void> {
    return this.request<void>((id) => ({ type: 'hang', id, ms })).promise;
  }

  /** Cancel every job of a lane (a newer request supersedes them). */
  cancelLane(lane: string): void {
    for (const [id, p] of this.pending) if (p.lane === lane) this.cancel(id);
  }

  /** A panel job: the task's value, with progress as (done, total). */
  job<K extends TaskName>(task: K, request: TaskMap[K][0], lane: string, onPartial?: (value: TaskMap[K][1]) => void): (onProgress: (done: number, total: number) => void) => { promise: Promise<TaskMap[K][1]> } {
    return (onProgress) => {
      const h = this.run(task, request, { lane, onProgress: (p) => onProgress(p.done, p.total), ...(onPartial ? { onPartial: (v: unknown) => onPartial(v as TaskMap[K][1]) } : {}) });
      return { promise: h.promise.then((o) => o.value) };
    };
  }

  /** Ask the worker to stop job `id`; kill it if it does not stop within the grace period. */
  cancel(id: number): void {
    const p = this.pending.get(id);
    if (!p || p.cancelTimer) return;
    this.child?.send({ type: 'cancel', id } satisfies ToWorker);
    p.cancelTimer = setTimeout(() => this.kill('a cancelled job did not stop in time; the worker was restarted'), this.cancelGraceMs);
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.watchdog);
    for (const [id, p] of [...this.pending]) this.settle(id, () => p.reject(new JobError('disposed', true)));
    this.child?.kill();
    this.child = undefined;
  }
}
