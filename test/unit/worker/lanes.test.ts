// The worker process's lanes against a small stand-in thread speaking the same messages: progress
// and results, cooperative cancel, a thread that ignores cancel is terminated, a dying thread
// fails its job and the lane recovers, lanes run side by side, idle threads end.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ThreadReply } from '../../../src/protocol/worker';
import { Lanes } from '../../../src/worker/lanes';

const script = join(mkdtempSync(join(tmpdir(), 'sl-lanes-')), 'thread.js');
writeFileSync(script, `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  const flag = new Int32Array(m.stop);
  const t0 = Date.now();
  switch (m.task) {
    case 'echo':
      parentPort.postMessage({ type: 'progress', id: m.id, phase: 'x', done: 1, total: 2 });
      parentPort.postMessage({ type: 'result', id: m.id, value: { twice: m.request.x * 2 }, elapsedMs: 0 });
      return;
    case 'spin':
      while (Date.now() - t0 < 20000) if (Atomics.load(flag, 0)) return parentPort.postMessage({ type: 'error', id: m.id, message: 'cancelled', exitCode: 130, cancelled: true });
      return;
    case 'stubborn':
      while (Date.now() - t0 < 20000) {}
      return;
    case 'crash':
      process.exit(3);
  }
});
`);

/** Lanes with promise-returning jobs, as the worker's main thread uses them through its replies. */
function harness(options: ConstructorParameters<typeof Lanes>[2] = {}) {
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error & { cancelled?: boolean }): void; progress: number[] }>();
  const lanes = new Lanes(script, (m: ThreadReply) => {
    const w = waiting.get(m.id);
    if (!w) return;
    if (m.type === 'progress') w.progress.push(m.done);
    else if (m.type === 'result') w.resolve(m.value);
    else if (m.type === 'error') w.reject(Object.assign(new Error(m.message), { cancelled: m.cancelled }));
  }, options);
  let id = 1;
  const run = (lane: string, task: string, request: unknown = {}) => {
    const jid = id++;
    const progress: number[] = [];
    const promise = new Promise((resolve, reject) => waiting.set(jid, { resolve, reject, progress }));
    lanes.run(lane, { type: 'run', id: jid, task: task as 'fit', request });
    return { id: jid, promise, progress, cancel: () => lanes.cancel(jid) };
  };
  return { lanes, run };
}

const cancelled = (e: Error & { cancelled?: boolean }) => e.cancelled === true;

test('progress and result', async () => {
  const { lanes, run } = harness();
  const h = run('a', 'echo', { x: 21 });
  assert.deepEqual(await h.promise, { twice: 42 });
  assert.deepEqual(h.progress, [1]);
  lanes.dispose();
});

test('cooperative cancel stops a busy job and the lane serves the next one', async () => {
  const { lanes, run } = harness({ cancelGraceMs: 5000 });
  const h = run('a', 'spin');
  const next = run('a', 'echo', { x: 1 });
  setTimeout(() => h.cancel(), 100);
  await assert.rejects(h.promise, cancelled);
  assert.deepEqual(await next.promise, { twice: 2 });
  assert.equal(lanes.threadsStarted, 1, 'the thread survived a cooperative cancel');
  lanes.dispose();
});

test('a job that ignores cancel has its thread terminated; the lane restarts', async () => {
  const { lanes, run } = harness({ cancelGraceMs: 200 });
  const h = run('a', 'stubborn');
  setTimeout(() => h.cancel(), 50);
  await assert.rejects(h.promise, cancelled);
  assert.deepEqual(await run('a', 'echo', { x: 2 }).promise, { twice: 4 });
  assert.equal(lanes.threadsStarted, 2);
  lanes.dispose();
});

test('a dying thread fails its job with the reason; the next job gets a new thread', async () => {
  const { lanes, run } = harness();
  await assert.rejects(run('a', 'crash').promise, /exited \(code 3\)/);
  assert.deepEqual(await run('a', 'echo', { x: 3 }).promise, { twice: 6 });
  lanes.dispose();
});

test('lanes are independent: a busy lane does not delay another; a queued job is cancelled at once', async () => {
  const { lanes, run } = harness({ cancelGraceMs: 5000 });
  const busy = run('heat', 'spin');
  const queued = run('heat', 'echo', { x: 5 });
  assert.deepEqual(await run('curves', 'echo', { x: 4 }).promise, { twice: 8 });
  queued.cancel();
  busy.cancel();
  await assert.rejects(queued.promise, cancelled);
  await assert.rejects(busy.promise, cancelled);
  lanes.dispose();
});

test('an idle lane thread is terminated and recreated on demand', async () => {
  const { lanes, run } = harness({ idleMs: 50 });
  assert.deepEqual(await run('a', 'echo', { x: 1 }).promise, { twice: 2 });
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(await run('a', 'echo', { x: 2 }).promise, { twice: 4 });
  assert.equal(lanes.threadsStarted, 2);
  lanes.dispose();
});

test("a new lane takes another lane's idle thread instead of starting one; a busy thread is never taken", async () => {
  const { lanes, run } = harness({ cancelGraceMs: 5000 });
  assert.deepEqual(await run('fit', 'echo', { x: 1 }).promise, { twice: 2 });
  assert.deepEqual(await run('curves:a.csv', 'echo', { x: 2 }).promise, { twice: 4 });
  assert.equal(lanes.threadsStarted, 1, 'the idle fit thread served the new lane');
  const busy = run('curves:a.csv', 'spin');
  assert.deepEqual(await run('curves:b.csv', 'echo', { x: 3 }).promise, { twice: 6 });
  assert.equal(lanes.threadsStarted, 2, 'the busy thread was not taken');
  busy.cancel();
  await assert.rejects(busy.promise, cancelled);
  lanes.dispose();
});

test('a thread that dies after moving to another lane fails that lane\'s job', async () => {
  const { lanes, run } = harness();
  assert.deepEqual(await run('a', 'echo', { x: 1 }).promise, { twice: 2 });
  await assert.rejects(run('b', 'crash').promise, /exited \(code 3\)/);
  assert.equal(lanes.threadsStarted, 1);
  assert.deepEqual(await run('b', 'echo', { x: 2 }).promise, { twice: 4 });
  lanes.dispose();
});
