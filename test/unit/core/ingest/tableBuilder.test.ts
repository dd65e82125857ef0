import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TableBuilder } from '../../../../src/core/ingest/tableBuilder';
import { parseCsvText } from '../../../../src/core/ingest/csv';
import type { NumericColumn } from '../../../../src/core/table/runTable';

// Issue 16 item 1: every column used to reserve a 32 768-row block, so 20 000 columns × 1 row took 5.4 GB.
test('a wide file with one row costs memory for its cells, not columns × block', () => {
  const cols = 20000;
  const before = process.memoryUsage().arrayBuffers;
  const b = new TableBuilder({ file: 'wide.csv' });
  const idx = Array.from({ length: cols }, (_, j) => b.column(`c${j}`));
  const row = b.addRow();
  for (const ci of idx) b.setNumber(ci, row, ci);
  const grown = process.memoryUsage().arrayBuffers - before;
  assert.ok(grown < 20 * 2 ** 20, `typed arrays grew by ${(grown / 2 ** 20).toFixed(1)} MB for ${cols} cells`);
  const t = b.finish('csv');
  assert.equal(t.rowCount, 1);
  assert.equal((t.columns[12345] as NumericColumn).values[0], 12345);
});

test('blocks that start small and double keep every value, gaps stay missing', () => {
  const b = new TableBuilder({ file: 'x' });
  const dense = b.column('dense');
  const late = b.column('late');
  const n = 70000; // past two block boundaries
  for (let r = 0; r < n; r++) {
    b.addRow();
    if (r % 3 !== 0) b.setNumber(dense, r, r);
    if (r >= 40000 && r % 1000 === 7) b.setNumber(late, r, -r);
  }
  const t = b.finish('csv');
  const d = (t.columns[0] as NumericColumn).values;
  const l = (t.columns[1] as NumericColumn).values;
  assert.equal(d.length, n);
  for (let r = 0; r < n; r++) {
    if (r % 3 === 0) assert.ok(Number.isNaN(d[r]), `dense[${r}]`);
    else assert.equal(d[r], r);
    if (r >= 40000 && r % 1000 === 7) assert.equal(l[r], -r);
    else assert.ok(Number.isNaN(l[r]), `late[${r}]`);
  }
});

test('a header-only CSV with 200 000 columns parses to empty columns', () => {
  const names = Array.from({ length: 200000 }, (_, j) => `c${j}`);
  const t = parseCsvText(names.join(',') + '\n', { file: 'h.csv' });
  assert.equal(t.columns.length, 200000);
  assert.equal(t.rowCount, 0);
});

test('a column that turns to text after numbers keeps the numbers as text', () => {
  const lines = ['a'];
  for (let i = 0; i < 40; i++) lines.push(i < 3 ? String(i) : `w${i}`);
  const t = parseCsvText(lines.join('\n') + '\n', { file: 't.csv' });
  assert.equal(t.columns[0].kind, 'string');
  assert.deepEqual(t.columns[0].values.slice(0, 4), ['0', '1', '2', 'w3']);
});
