// The background worker process (child_process.fork of dist/worker.js). It owns every fit and
// file load so the extension host never blocks; heavy loops spread further over worker_threads
// (dist/fitThread.js). Messages follow src/protocol.ts (ToWorker / FromWorker).
import { setPriority } from 'node:os';
import { CancelledError } from '../core/fit/fit';
import type { FromWorker, ToWorker } from '../protocol';
import { inspectFile, runFitJob } from './fitJob';

const cancelled = new Set<number>();

function send(m: FromWorker): void {
  process.send?.(m);
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function handle(m: ToWorker): Promise<void> {
  switch (m.type) {
    case 'ping':
      send({ type: 'pong', id: m.id });
      return;
    case 'cancel':
      cancelled.add(m.id);
      return;
    case 'crash':
      process.exit(70);
    // eslint-disable-next-line no-fallthrough
    case 'hang': {
      const until = Date.now() + m.ms;
      while (Date.now() < until) { /* busy: simulates a stuck job */ }
      return;
    }
    case 'inspect':
      try {
        send({ type: 'inspectResult', id: m.id, table: await inspectFile(m.file, m.maxRows) });
      } catch (e) {
        send({ type: 'error', id: m.id, message: errorMessage(e) });
      }
      return;
    case 'fit': {
      let last = 0;
      try {
        const result = await runFitJob(m.file, m.flags, m.options, {
          shouldStop: () => cancelled.has(m.id),
          onProgress: (p) => {
            const now = Date.now();
            if (now - last < 100 && p.done !== p.total && p.done !== 0) return;
            last = now;
            send({ type: 'progress', id: m.id, ...p });
          },
        });
        if (cancelled.has(m.id)) throw new CancelledError();
        send({ type: 'fitResult', id: m.id, result });
      } catch (e) {
        const wasCancelled = e instanceof CancelledError || cancelled.has(m.id);
        send({ type: 'error', id: m.id, message: wasCancelled ? 'cancelled' : errorMessage(e), cancelled: wasCancelled });
      } finally {
        cancelled.delete(m.id);
      }
      return;
    }
  }
}

// Background work yields the CPU to the editor: lower this thread's priority before any fit
// thread is spawned (Linux threads inherit the creator's nice value). Best effort.
try {
  setPriority(0, 10);
} catch {
  /* not permitted on this platform */
}

process.on('message', (m: ToWorker) => void handle(m));
process.on('uncaughtException', (e) => {
  // Report and keep serving: a bad file must not take the worker (or the host) down.
  process.stderr.write(`worker: uncaught ${errorMessage(e)}\n`);
});
send({ type: 'ready', pid: process.pid });
