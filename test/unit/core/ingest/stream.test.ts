// File-level behaviour through loadTable: streamed reads, huge single lines, sniffing without extensions,
// Parquet via hyparquet-writer when it is installed (skipped otherwise).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, loadTable } from '../../../../src/node/loadTable';
import type { NumericColumn, RunTable } from '../../../../src/core/table/runTable';
import { eventFile } from './tfeventsWriter';

const num = (t: RunTable, name: string) => Array.from((t.columns.find((c) => c.name === name) as NumericColumn).values);

function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ingest-stream-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('a multi-MB CSV streamed in chunks equals the sum computed independently', () =>
  withDir(async (dir) => {
    const p = join(dir, 'big.csv');
    const fd = openSync(p, 'w');
    writeSync(fd, 'step,loss,name\n');
    let expected = 0;
    const n = 120000;
    for (let i = 0; i < n; i += 1000) {
      let s = '';
      for (let k = i; k < i + 1000; k++) {
        const loss = 2 + ((k * 7919) % 1000) / 1000;
        expected += loss;
        s += `${k},${loss},"run ${k % 3}"\n`;
      }
      writeSync(fd, s);
    }
    closeSync(fd);
    const t = await loadTable(p);
    assert.equal(t.rowCount, n);
    const sum = num(t, 'loss').reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - expected) < 1e-6 * n);
    assert.equal(t.runCount, 3); // 'name' is inferred as the run column: run 0, run 1, run 2
  }));

test('a huge single line ends in a located error, not a hang or an out-of-memory', () =>
  withDir(async (dir) => {
    const p = join(dir, 'one-line.csv');
    writeFileSync(p, 'a,b\n1,' + 'x'.repeat(3_000_000) + '\n');
    await assert.rejects(loadTable(p, { maxRecordChars: 1_000_000 }), (e: unknown) => e instanceof InputError && /one-line\.csv:2:1: expected a record of at most 1000000 characters/.test((e as Error).message));
    const j = join(dir, 'one-line.jsonl');
    writeFileSync(j, '{"a": 1}\n{"a": "' + 'x'.repeat(3_000_000) + '"}\n');
    await assert.rejects(loadTable(j, { maxRecordChars: 1_000_000 }), /one-line\.jsonl:2:1: expected a line of at most 1000000 characters/);
  }));

test('formats are sniffed from content when the name says nothing', () =>
  withDir(async (dir) => {
    writeFileSync(join(dir, 'events'), eventFile([{ wallTime: 1, step: 3, values: [{ tag: 'loss', simple: 2 }] }]));
    assert.equal((await loadTable(join(dir, 'events'))).format, 'tfevents');
    writeFileSync(join(dir, 'log'), '{"step": 1, "loss": 2}\n{"step": 2, "loss": 1.5}\n');
    assert.equal((await loadTable(join(dir, 'log'))).format, 'jsonl');
    writeFileSync(join(dir, 'data'), 'a\tb\n1\t2\n');
    assert.equal((await loadTable(join(dir, 'data'))).format, 'tsv');
    writeFileSync(join(dir, 'trainer_state.json'), JSON.stringify({ log_history: [{ loss: 2, step: 1 }] }));
    assert.equal((await loadTable(join(dir, 'trainer_state.json'))).format, 'hf-trainer');
  }));

test('W&B history Parquet (written with hyparquet-writer when installed)', async (t) => {
  let writer: { parquetWriteBuffer?: (o: unknown) => ArrayBuffer } | undefined;
  try {
    writer = await import('hyparquet-writer' as string);
  } catch {
    return t.skip('hyparquet-writer is not installed (dev-only; npm install --no-save hyparquet-writer)');
  }
  await withDir(async (dir) => {
    const buf = writer!.parquetWriteBuffer!({
      columnData: [
        { name: '_step', data: [0n, 1n, 2n], type: 'INT64' },
        { name: 'train/loss', data: [3.5, 3.0, 2.75], type: 'DOUBLE' },
        { name: '_runtime', data: [1.5, 3.0, 4.5], type: 'DOUBLE' },
      ],
    });
    writeFileSync(join(dir, 'run-abc-history.parquet'), new Uint8Array(buf));
    const table = await loadTable(join(dir, 'run-abc-history.parquet'));
    assert.equal(table.format, 'wandb-parquet');
    assert.deepEqual(num(table, '_step'), [0, 1, 2]);
    assert.deepEqual(num(table, 'train/loss'), [3.5, 3.0, 2.75]);
    assert.equal(table.columns.find((c) => c.name === '_step')?.role, 'step');
    assert.equal(table.columns.find((c) => c.name === 'train/loss')?.role, 'loss');
  });
});

test('UTF-16 files get a clear message instead of garbage columns; inspect prints a human table', () =>
  withDir(async (dir) => {
    const p = join(dir, 'excel.csv');
    writeFileSync(p, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\r\n1,2\r\n', 'utf16le')]));
    await assert.rejects(loadTable(p), /excel\.csv:1:1: expected UTF-8 text, found a UTF-16 byte-order mark/);
    writeFileSync(join(dir, 'ok.csv'), 'N,D,loss\n1e8,2e9,3.1\n');
    const { run } = await import('../../../../src/cli/commands/inspect');
    let out = '';
    assert.equal(await run([join(dir, 'ok.csv')], { out: (s) => (out += s), err: () => {} }), 0);
    assert.match(out, /^format csv, 1 run, 1 row, 3 columns/);
    assert.match(out, /\nN\s+N\s+number\s+params\s+100M … 100M/);
    assert.match(out, /inferred roles:\n\s+N\s+← N: name 'N' means parameter count/);
  }));
