import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32c, maskedCrc32c } from '../../../../src/core/ingest/crc32c';
import { IngestError } from '../../../../src/core/ingest/errors';
import { JsonlParser, parseJsonText } from '../../../../src/core/ingest/json';
import { decodeEvent, parseTfEvents, TfEventsParser } from '../../../../src/core/ingest/tfevents';
import { parseParquet } from '../../../../src/core/ingest/wandb';
import { InputError, loadTable } from '../../../../src/node/loadTable';
import type { NumericColumn, RunTable, TextColumn } from '../../../../src/core/table/runTable';
import { eventFile, frame, encodeEvent } from './tfeventsWriter';

const num = (t: RunTable, name: string) => Array.from((t.columns.find((c) => c.name === name) as NumericColumn).values);
const txt = (t: RunTable, name: string) => (t.columns.find((c) => c.name === name) as TextColumn).values;
const f32 = (x: number) => Math.fround(x);

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'ingest-test-'));
}

test('CRC-32C matches the published check value and RFC 3720 vectors', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  assert.equal(crc32c(enc('123456789')), 0xe3069283);
  assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa); // RFC 3720 B.4: 32 bytes of zeros
  assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
  // mask formula from TensorFlow's crc32c.h: rotate right 15, add 0xa282ead8
  const c = 0xe3069283;
  assert.equal(maskedCrc32c(enc('123456789')), ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) % 2 ** 32);
});

test('decodeEvent reads hand-assembled protobuf bytes (wall_time, step, simple_value)', () => {
  // Event{wall_time=1.5 (field1 fixed64), step=300 (field2 varint), summary(field5){value(field1){tag(1)="loss", simple_value(2)=2.5f}}}
  const bytes = Uint8Array.from([
    0x09, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f, // 1.5 as double LE
    0x10, 0xac, 0x02, // 300
    0x2a, 0x0d, // field 5, length 13
    0x0a, 0x0b, // value, length 11
    0x0a, 0x04, 0x6c, 0x6f, 0x73, 0x73, // tag "loss"
    0x15, 0, 0, 0x20, 0x40, // 2.5f
  ]);
  const ev = decodeEvent(bytes);
  assert.equal(ev.wallTime, 1.5);
  assert.equal(ev.step, 300);
  assert.deepEqual(ev.scalars, [{ tag: 'loss', value: 2.5 }]);
});

test('tfevents: simple_value, float/double tensors, packed tensor_content; histograms skipped', () => {
  const bytes = eventFile([
    { wallTime: 10, step: 1, values: [{ tag: 'train/loss', simple: 3.1 }, { tag: 'h', histogram: true }] },
    { wallTime: 11, step: 1, values: [{ tag: 'lr', tensorFloat: 1e-3 }] },
    { wallTime: 12, step: 2, values: [{ tag: 'train/loss', tensorDouble: 2.9 }, { tag: 'lr', tensorContentFloat: 5e-4 }] },
    { wallTime: 13, step: 3, values: [{ tag: 'train/loss', tensorContentDouble: 2.7 }] },
  ]);
  const t = parseTfEvents(bytes, { file: 'events.out.tfevents.1' });
  assert.equal(t.format, 'tfevents');
  assert.deepEqual(num(t, 'step'), [1, 2, 3]);
  assert.deepEqual(num(t, 'train/loss'), [f32(3.1), 2.9, 2.7]);
  assert.deepEqual(num(t, 'lr').slice(0, 2), [f32(1e-3), f32(5e-4)]);
  assert.ok(Number.isNaN(num(t, 'lr')[2]));
  assert.ok(t.warnings.some((w) => /skipped 1 non-scalar/.test(w)));
});

test('tfevents: chunked input gives the same table as one buffer', () => {
  const bytes = eventFile(Array.from({ length: 50 }, (_, i) => ({ wallTime: i, step: i * 10, values: [{ tag: 'loss', simple: 5 - i / 20 }] })));
  const p = new TfEventsParser({ file: 'e' });
  for (let o = 0; o < bytes.length; o += 7) p.push(bytes.subarray(o, Math.min(bytes.length, o + 7)));
  const a = p.end();
  const b = parseTfEvents(bytes, { file: 'e' });
  assert.deepEqual(num(a, 'loss'), num(b, 'loss'));
  assert.equal(a.rowCount, 50);
});

