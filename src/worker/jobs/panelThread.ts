// worker_threads entry (dist/panelThread.js) for the curve / phases / transfer panels' jobs.
// One job at a time per thread; the host keeps one thread per panel lane. Progress is throttled
// to ~10 messages a second; cancellation is read from the request's SharedArrayBuffer flag.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { CancelledError } from '../../core/theory';
import { JOBS } from './panelJobs';
import type { ThreadReply, ThreadRequest } from './types';

// Yield the CPU to the editor (Linux: nice is per thread). Best effort.
try {
  setPriority(0, 10);
} catch {
  /* not permitted */
}

const port = parentPort;
if (!port) throw new Error('panelThread must run as a worker thread');
const send = (m: ThreadReply) => port.postMessage(m);

port.on('message', async (m: ThreadRequest) => {
  if (m?.type !== 'run') return;
  const flag = new Int32Array(m.stop);
  const stopped = () => Atomics.load(flag, 0) !== 0;
  let last = 0;
  try {
    const handler = JOBS[m.job] as (a: unknown, h: unknown) => unknown;
    if (!handler) throw new Error(`unknown job '${m.job}'`);
    const value = await handler(m.args, {
      shouldStop: stopped,
      onProgress: (done: number, total: number) => {
        const now = Date.now();
        if (now - last < 100 && done !== total) return;
        last = now;
        send({ type: 'progress', id: m.id, done, total });
      },
    });
    if (stopped()) throw new CancelledError();
    send({ type: 'result', id: m.id, value });
  } catch (e) {
    const cancelled = e instanceof CancelledError || stopped();
    send({ type: 'error', id: m.id, message: cancelled ? 'cancelled' : e instanceof Error ? e.message : String(e), cancelled });
  }
});
