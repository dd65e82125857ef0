import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  authorsScheduleFromFileName,
  formatScheduleSpec,
  parseScheduleSpec,
  scheduleFromLog,
  scheduleLRs,
  ScheduleError,
} from '../../../../src/core/schedule/schedule';

const close = (a: number, b: number, rel = 1e-12, what = '') => assert.ok(Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-300), `${what}: ${a} vs ${b}`);

test('linear warmup is W evenly spaced values from 0 to peak inclusive (numpy linspace)', () => {
  const eta = scheduleLRs({ kind: 'constant', warmup: 5, total: 8, peak: 4e-4 });
  assert.equal(eta.length, 8);
  // hand values: 0, 1e-4, 2e-4, 3e-4, 4e-4 then constant
  [0, 1e-4, 2e-4, 3e-4, 4e-4, 4e-4, 4e-4, 4e-4].forEach((v, i) => close(eta[i], v, 1e-12, `eta[${i}]`));
  assert.equal(eta[4], 4e-4, 'last warmup value is exactly peak');
  const cw = scheduleLRs({ kind: 'constant', warmup: 5, total: 8, peak: 4e-4, warmupShape: 'constant' });
  assert.ok(cw.every((v) => v === 4e-4));
});

test('cosine: peak at the warmup end, mid-value halfway, end value formula at the last step', () => {
  const W = 10, T = 110, peak = 3e-4, end = 3e-5;
  const eta = scheduleLRs({ kind: 'cosine', warmup: W, total: T, peak, end });
  close(eta[W], peak, 1e-15, 'at W');
  close(eta[W + 50], (peak + end) / 2, 1e-12, 'halfway'); // cos(pi/2) = 0
  close(eta[W + 25], end + 0.5 * (peak - end) * (1 + Math.SQRT1_2), 1e-12, 'quarter');
  close(eta[T - 1], end + 0.5 * (peak - end) * (1 + Math.cos(Math.PI * 99 / 100)), 1e-12, 'last');
  close(eta[9], peak, 1e-15, 'last warmup step');
  close(eta[1], peak / 9, 1e-12, 'first warmup step');
});

test('WSD exponential and linear decay from the decay step', () => {
  const base = { warmup: 4, total: 104, decay: 54, peak: 4e-4, end: 1e-5 };
  const ex = scheduleLRs({ kind: 'wsd', ...base, shape: 'exp' });
  const li = scheduleLRs({ kind: 'wsd', ...base, shape: 'linear' });
  close(ex[53], 4e-4, 0, 'stable');
  close(ex[54], 4e-4, 1e-12, 'decay start');
  close(ex[79], Math.sqrt(4e-4 * 1e-5), 1e-12, 'geometric midpoint'); // exponents 1/2, 1/2
  close(li[79], (4e-4 + 1e-5) / 2, 1e-12, 'linear midpoint');
  close(li[103], 4e-4 * (1 / 50) + 1e-5 * (49 / 50), 1e-12, 'linear last');
  assert.equal(parseScheduleSpec('wsd:warmup=4,total=104,decay=54,peak=4e-4,end=1e-5').kind, 'wsd');
});

test('two-stage, linear, inverse-sqrt', () => {
  const ts = scheduleLRs({ kind: 'two-stage', warmup: 3, total: 10, switch: 6, peak: 3e-4, second: 9e-5 });
  assert.deepEqual(Array.from(ts.slice(3)), [3e-4, 3e-4, 3e-4, 9e-5, 9e-5, 9e-5, 9e-5]);
  const lin = scheduleLRs({ kind: 'linear', warmup: 0, total: 10, peak: 1, end: 0 }); // reaches end at step total (as cosine)
  close(lin[5], 0.5, 1e-15, 'linear half');
  const isq = scheduleLRs({ kind: 'inverse-sqrt', warmup: 4, total: 20, peak: 1 });
  close(isq[16], 0.5, 1e-15, 'inverse sqrt at 4W');
});

test('authors\' file names map to their schedules', () => {
  const w = authorsScheduleFromFileName('csv_400/wsdcon_9.csv');
  assert.deepEqual(w, { kind: 'two-stage', warmup: 2160, total: 16000, switch: 8000, peak: 3e-4, second: 9 * 1e-5 });
  const eta = scheduleLRs(w!);
  assert.equal(eta.length, 16000);
  assert.equal(eta[7999], 3e-4);
  close(eta[8000], 9e-5, 1e-15, 'second stage');
  assert.equal(authorsScheduleFromFileName('wsdld_20000_24000.csv')?.kind, 'wsd');
  assert.equal((authorsScheduleFromFileName('wsdld_20000_24000.csv') as { shape: string }).shape, 'linear');
  assert.equal((authorsScheduleFromFileName('wsd_20000_24000.csv') as { shape: string }).shape, 'exp');
  assert.equal(authorsScheduleFromFileName('cosine_72000.csv')?.total, 72000);
  assert.equal(authorsScheduleFromFileName('my_run.csv'), undefined);
});

test('spec parser: round trip, human numbers, errors', () => {
  const s = parseScheduleSpec('cosine:warmup=2160,total=24k,peak=3e-4,end=3e-5');
  assert.deepEqual(s, { kind: 'cosine', warmup: 2160, total: 24000, peak: 3e-4, end: 3e-5 });
  assert.deepEqual(parseScheduleSpec(formatScheduleSpec(s)), s);
  const t = parseScheduleSpec('two-stage:warmup=2160,total=16000,switch=8000,peak=3e-4,second=3e-5');
  assert.equal(t.kind, 'two-stage');
  assert.throws(() => parseScheduleSpec('cosine:warmup=2160,total=24000,peak=3e-4'), /missing end/);
  assert.throws(() => parseScheduleSpec('triangle:warmup=1'), /unknown schedule/);
  assert.throws(() => parseScheduleSpec('constant:warmup=10,total=5,peak=1'), ScheduleError);
  assert.throws(() => parseScheduleSpec('constant:warmup=1,total=5,peak=x'), /not a number/);
  assert.throws(() => parseScheduleSpec('constant:warmup=1,total=5,peak=1,bogus=2'), /unknown field/);
  assert.throws(() => parseScheduleSpec('wsd:warmup=1,total=50,decay=40,peak=1,end=0.1,shape=cubic'), /shape/);
});

test('schedule from a log column: linear interpolation, hold after, ramp before', () => {
  const eta = scheduleFromLog([10, 20, 30], [1, 3, 2], 35, true);
  assert.equal(eta.length, 35);
  close(eta[0], 0, 0, 'ramp start');
  close(eta[5], 0.5, 1e-15, 'ramp');
  close(eta[15], 2, 1e-15, 'interp');
  close(eta[25], 2.5, 1e-15, 'interp 2');
  close(eta[34], 2, 0, 'hold');
  assert.throws(() => scheduleFromLog([1, 1], [1, 1]), /steps must increase/);
});
