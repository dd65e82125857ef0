// Lanes of the worker process: one worker_threads thread per lane ('fit', 'phases', 'curves:FILE',
// …), created on first use and ended when idle, so a long heatmap does not hold up a fit. Jobs of
// a lane run one at a time. Cancel sets the job's SharedArrayBuffer flag (the task polls it); a
// job that does not stop within the grace period has its thread terminated (and recreated on the
// next job). A thread that dies fails its job with the reason.
import { Worker } from 'node:worker_threads';
import type { ThreadReply, ThreadRun } from '../protocol/worker';

interface Pending {
  lane: string;
  flag: Int32Array;
  timer?: NodeJS.Timeout;
}

interface Lane {
  worker?: Worker;
  queue: ThreadRun[];
  running?: number;
  idle?: NodeJS.Timeout;
}

export class Lanes {
  private lanes = new Map<string, Lane>();
  private pending = new Map<number, Pending>();
  private disposed = false;
  threadsStarted = 0;

  constructor(
    private readonly script: string,
    private readonly reply: (m: ThreadReply) => void,
    private readonly options: { cancelGraceMs?: number; idleMs?: number; log?: (l: string) => void } = {},
  ) {}

  run(lane: string, message: Omit<ThreadRun, 'stop'>): void {
    const stop = new SharedArrayBuffer(4);
    this.pending.set(message.id, { lane, flag: new Int32Array(stop) });
    this.lane(lane).queue.push({ ...message, stop });
    this.pump(lane);
  }

  cancel(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    const l = this.lane(p.lane);
    const queued = l.queue.findIndex((q) => q.id === id);
    if (queued >= 0) {
      l.queue.splice(queued, 1);
      this.fail(id, 'cancelled', true);
      return;
    }
    Atomics.store(p.flag, 0, 1);
    if (p.timer) return;
    p.timer = setTimeout(() => {
      if (!this.pending.has(id)) return;
      this.options.log?.(`job ${id} did not stop in time; terminating its thread`);
      const w = l.worker;
      l.worker = undefined;
      l.running = undefined;
      this.fail(id, 'cancelled', true);
      void w?.terminate();
      this.pump(p.lane);
    }, this.options.cancelGraceMs ?? 2500);
  }

  private lane(name: string): Lane {
    let l = this.lanes.get(name);
    if (!l) this.lanes.set(name, (l = { queue: [] }));
    return l;
  }

  private spawn(l: Lane): Worker {
    const w = new Worker(this.script);
    this.threadsStarted++;
    w.on('message', (m: ThreadReply) => this.onMessage(m));
    w.on('error', (e) => this.onDeath(w, `the task thread failed: ${e.message}`));
    w.on('exit', (code) => this.onDeath(w, `the task thread exited (code ${code})`));
    l.worker = w;
    return w;
  }

  /**
   * An idle thread of another lane moves to this one: starting a thread and loading the tasks costs
   * about a second on a busy machine, so a new lane (a Curve Panel's file) reuses a warm thread.
   */
  private adopt(l: Lane): Worker | undefined {
    for (const o of this.lanes.values()) {
      if (o === l || !o.worker || o.running !== undefined || o.queue.length) continue;
      clearTimeout(o.idle);
      l.worker = o.worker;
      o.worker = undefined;
      return l.worker;
    }
    return undefined;
  }

  private pump(name: string): void {
    const l = this.lane(name);
    if (l.running !== undefined || this.disposed) return;
    clearTimeout(l.idle);
    const next = l.queue.shift();
    if (!next) {
      if (l.worker) {
        l.idle = setTimeout(() => {
          const w = l.worker;
          if (!w || l.running !== undefined || l.queue.length) return;
          l.worker = undefined;
          void w.terminate();
        }, this.options.idleMs ?? 5 * 60_000);
        l.idle.unref?.();
      }
      return;
    }
    l.running = next.id;
    (l.worker ?? this.adopt(l) ?? this.spawn(l)).postMessage(next);
  }

  private onMessage(m: ThreadReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress' || m.type === 'partial') {
      this.reply(m);
      return;
    }
    const l = this.lane(p.lane);
    if (l.running === m.id) l.running = undefined;
    clearTimeout(p.timer);
    this.pending.delete(m.id);
    this.reply(m);
    this.pump(p.lane);
  }

  private fail(id: number, message: string, cancelled: boolean): void {
    const p = this.pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(id);
    this.reply({ type: 'error', id, message, exitCode: cancelled ? 130 : 1, cancelled });
  }

  private onDeath(w: Worker, reason: string): void {
    const entry = [...this.lanes.entries()].find(([, x]) => x.worker === w);
    if (!entry) return;
    const [name, l] = entry;
    l.worker = undefined;
    const running = l.running;
    l.running = undefined;
    if (running !== undefined) this.fail(running, reason, false);
    if (!this.disposed) this.pump(name);
  }

  dispose(): void {
    this.disposed = true;
    for (const id of [...this.pending.keys()]) this.fail(id, 'disposed', true);
    for (const l of this.lanes.values()) {
      clearTimeout(l.idle);
      void l.worker?.terminate();
    }
    this.lanes.clear();
  }
}
