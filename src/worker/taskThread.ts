// A lane thread of the worker process (dist/taskThread.js): runs one task at a time from the task
// registry, with progress throttled to ~10 messages a second, cancellation read from the run's
// SharedArrayBuffer flag, and parsed tables kept warm between jobs of the lane.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { exitCodeOf } from '../core/errors';
import { buildFigures, type FigureOptions } from '../core/report/figures';
import type { FitReport } from '../core/report/fitReport';
import { nodeTaskContext, TableCache } from '../tasks/nodeContext';
import type { ThreadReply, ThreadRun } from '../protocol/worker';
import { isTaskName, TASKS } from '../tasks';

// Yield the CPU to the editor (Linux: nice is per thread). Best effort.
try {
  setPriority(0, 10);
} catch {
  /* not permitted */
}

const port = parentPort;
if (!port) throw new Error('taskThread must run as a worker thread');
const send = (m: ThreadReply) => port.postMessage(m);
const tables = new TableCache(4);

function figuresOf(value: unknown, options: FigureOptions | undefined) {
  const r = value as FitReport | undefined;
  if (!options || !r || typeof r !== 'object' || !r.data || !r.law) return undefined;
  return buildFigures(r, options);
}

port.on('message', async (m: ThreadRun) => {
  if (m?.type !== 'run') return;
  const flag = new Int32Array(m.stop);
  const stopped = () => Atomics.load(flag, 0) !== 0;
  const t0 = Date.now();
  let last = 0;
  try {
    if (!isTaskName(m.task)) throw new Error(`unknown task '${String(m.task)}'`);
    const task = TASKS[m.task] as (req: unknown, ctx: unknown) => unknown;
    const ctx = nodeTaskContext({
      // The worker process already runs at a lower priority; two fit threads keep a 2-core machine's editor responsive.
      threads: 2,
      shouldStop: stopped,
      tableCache: tables,
      keepThreadsWarm: true,
      onProgress: (p) => {
        const now = Date.now();
        if (now - last < 100 && p.done !== p.total && p.done !== 0) return;
        last = now;
        send({ type: 'progress', id: m.id, ...p });
      },
      onPartial: (value) => send({ type: 'partial', id: m.id, value, figures: figuresOf(value, m.figures) }),
    });
    const value = await task(m.request, ctx);
    if (stopped()) throw Object.assign(new Error('cancelled'), { cancelled: true });
    send({ type: 'result', id: m.id, value, figures: figuresOf(value, m.figures), elapsedMs: Date.now() - t0 });
  } catch (e) {
    const cancelled = (e as { cancelled?: boolean }).cancelled === true || stopped();
    send({ type: 'error', id: m.id, message: cancelled ? 'cancelled' : e instanceof Error ? e.message : String(e), exitCode: cancelled ? 130 : exitCodeOf(e), cancelled });
  }
});