test('tfevents: wrong CRC, garbage, truncation and empty files end in clear errors', () => {
  const good = eventFile([{ wallTime: 1, step: 1, values: [{ tag: 'loss', simple: 1 }] }, { wallTime: 2, step: 2, values: [{ tag: 'loss', simple: 2 }] }]);
  const badData = good.slice();
  badData[badData.length - 6] ^= 0xff; // inside the last record's payload
  assert.throws(() => parseTfEvents(badData, { file: 'ev' }), (e: unknown) => e instanceof IngestError && /^ev@byte \d+: record 3: data CRC mismatch/.test(e.message));
  const badLen = good.slice();
  badLen[8] ^= 1;
  assert.throws(() => parseTfEvents(badLen, { file: 'ev' }), /ev@byte 0: record 1: expected a TFRecord header/);
  assert.throws(() => parseTfEvents(new TextEncoder().encode('step,loss\n1,2\n3,4\n'), { file: 'ev' }), /not a TensorBoard event file/);
  assert.throws(() => parseTfEvents(new Uint8Array(0), { file: 'ev' }), /ev@byte 0: expected TFRecord event records, found an empty file/);
  // truncated tail: the complete records are kept, with a warning
  const t = parseTfEvents(good.subarray(0, good.length - 5), { file: 'ev' });
  assert.deepEqual(num(t, 'loss'), [1]);
  assert.ok(t.warnings.some((w) => /truncated record at the end/.test(w)));
  assert.throws(() => parseTfEvents(good.subarray(0, 20), { file: 'ev' }), /no complete record/);
  // a framed record whose payload is not a valid Event
  const junk = frame(Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0x0f]));
  assert.throws(() => parseTfEvents(junk, { file: 'ev' }), /ev@byte 0: record 1: expected an Event protobuf/);
});

test('JSONL: nested keys flattened, Python NaN accepted and reported, bad lines located and skipped', () => {
  const p = new JsonlParser({ file: 'm.jsonl' });
  p.push('{"step": 1, "train": {"loss": 3.0}}\n{"step": 2, "train": {"loss": NaN}}\n{"step": 3, "train": ');
  p.push('{"loss": 2.5}, "lr": "1e-3"}\n{oops}\n[1,2]\n\n{"step": 4, "train": {"loss": 2.4}, "extra": 7}\n');
  const t = p.end();
  assert.deepEqual(num(t, 'step'), [1, 2, 3, 4]);
  assert.deepEqual(num(t, 'train/loss').map((x) => (Number.isNaN(x) ? 'NaN' : x)), [3, 'NaN', 2.5, 2.4]);
  assert.deepEqual(num(t, 'extra').map((x) => (Number.isNaN(x) ? 'NaN' : x)), ['NaN', 'NaN', 'NaN', 7]);
  const w = t.warnings.join('\n');
  assert.match(w, /skipped 2 malformed rows: m\.jsonl:4:2: expected one JSON object per line/);
  assert.match(w, /m\.jsonl:5:1: expected a JSON object, found an array/);
  assert.match(w, /column 'train\/loss' has 1 NaN value/);
});

test('JSON: array of records, object of arrays, errors with line:column', () => {
  assert.deepEqual(num(parseJsonText('[{"N": 1e6, "loss": 3}, {"N": "4.2B", "loss": 2}]', { file: 'a.json' }), 'N'), [1e6, 4.2e9]);
  assert.deepEqual(num(parseJsonText('{"N": [1, 2], "loss": [3, 4]}', { file: 'a.json' }), 'loss'), [3, 4]);
  assert.throws(() => parseJsonText('{"N": [1, 2], "loss": [3]}', { file: 'a.json' }), /equal-length arrays/);
  assert.throws(() => parseJsonText('[\n  {"a": 1},\n  {"a": }\n]', { file: 'b.json' }), /b\.json:3:9: expected valid JSON: value expected/);
  assert.throws(() => parseJsonText('', { file: 'c.json' }), /c\.json:1:1: expected a JSON document, found an empty file/);
});

test('HF trainer_state.json: interleaved train and eval entries merged by step', () => {
  const state = {
    global_step: 20,
    total_flos: 1.5e15,
    log_history: [
      { epoch: 0.5, learning_rate: 1e-4, loss: 3.2, step: 10 },
      { epoch: 0.5, eval_loss: 3.4, eval_runtime: 1.2, step: 10 },
      { epoch: 1, learning_rate: 5e-5, loss: 2.8, step: 20 },
      { epoch: 1, eval_loss: 3.0, step: 20 },
      { train_runtime: 100, step: 20 },
    ],
  };
  const t = parseJsonText(JSON.stringify(state), { file: 'trainer_state.json' });
  assert.equal(t.format, 'hf-trainer');
  assert.deepEqual(num(t, 'step'), [10, 20]);
  assert.deepEqual(num(t, 'loss'), [3.2, 2.8]);
  assert.deepEqual(num(t, 'eval_loss'), [3.4, 3.0]);
  assert.deepEqual(num(t, 'total_flos'), [1.5e15, 1.5e15]);
});

