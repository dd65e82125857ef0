// The worker process as the extension host drives it: CLI-identical fits, progress, cancel,
// and recovery from a crashed or hung worker. Needs dist/worker.js (npm run build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WorkerClient, JobError } from '../../../../src/extension/worker/workerClient';
import { nodeTaskContext } from '../../../../src/tasks/nodeContext';
import { fitTask } from '../../../../src/tasks/fit';
import { chinchillaCsv, tempFile } from '../fixtures';

const script = join(process.cwd(), 'dist', 'worker.js');
const missing = existsSync(script) ? false : 'dist/worker.js not built (npm run build)';

test('a fit in the worker equals the CLI fit for the same file and flags', { skip: missing }, async () => {
  const file = tempFile('runs.csv', chinchillaCsv());
  const request = { file, law: 'chinchilla', objective: { kind: 'huber' as const, delta: 1e-3, space: 'log' as const }, bootstrap: 30, seed: 3, starts: '300' };
  const client = new WorkerClient(script);
  try {
    const phases = new Set<string>();
    const result = await client.run('fit', request, { figures: {}, onProgress: (p) => phases.add(p.phase) }).promise;
    const cli = await fitTask(request, nodeTaskContext({ threads: 1 }));
    // Records keyed by user names have a null prototype in process; the worker's copy crosses a
    // structured clone (plain objects), so compare own entries.
    assert.deepEqual(result.value.params, { ...cli.params });
    assert.deepEqual(result.value.bootstrap?.se, cli.bootstrap?.se && { ...cli.bootstrap.se });
    assert.equal(result.value.provenance.input?.sha256, cli.provenance.input?.sha256);
    assert.ok(phases.has('starts') && phases.has('bootstrap'), `progress phases seen: ${[...phases]}`);
    assert.ok(result.figures?.figures.some((f) => f.id === 'loss-C'), 'a loss-vs-compute figure');
    assert.ok(result.figures?.recommendation && result.figures.recommendation.N > 0);
  } finally {
    client.dispose();
  }
});

test('a crashed worker fails its job with the reason and the next request restarts it', { skip: missing }, async () => {
  const client = new WorkerClient(script);
  try {
    await client.ping();
    const pid = client.pid;
    await assert.rejects(client.crashForTest(), (e: JobError) => e.workerDied && /exit code 70/.test(e.message));
    await client.ping();
    assert.notEqual(client.pid, pid);
    assert.equal(client.starts, 2);
  } finally {
    client.dispose();
  }
});

test('a hung worker is killed after the hang timeout and the job reported failed', { skip: missing }, async () => {
  const client = new WorkerClient(script, { hangMs: 2500 });
  try {
    await client.ping();
    await assert.rejects(client.hangForTest(60_000), (e: JobError) => /hung/.test(e.message));
    await client.ping(); // works again
  } finally {
    client.dispose();
  }
});

test('cancel stops a running fit and reports it cancelled', { skip: missing }, async () => {
  const file = tempFile('runs.csv', chinchillaCsv());
  const client = new WorkerClient(script, { cancelGraceMs: 30_000 });
  try {
    await client.ping();
    const pid = client.pid;
    const job = client.run('fit', { file, bootstrap: 4000 }, { onProgress: (p) => { if (p.phase === 'starts') client.cancel(job.id); } });
    await assert.rejects(job.promise, (e: JobError) => e.cancelled);
    await client.ping();
    assert.equal(client.pid, pid, 'stopped by the cancel message, not by killing the worker');
    await client.ping();
  } finally {
    client.dispose();
  }
});

test('bad input is an error naming the file, and the worker keeps serving', { skip: missing }, async () => {
  const client = new WorkerClient(script);
  try {
    await assert.rejects(client.run('fit', { file: '/nonexistent/runs.csv' }).promise, (e: JobError) => /nonexistent\/runs\.csv/.test(e.message) && e.exitCode === 2);
    const bad = tempFile('bad.csv', 'a,b\n1,2\n');
    await assert.rejects(client.run('fit', { file: bad }).promise, (e: JobError) => e.message.length > 0 && e.exitCode === 2);
    await assert.rejects(client.run('nope' as 'fit', { file: bad }).promise, /unknown task/);
    await client.ping();
    assert.equal(client.starts, 1);
  } finally {
    client.dispose();
  }
});
