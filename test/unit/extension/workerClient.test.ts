// The worker process as the extension host drives it: CLI-identical fits, progress, cancel,
// and recovery from a crashed or hung worker. Needs dist/worker.js (npm run build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fitFile } from '../../../src/cli/commands/fit';
import { WorkerClient, JobError } from '../../../src/extension/workerClient';
import { chinchillaCsv, tempFile } from './fixtures';

const script = join(process.cwd(), 'dist', 'worker.js');
const missing = existsSync(script) ? false : 'dist/worker.js not built (npm run build)';

test('a fit in the worker equals the CLI fit for the same file and flags', { skip: missing }, async () => {
  const file = tempFile('runs.csv', chinchillaCsv());
  const flags = { law: 'chinchilla', objective: 'huber', delta: 1e-3, space: 'log', bootstrap: 30, seed: 3, starts: '300' };
  const client = new WorkerClient(script);
  try {
    const phases = new Set<string>();
    const result = await client.fit(file, flags, {}, (p) => phases.add(p.phase)).promise;
    const cli = await fitFile(file, { ...flags, threads: 1 });
    assert.deepEqual(result.report.params, cli.params);
    assert.deepEqual(result.report.bootstrap?.se, cli.bootstrap?.se);
    assert.equal(result.report.provenance.input?.sha256, cli.provenance.input?.sha256);
    assert.ok(phases.has('starts') && phases.has('bootstrap'), `progress phases seen: ${[...phases]}`);
    assert.ok(result.plots.axes.some((a) => a.axis === 'C'), 'a loss-vs-compute plot');
    assert.ok(result.recommendation && result.recommendation.N > 0);
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
    const job = client.fit(file, { bootstrap: 4000 }, {}, (p) => p.phase === 'starts' && client.cancel(job.id));
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
    await assert.rejects(client.fit('/nonexistent/runs.csv', {}).promise, /nonexistent\/runs\.csv/);
    const bad = tempFile('bad.csv', 'a,b\n1,2\n');
    await assert.rejects(client.fit(bad, {}).promise, (e: Error) => e.message.length > 0);
    await client.ping();
    assert.equal(client.starts, 1);
  } finally {
    client.dispose();
  }
});
