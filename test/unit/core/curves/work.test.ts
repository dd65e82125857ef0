import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../../src/cli/main';
import { MAX_SCHEDULE_STEPS, scheduleFromLog, scheduleLRs, ScheduleError } from '../../../../src/core/schedule/schedule';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}
const P = 'L0=2.37,A=0.65,alpha=0.43,B=523,C=2.02,beta=0.59,gamma=0.63';

// Issue 16 item 2: total=1e9 reached 10 GB and a V8 abort; total=1e15 a raw "Invalid typed array length".
test('schedules longer than the limit are refused before allocating, naming the limit', async () => {
  for (const total of ['1e9', '1e15', String(MAX_SCHEDULE_STEPS + 1)]) {
    const before = process.memoryUsage().arrayBuffers;
    const r = await cli('curve', 'predict', '--law', 'multipower', '--params', P, '--schedule', `cosine:warmup=0,total=${total},peak=3e-4,end=3e-5`, '--every', '1');
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, new RegExp(`limit of ${MAX_SCHEDULE_STEPS} steps`));
    assert.ok(process.memoryUsage().arrayBuffers - before < 50e6);
  }
  assert.throws(() => scheduleLRs({ kind: 'constant', warmup: 0, total: 1e12, peak: 1 }), ScheduleError);
  assert.throws(() => scheduleFromLog([0, 1e12], [1e-3, 1e-4]), /limit/);
});

test('a prediction whose exact sums exceed the work limit is refused before any work', async () => {
  const t0 = Date.now();
  const r = await cli('curve', 'predict', '--law', 'multipower', '--params', P, '--schedule', `cosine:warmup=0,total=${MAX_SCHEDULE_STEPS},peak=3e-4,end=3e-5`, '--every', '1000');
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /more than the limit of 5e\+8.*--every/);
  assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
});

test('an ordinary prediction is unchanged by the limits', async () => {
  const r = await cli('curve', 'predict', '--law', 'multipower', '--params', P, '--schedule', 'cosine:warmup=100,total=24000,peak=3e-4,end=3e-5', '--json');
  assert.equal(r.code, 0, r.err);
  assert.equal(JSON.parse(r.out).step.length, 500);
});
