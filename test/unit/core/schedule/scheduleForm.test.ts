import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scheduleLRs, parseScheduleSpec } from '../../../../src/core/schedule/schedule';
import { fieldsFromSpec, specFromFields } from '../../../../src/core/schedule/scheduleForm';
import { guessScheduleSpec, predictionSteps } from '../../../../src/tasks/curve';

test('editor fields ⇄ SPEC round trip for every kind', () => {
  for (const spec of [
    'cosine:warmup=2160,total=24000,peak=0.0003,end=0.00003',
    'wsd:warmup=2160,total=24000,peak=0.0003,decay=20000,end=0.00003,shape=linear',
    'two-stage:warmup=100,total=16000,peak=0.0003,switch=8000,second=0.00002',
    'constant:warmup=10,total=100,peak=0.001',
  ]) {
    const f = fieldsFromSpec(spec);
    const again = specFromFields(f);
    assert.deepEqual(parseScheduleSpec(again), parseScheduleSpec(spec), spec);
  }
});

test('changing the kind keeps the shared fields and produces the schedule by hand', () => {
  const f = fieldsFromSpec('cosine:warmup=10,total=110,peak=1,end=0.1');
  const spec = specFromFields({ ...f, kind: 'wsd', decay: 60, shape: 'linear' });
  const eta = scheduleLRs(parseScheduleSpec(spec));
  assert.equal(eta.length, 110);
  assert.equal(eta[9], 1); // end of warmup (linspace(0, 1, 10))
  assert.equal(eta[59], 1); // stable phase
  assert.ok(Math.abs(eta[85] - (1 * (1 - 25 / 50) + 0.1 * (25 / 50))) < 1e-12); // linear decay by hand
  assert.throws(() => specFromFields({ ...f, kind: 'wsd', decay: 5 }), /decay/);
});

test('guessScheduleSpec reads warmup, peak and end off a logged cosine', () => {
  const eta = scheduleLRs(parseScheduleSpec('cosine:warmup=500,total=6000,peak=0.0006,end=0.00006'));
  const g = parseScheduleSpec(guessScheduleSpec(eta)!);
  assert.equal(g.kind, 'cosine');
  assert.equal(g.warmup, 500);
  assert.equal(g.total, 6000);
  assert.equal(g.peak, 0.0006);
  assert.ok(Math.abs((g as { end: number }).end - 0.00006) < 1e-9);
  const c = parseScheduleSpec(guessScheduleSpec(new Float64Array(50).fill(0.01))!);
  assert.equal(c.kind, 'constant');
});

test('prediction steps end on the last step and stay inside the schedule', () => {
  const s = predictionSteps(24000, 400);
  assert.equal(s[s.length - 1], 23999);
  assert.ok(s[0] >= 1 && s.length <= 402);
  assert.deepEqual(Array.from(predictionSteps(5, 400)), [1, 2, 3, 4]);
});
