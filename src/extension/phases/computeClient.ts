// Host side of the panels' compute threads (dist/panelThread.js): one worker_threads Worker per
// lane ('phases', 'heatmap', 'curves', 'watch', 'transfer'), created on first use, so a long
// heatmap does not hold up a curve redraw. Jobs in a lane run one at a time. Cancel sets the
// job's SharedArrayBuffer flag (the job polls it); a job that does not stop within the grace
// period has its thread terminated (and recreated on the next job). A thread that dies fails its
// jobs with the reason. No 'vscode' import: unit-tested with plain Node.
import { Worker } from 'node:worker_threads';
import type { JobMap, JobName, ThreadReply, ThreadRequest } from '../../worker/jobs/types';

export class ComputeError extends Error {
  constructor(message: string, readonly cancelled = false) {
    super(message);
  }
}

export interface JobHandle<T> {
  id: number;
  promise: Promise<T>;
  cancel(): void;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  onProgress?: (done: number, total: number) => void;
  flag: Int32Array;
  lane: string;
  timer?: NodeJS.Timeout;
}

interface Lane {
  worker?: Worker;
  queue: { id: number; message: ThreadRequest }[];
  running?: number;
  idle?: NodeJS.Timeout;
}

export class ComputeClient {
  private lanes = new Map<string, Lane>();
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;
  threadsStarted = 0;

  /** idleMs: a lane's thread with nothing to do for this long is terminated (recreated on demand). */
  constructor(private readonly script: string, private readonly options: { cancelGraceMs?: number; idleMs?: number; log?: (l: string) => void; execArgv?: string[] } = {}) {}

  run<K extends JobName>(lane: string, job: K, args: JobMap[K][0], onProgress?: (done: number, total: number) => void): JobHandle<JobMap[K][1]> {
    if (this.disposed) throw new ComputeError('the compute client is disposed');
    const id = this.nextId++;
    const stop = new SharedArrayBuffer(4);
    const flag = new Int32Array(stop);
    const promise = new Promise<JobMap[K][1]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress, flag, lane });
    });
    const l = this.lane(lane);
    l.queue.push({ id, message: { type: 'run', id, job, args, stop } });
    this.pump(lane);
    return { id, promise, cancel: () => this.cancel(id) };
  }

  /** Cancel every queued or running job of a lane (e.g. a newer request supersedes them). */
  cancelLane(lane: string): void {
    for (const [id, p] of this.pending) if (p.lane === lane) this.cancel(id);
  }

  cancel(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    const l = this.lane(p.lane);
    const queued = l.queue.findIndex((q) => q.id === id);
    if (queued >= 0) {
      l.queue.splice(queued, 1);
      this.settle(id, (q) => q.reject(new ComputeError('cancelled', true)));
      return;
    }
    Atomics.store(p.flag, 0, 1);
    if (p.timer) return;
    p.timer = setTimeout(() => {
      if (!this.pending.has(id)) return;
      this.options.log?.(`compute: job ${id} did not stop in time; terminating its thread`);
      const w = l.worker;
      l.worker = undefined;
      l.running = undefined;
      this.settle(id, (q) => q.reject(new ComputeError('cancelled', true)));
      void w?.terminate();
      this.pump(p.lane);
    }, this.options.cancelGraceMs ?? 3000);
  }

  private lane(name: string): Lane {
    let l = this.lanes.get(name);
    if (!l) this.lanes.set(name, (l = { queue: [] }));
    return l;
  }

  private spawn(name: string, l: Lane): Worker {
    const w = new Worker(this.script, { execArgv: this.options.execArgv });
    this.threadsStarted++;
    w.on('message', (m: ThreadReply) => this.onMessage(m));
    w.on('error', (e) => this.onDeath(name, w, `the compute thread failed: ${e.message}`));
    w.on('exit', (code) => this.onDeath(name, w, `the compute thread exited (code ${code})`));
    l.worker = w;
    return w;
  }

  private pump(name: string): void {
    const l = this.lane(name);
    if (l.running !== undefined || this.disposed) return;
    clearTimeout(l.idle);
    if (l.queue.length === 0) {
      if (l.worker) {
        l.idle = setTimeout(() => {
          const w = l.worker;
          if (!w || l.running !== undefined || l.queue.length) return;
          l.worker = undefined;
          void w.terminate();
        }, this.options.idleMs ?? 60_000);
        l.idle.unref?.();
      }
      return;
    }
    const next = l.queue.shift()!;
    l.running = next.id;
    const w = l.worker ?? this.spawn(name, l);
    w.postMessage(next.message);
  }

  private onMessage(m: ThreadReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') {
      p.onProgress?.(m.done, m.total);
      return;
    }
    const l = this.lane(p.lane);
    if (l.running === m.id) l.running = undefined;
    if (m.type === 'result') this.settle(m.id, (q) => q.resolve(m.value));
    else this.settle(m.id, (q) => q.reject(new ComputeError(m.message, !!m.cancelled)));
    this.pump(p.lane);
  }

  private onDeath(name: string, w: Worker, reason: string): void {
    const l = this.lane(name);
    if (l.worker !== w) return;
    l.worker = undefined;
    const running = l.running;
    l.running = undefined;
    if (running !== undefined) this.settle(running, (q) => q.reject(new ComputeError(reason)));
    if (!this.disposed) this.pump(name);
  }

  private settle(id: number, f: (p: Pending) => void): void {
    const p = this.pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(id);
    f(p);
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  dispose(): void {
    this.disposed = true;
    for (const [id] of this.pending) this.settle(id, (q) => q.reject(new ComputeError('disposed', true)));
    for (const l of this.lanes.values()) {
      clearTimeout(l.idle);
      void l.worker?.terminate();
    }
    this.lanes.clear();
  }
}
