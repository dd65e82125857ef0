// The panels' compute-thread client against a small stand-in thread speaking the same messages:
// progress and results, cooperative cancel, a thread that ignores cancel is terminated, a dying
// thread fails its job and the lane recovers, lanes run side by side.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ComputeClient, ComputeError } from '../../../../src/extension/phases/computeClient';

const script = join(mkdtempSync(join(tmpdir(), 'sl-compute-')), 'thread.js');
writeFileSync(script, `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  const flag = new Int32Array(m.stop);
  const t0 = Date.now();
  switch (m.job) {
    case 'echo':
      parentPort.postMessage({ type: 'progress', id: m.id, done: 1, total: 2 });
      parentPort.postMessage({ type: 'result', id: m.id, value: { twice: m.args.x * 2 } });
      return;
    case 'spin':
      while (Date.now() - t0 < 20000) if (Atomics.load(flag, 0)) return parentPort.postMessage({ type: 'error', id: m.id, message: 'cancelled', cancelled: true });
      return;
    case 'stubborn':
      while (Date.now() - t0 < 20000) {}
      return;
    case 'crash':
      process.exit(3);
  }
});
`);

const run = (c: ComputeClient, lane: string, job: string, args: unknown = {}, onProgress?: (d: number, t: number) => void) => c.run(lane, job as 'heatmap', args as never, onProgress);

test('progress and result', async () => {
  const c = new ComputeClient(script);
  const seen: number[] = [];
  const r = await run(c, 'a', 'echo', { x: 21 }, (d) => seen.push(d)).promise;
  assert.deepEqual(r, { twice: 42 });
  assert.deepEqual(seen, [1]);
  c.dispose();
});

test('cooperative cancel stops a busy job and the lane serves the next one', async () => {
  const c = new ComputeClient(script, { cancelGraceMs: 5000 });
  const h = run(c, 'a', 'spin');
  const next = run(c, 'a', 'echo', { x: 1 });
  setTimeout(() => h.cancel(), 100);
  await assert.rejects(h.promise, (e: ComputeError) => e.cancelled === true);
  assert.deepEqual(await next.promise, { twice: 2 });
  assert.equal(c.threadsStarted, 1, 'the thread survived a cooperative cancel');
  c.dispose();
});

test('a job that ignores cancel has its thread terminated; the lane restarts', async () => {
  const c = new ComputeClient(script, { cancelGraceMs: 200 });
  const h = run(c, 'a', 'stubborn');
  setTimeout(() => h.cancel(), 50);
  await assert.rejects(h.promise, (e: ComputeError) => e.cancelled === true);
  assert.deepEqual(await run(c, 'a', 'echo', { x: 2 }).promise, { twice: 4 });
  assert.equal(c.threadsStarted, 2);
  c.dispose();
});

test('a dying thread fails its job with the reason; the next job gets a new thread', async () => {
  const c = new ComputeClient(script);
  await assert.rejects(run(c, 'a', 'crash').promise, /exited \(code 3\)/);
  assert.deepEqual(await run(c, 'a', 'echo', { x: 3 }).promise, { twice: 6 });
  c.dispose();
});

test('lanes are independent: a busy lane does not delay another; cancelLane drops queued jobs', async () => {
  const c = new ComputeClient(script, { cancelGraceMs: 5000 });
  const busy = run(c, 'heat', 'spin');
  const queued = run(c, 'heat', 'echo', { x: 5 });
  assert.deepEqual(await run(c, 'curves', 'echo', { x: 4 }).promise, { twice: 8 });
  c.cancelLane('heat');
  await assert.rejects(queued.promise, (e: ComputeError) => e.cancelled === true);
  await assert.rejects(busy.promise, (e: ComputeError) => e.cancelled === true);
  c.dispose();
});

test('an idle lane thread is terminated and recreated on demand', async () => {
  const c = new ComputeClient(script, { idleMs: 50 });
  assert.deepEqual(await run(c, 'a', 'echo', { x: 1 }).promise, { twice: 2 });
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(await run(c, 'a', 'echo', { x: 2 }).promise, { twice: 4 });
  assert.equal(c.threadsStarted, 2);
  c.dispose();
});
