// The background worker process (child_process.fork of dist/worker.js). Every job of the
// extension runs here, never on the extension host's thread: a 'run' message names a task and
// its request (the same request the CLI builds from flags), and the task runs on a lane thread
// (dist/taskThread.js) so this thread stays free to receive 'cancel'. Messages: src/protocol/worker.ts.
import { setPriority } from 'node:os';
import { join } from 'node:path';
import type { FromWorker, ToWorker } from '../protocol/worker';
import { isTaskName } from '../protocol/tasks';
import { Lanes } from './lanes';
import { validateToWorker } from './validate';

function send(m: FromWorker): void {
  process.send?.(m);
}

const lanes = new Lanes(join(__dirname, 'taskThread.js'), send, { log: (l) => process.stderr.write(`worker: ${l}\n`) });

function handle(raw: unknown): void {
  const problem = validateToWorker(raw);
  if (problem) {
    const id = (raw as { id?: unknown })?.id;
    if (typeof id === 'number') send({ type: 'error', id, message: `bad message: ${problem}`, exitCode: 2 });
    process.stderr.write(`worker: ignored a bad message (${problem})\n`);
    return;
  }
  const m = raw as ToWorker;
  switch (m.type) {
    case 'ping':
      send({ type: 'pong', id: m.id });
      return;
    case 'cancel':
      lanes.cancel(m.id);
      return;
    case 'crash':
      process.exit(70);
    // eslint-disable-next-line no-fallthrough
    case 'hang': {
      const until = Date.now() + m.ms;
      while (Date.now() < until) { /* busy: simulates a stuck job */ }
      return;
    }
    case 'run':
      if (!isTaskName(m.task)) return send({ type: 'error', id: m.id, message: `unknown task '${String(m.task)}'`, exitCode: 2 });
      lanes.run(m.lane ?? m.task, { type: 'run', id: m.id, task: m.task, request: m.request, figures: m.figures });
      return;
  }
}

// Background work yields the CPU to the editor: lower this process's priority before any thread
// is spawned (Linux threads inherit the creator's nice value). Best effort.
try {
  setPriority(0, 10);
} catch {
  /* not permitted on this platform */
}

process.on('message', handle);
process.on('uncaughtException', (e) => {
  // Report and keep serving: a bad file must not take the worker (or the host) down.
  process.stderr.write(`worker: uncaught ${e instanceof Error ? e.message : String(e)}\n`);
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', pid: process.pid });