test('Parquet: bad magic and truncation give located errors', async () => {
  await assert.rejects(parseParquet(new TextEncoder().encode('a,b\n1,2\n3,4\n'), { file: 'h.parquet' }), /h\.parquet@byte 0: expected the Parquet magic/);
  await assert.rejects(parseParquet(new TextEncoder().encode('PAR1 not really parquet'), { file: 'h.parquet' }), /truncated file/);
  await assert.rejects(parseParquet(new TextEncoder().encode('PAR1xxxxxxxxxxxxxxxxPAR1'), { file: 'h.parquet' }), /h\.parquet@byte 0: expected a readable Parquet file/);
});

test('loadTable: MLflow file store (experiment/run/metrics + params + meta.yaml)', async () => {
  const root = tmp();
  try {
    for (const [id, name, n, losses] of [['r1', 'small', '125M', [4, 3.5, 3.2]], ['r2', 'big', '1.3B', [3.6, 3.0]]] as const) {
      const run = join(root, '0', id);
      mkdirSync(join(run, 'metrics', 'eval'), { recursive: true });
      mkdirSync(join(run, 'params'), { recursive: true });
      writeFileSync(join(run, 'meta.yaml'), `run_id: ${id}\nrun_name: ${name}\nstatus: 3\n`);
      writeFileSync(join(run, 'params', 'n_params'), n);
      writeFileSync(join(run, 'metrics', 'eval', 'loss'), losses.map((l, i) => `${1700000000000 + i} ${l} ${(i + 1) * 100}`).join('\n') + '\n');
      writeFileSync(join(run, 'metrics', 'lr'), losses.map((_, i) => `${1700000000000 + i} 0.001 ${(i + 1) * 100}`).join('\n') + '\nbroken line here\n');
    }
    writeFileSync(join(root, '0', 'meta.yaml'), 'name: Default\n');
    const t = await loadTable(root);
    assert.equal(t.format, 'mlflow');
    assert.equal(t.runCount, 2);
    assert.deepEqual(txt(t, 'run'), ['small', 'small', 'small', 'big', 'big']);
    assert.deepEqual(num(t, 'eval/loss'), [4, 3.5, 3.2, 3.6, 3.0]);
    assert.deepEqual(num(t, 'n_params'), [125e6, 125e6, 125e6, 1.3e9, 1.3e9]);
    assert.equal(t.columns.find((c) => c.name === 'n_params')?.role, 'N');
    assert.equal(t.columns.find((c) => c.name === 'eval/loss')?.role, 'loss');
    assert.ok(t.warnings.some((w) => /lr:4:1: expected 'timestamp value \[step\]', found 'broken line here'/.test(w)), t.warnings.join('\n'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('loadTable: Lightning metrics.csv sparse rows merged by step; W&B CSV export reshaped', async () => {
  const root = tmp();
  try {
    writeFileSync(join(root, 'metrics.csv'), 'epoch,step,train_loss,val_loss\n0,49,3.1,\n0,49,,3.3\n0,99,2.9,\n0,99,,3.1\n');
    const t = await loadTable(join(root, 'metrics.csv'));
    assert.equal(t.format, 'lightning');
    assert.deepEqual(num(t, 'step'), [49, 99]);
    assert.deepEqual(num(t, 'val_loss'), [3.3, 3.1]);
    // a curve (several steps of one run): the training loss, by the documented rule (docs/CONVENTIONS.md)
    assert.equal(t.columns.find((c) => c.role === 'loss')?.name, 'train_loss');
    writeFileSync(join(root, 'wandb.csv'), 'Step,"run-a - loss","run-a - loss__MIN","run-a - loss__MAX","run-b - loss","run-b - loss__MIN","run-b - loss__MAX"\n1,3,2.9,3.1,,,\n2,2.5,2.4,2.6,2.8,2.7,2.9\n');
    const w = await loadTable(join(root, 'wandb.csv'));
    assert.equal(w.format, 'wandb-csv');
    assert.deepEqual(txt(w, 'run'), ['run-a', 'run-a', 'run-b']);
    assert.deepEqual(num(w, 'loss'), [3, 2.5, 2.8]);
    assert.deepEqual(num(w, 'step'), [1, 2, 2]);
    assert.ok(w.warnings.some((x) => /dropped 4 __MIN\/__MAX/.test(x)));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('loadTable: folder of runs with sibling configs; TensorBoard log dir; missing file', async () => {
  const root = tmp();
  try {
    for (const [name, n] of [['gpt-s', 1.25e8], ['gpt-m', 3.5e8]] as const) {
      mkdirSync(join(root, 'runs', name), { recursive: true });
      writeFileSync(join(root, 'runs', name, 'log.jsonl'), '{"step": 1, "loss": 4}\n{"step": 2, "loss": 3.5}\n');
      writeFileSync(join(root, 'runs', name, 'config.json'), JSON.stringify({ n_params: n, model: { d_model: 768 } }));
      mkdirSync(join(root, 'tb', name), { recursive: true });
      writeFileSync(join(root, 'tb', name, 'events.out.tfevents.123.host'), eventFile([{ wallTime: 1, step: 5, values: [{ tag: 'eval/loss', simple: n / 1e8 }] }]));
    }
    const t = await loadTable(join(root, 'runs'));
    assert.equal(t.format, 'folder');
    assert.deepEqual(txt(t, 'run'), ['gpt-m', 'gpt-m', 'gpt-s', 'gpt-s']);
    assert.deepEqual(num(t, 'n_params'), [3.5e8, 3.5e8, 1.25e8, 1.25e8]);
    assert.deepEqual(num(t, 'model.d_model'), [768, 768, 768, 768]);
    assert.equal(t.runCount, 2);
    const tb = await loadTable(join(root, 'tb'));
    assert.equal(tb.format, 'tfevents');
    assert.deepEqual(txt(tb, 'run'), ['gpt-m', 'gpt-s']);
    assert.deepEqual(num(tb, 'eval/loss'), [3.5, 1.25]);
    await assert.rejects(loadTable(join(root, 'nope.csv')), (e: unknown) => e instanceof InputError && /no such file or folder/.test((e as Error).message));
    writeFileSync(join(root, 'empty.csv'), '');
    await assert.rejects(loadTable(join(root, 'empty.csv')), /empty\.csv:1:1: expected a header row, found an empty file/);
    writeFileSync(join(root, 'bin.dat'), Uint8Array.from([0, 1, 2, 3, 255, 254, 0, 0, 7, 9, 10, 11, 12, 13]));
    await assert.rejects(loadTable(join(root, 'bin.dat')), InputError);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('inspect --json prints format, runs, rows, columns with roles and units, warnings, inferred', async () => {
  const root = tmp();
  try {
    writeFileSync(join(root, 'runs.csv'), 'run,params,tokens,loss\na,125M,2.5B,3.2\nb,350M,7B,2.9\nb,350M,7B,nan?\n');
    const { run } = await import('../../../../src/cli/commands/inspect');
    let out = '';
    const io = { out: (s: string) => (out += s), err: () => {} };
    assert.equal(await run([join(root, 'runs.csv'), '--json'], io), 0);
    const j = JSON.parse(out);
    assert.equal(j.format, 'csv');
    assert.equal(j.rows, 3);
    assert.equal(j.runs, 2);
    assert.deepEqual(j.columns.map((c: { name: string; role: string | null; type: string; unit: string | null }) => [c.name, c.role, c.type, c.unit]), [
      ['run', 'run', 'string', null],
      ['params', 'N', 'number', 'params'],
      ['tokens', 'D', 'number', 'tokens'],
      ['loss', 'loss', 'number', null],
    ]);
    assert.ok(j.warnings.some((w: string) => w.includes("runs.csv:4:11: expected a number in column 'loss', found 'nan?'")), j.warnings.join('\n'));
    assert.ok(j.inferred.some((i: { column: string; reason: string }) => i.column === 'params' && /parameter count/.test(i.reason)));
    const { UsageError } = await import('../../../../src/cli/args');
    // A missing file is bad input: an InputError, which the CLI's main turns into exit code 2.
    const { InputError } = await import('../../../../src/node/loadTable');
    await assert.rejects(run([join(root, 'missing.csv')], io), (e: unknown) => e instanceof InputError && e.exitCode === 2 && /missing\.csv/.test(e.message));
    await assert.rejects(run([], io), UsageError);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

void encodeEvent;

test('loadTable: a folder of run files with sibling YAML configs; unknown files skipped and listed', async () => {
  const root = tmp();
  try {
    writeFileSync(join(root, 'small.csv'), 'step,loss\n1,4\n2,3\n');
    writeFileSync(join(root, 'small.yaml'), 'model:\n  n_params: 125M\nlr: 3e-4\nname: small model\n');
    writeFileSync(join(root, 'large.jsonl'), '{"step": 1, "loss": 3.5}\n');
    writeFileSync(join(root, 'README'), 'not a log');
    writeFileSync(join(root, 'notes.md'), '# notes');
    const t = await loadTable(root);
    assert.equal(t.format, 'folder');
    assert.deepEqual(txt(t, 'run'), ['large', 'small', 'small']);
    assert.deepEqual(num(t, 'model.n_params').map((x) => (Number.isNaN(x) ? 'NaN' : x)), ['NaN', 125e6, 125e6]);
    assert.deepEqual(num(t, 'lr').map((x) => (Number.isNaN(x) ? 'NaN' : x)), ['NaN', 3e-4, 3e-4]);
    assert.ok(t.warnings.some((w) => /skipped 2: README \(documentation\); notes\.md \(documentation\)/.test(w)), t.warnings.join('\n'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
