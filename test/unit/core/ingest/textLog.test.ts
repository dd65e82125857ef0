import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IngestError } from '../../../../src/core/ingest/errors';
import { parseTextLog, recogniseTextLog, TEXT_LOG_READERS } from '../../../../src/core/ingest/textLog';
import type { NumericColumn, RunTable, TextColumn } from '../../../../src/core/table/runTable';

const num = (t: RunTable, name: string) => Array.from((t.columns.find((c) => c.name === name) as NumericColumn).values);

test('every registry entry reads its own example line and is recognised from it', () => {
  for (const r of TEXT_LOG_READERS) {
    const values = r.create()(r.example);
    assert.ok(values && values.length >= 2, r.id);
    if (!r.generic) assert.equal(recogniseTextLog([r.example, r.example])?.reader.id, r.id, r.id);
  }
});

test('nanoGPT: eval and iter lines of one step merge into one row', () => {
  const t = parseTextLog(
    ['number of parameters: 10.65M', 'step 0: train loss 4.2874, val loss 4.2823', 'iter 0: loss 4.2655, time 119975.84ms, mfu -100.00%', 'iter 10: loss 3.1338, time 1972.52ms, mfu 0.19%', 'saving checkpoint to out'].join('\n'),
    { file: 'train.log' },
  );
  assert.equal(t.format, 'nanogpt-log');
  assert.deepEqual(num(t, 'step'), [0, 10]);
  assert.deepEqual(num(t, 'loss'), [4.2655, 3.1338]);
  assert.deepEqual(num(t, 'val_loss').slice(0, 1), [4.2823]);
  assert.deepEqual(num(t, 'mfu_pct'), [-100, 0.19]);
  assert.ok(t.warnings.some((w) => /2 other lines ignored, first at line 1/.test(w)), t.warnings.join('\n'));
});

test("llm.c: main.log lines; console 'val loss' belongs to the last printed step (main.log's step)", () => {
  const main = parseTextLog('s:0 tel:11.0092\ns:0 trl:11.0091 lr:0.000001 norm:15.37\ns:1 trl:10.9598 lr:0.000002 norm:15.24\n', { file: 'main.log' });
  assert.deepEqual(num(main, 'step'), [0, 1]);
  assert.deepEqual(num(main, 'val_loss').slice(0, 1), [11.0092]);
  assert.deepEqual(num(main, 'train_loss'), [11.0091, 10.9598]);
  const out = parseTextLog(
    ['val loss 11.008742', 'step    1/19560 | loss 11.010252 (+nanz)| norm 15.1374 (+nanz)| lr 8.57e-07 | 4621.47 ms | 29.2% bf16 MFU | 113446 tok/s', 'step    2/19560 | train loss 10.9 | norm 14.0 | lr 1.7e-06 | 4000.00 ms | 30.0% bf16 MFU | 113000 tok/s', 'val loss 10.5'].join('\n'),
    { file: 'stdout' },
  );
  assert.equal(out.format, 'llmc-stdout');
  assert.deepEqual(num(out, 'step'), [0, 1, 2]);
  assert.deepEqual(num(out, 'train_loss').slice(0, 2), [11.010252, 10.9]);
  assert.deepEqual([num(out, 'val_loss')[0], num(out, 'val_loss')[2]], [11.008742, 10.5]);
  assert.deepEqual(num(out, 'time_ms').slice(0, 2), [4621.47, 4000]);
});

test('modded-nanogpt: step:N/T pairs with units; a code dump before the log is ignored', () => {
  const t = parseTextLog(['import os', 'x = dict(lr=0.1, wd=0.2)', 'step:0/1750 val_loss:10.8258 train_time:0ms step_avg:nanms', 'step:1/1750 train_loss:10.9184 train_time:74701ms step_avg:nanms', 'step:2/1750 train_loss:8.6834 train_time:75965ms step_avg:37982.50ms'].join('\n'), { file: 'r.txt' });
  assert.equal(t.format, 'modded-nanogpt-log');
  assert.deepEqual(num(t, 'train_loss').slice(1), [10.9184, 8.6834]);
  assert.deepEqual(num(t, 'train_time_ms'), [0, 74701, 75965]);
  assert.deepEqual(num(t, 'total_steps'), [1750, 1750, 1750]);
});

test('generic key=value and key: value lines; config lines with one value are not rows', () => {
  const kv = parseTextLog('2023-05-15 22:50:17,398 INFO:Epoch 1: Train Loss=0.0717, Val Loss=0.0766\n2023-05-15 22:50:21,707 INFO:Epoch 2: Train Loss=0.0578, Val Loss=0.0507\n', { file: 'a.log' });
  assert.equal(kv.format, 'key-value-log');
  assert.deepEqual(num(kv, 'epoch'), [1, 2]);
  assert.deepEqual(num(kv, 'val_loss'), [0.0766, 0.0507]);
  const colon = parseTextLog('  num_epochs: 35\n  lr: 0.001\nEpoch 1/35, Train Loss: 1.6279, Test Acc: 59.86%\nEpoch 2/35, Train Loss: 1.2434, Test Acc: 69.33%\n', { file: 'b.log' });
  assert.equal(colon.format, 'key-colon-log');
  assert.equal(colon.rowCount, 2);
  assert.deepEqual(num(colon, 'test_acc_pct'), [59.86, 69.33]);
});

test('a step counter that starts over splits the file into runs', () => {
  const t = parseTextLog('epoch=1 loss=3\nepoch=2 loss=2\nepoch=1 loss=4\nepoch=2 loss=3.5\nepoch=3 loss=3\n', { file: '/x/sweep.log' });
  assert.deepEqual((t.columns.find((c) => c.name === 'run') as TextColumn).values, ['sweep#1', 'sweep#1', 'sweep#2', 'sweep#2', 'sweep#2']);
  assert.deepEqual(num(t, 'loss'), [3, 2, 4, 3.5, 3]);
  assert.ok(t.warnings.some((w) => /starts over 1 time: read as 2 runs/.test(w)));
});

test('a text no reader recognises is refused with the formats tried and its first lines', () => {
  assert.throws(
    () => parseTextLog('\nhello world\nthis is prose, not a log\n', { file: 'notes.txt' }),
    (e: unknown) => e instanceof IngestError && /^notes\.txt:1:1: not a log format we can read \(tried nanoGPT train\.py, .*\); first lines: line 2 'hello world', line 3 'this is prose, not a log'$/.test((e as Error).message),
  );
});
