import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CsvParser, parseCsvText } from '../../../../src/core/ingest/csv';
import { IngestError } from '../../../../src/core/ingest/errors';
import { fastNumber } from '../../../../src/core/ingest/numberParse';
import type { NumericColumn, RunTable, TextColumn } from '../../../../src/core/table/runTable';

const num = (t: RunTable, name: string) => Array.from((t.columns.find((c) => c.name === name) as NumericColumn).values);
const txt = (t: RunTable, name: string) => (t.columns.find((c) => c.name === name) as TextColumn).values;

function parseChunks(chunks: string[], file = 'x.csv'): RunTable {
  const p = new CsvParser({ file });
  for (const c of chunks) p.push(c);
  return p.end();
}

test('quoted fields, embedded newlines, doubled quotes, BOM, CRLF, blank lines', () => {
  const t = parseCsvText('\uFEFFname,N,loss\r\n"a, ""b""",125M,2.5\r\n\r\n"multi\nline",4.2B,2.25\r\nc,1.4T,1e-1\r\n', { file: 'r.csv' });
  assert.deepEqual(txt(t, 'name'), ['a, "b"', 'multi\nline', 'c']);
  assert.deepEqual(num(t, 'N'), [125e6, 4.2e9, 1.4e12]);
  assert.deepEqual(num(t, 'loss'), [2.5, 2.25, 0.1]);
  assert.equal(t.rowCount, 3);
  assert.deepEqual(t.warnings, []);
});

test('TSV and semicolon delimiters are sniffed', () => {
  assert.deepEqual(num(parseCsvText('a\tb\n1\t2\n', { file: 'x' }), 'b'), [2]);
  assert.deepEqual(num(parseCsvText('a;b\n1;2,5x\n3;4\n', { file: 'x' }), 'a'), [1, 3]);
  assert.equal(parseCsvText('a\tb\n1\t2\n', { file: 'x' }).format, 'tsv');
});

test('a bad number is reported with file:line:column, the column name and a count, then treated as missing', () => {
  const rows = ['step,loss'];
  for (let i = 1; i <= 1100; i++) rows.push(`${i},${i === 1041 ? 'nan?' : i === 1050 ? 'oops' : 2 + 1 / i}`);
  const t = parseCsvText(rows.join('\n'), { file: 'runs.csv' });
  const loss = num(t, 'loss');
  assert.equal(loss.length, 1100);
  assert.ok(Number.isNaN(loss[1040]));
  const w = t.warnings.find((x) => x.includes("expected a number in column 'loss'"));
  assert.ok(w, t.warnings.join('\n'));
  // header is line 1, value i is on line i+1; 'nan?' starts after "1041," → column 6
  assert.match(w!, /^runs\.csv:1042:6: expected a number in column 'loss', found 'nan\?' \(2 such cells/);
});

test('rows with the wrong number of fields are counted, located and skipped', () => {
  const t = parseCsvText('a,b\n1,2\n3\n4,5,6\n7,8\n', { file: 'm.csv' });
  assert.deepEqual(num(t, 'a'), [1, 7]);
  const w = t.warnings.find((x) => x.includes('malformed'));
  assert.match(w!, /skipped 2 malformed rows: m\.csv:3:1: expected 2 fields, found 1; m\.csv:4:1: expected 2 fields, found 3/);
});

test('NaN / inf policy: missing (default, reported), keep, error', () => {
  const src = 'loss\n1\nnan\ninf\n-Infinity\n2\n';
  const t = parseCsvText(src, { file: 'n.csv' });
  assert.deepEqual(num(t, 'loss').map((x) => (Number.isNaN(x) ? 'NaN' : x)), [1, 'NaN', 'NaN', 'NaN', 2]);
  assert.ok(t.warnings.some((w) => /n\.csv:3:1: column 'loss' has 1 NaN and 2 infinite values .*treated as missing/.test(w)), t.warnings.join('\n'));
  const k = parseCsvText(src, { file: 'n.csv', nonFinite: 'keep' });
  assert.deepEqual(num(k, 'loss').slice(2, 4), [Infinity, -Infinity]);
  assert.throws(() => parseCsvText(src, { file: 'n.csv', nonFinite: 'error' }), (e: unknown) => e instanceof IngestError && /^n\.csv:3:1: 'nan' in column 'loss'/.test(e.message));
});

test('text columns stay text; mostly-numeric columns become numbers', () => {
  const t = parseCsvText('id,url\n1,http://a\n2,http://b\nx,http://c\n', { file: 'x' });
  assert.equal(t.columns[1].kind, 'string');
  assert.equal(t.columns[0].kind, 'number');
});

test('empty file, header only, unclosed quote, huge line, binary data', () => {
  assert.throws(() => parseCsvText('', { file: 'e.csv' }), /e\.csv:1:1: expected a header row, found an empty file/);
  assert.ok(parseCsvText('a,b\n', { file: 'h.csv' }).warnings.some((w) => /header only/.test(w)));
  assert.throws(() => parseCsvText('a,b\n1,"open\n2,3\n', { file: 'q.csv' }), /q\.csv:2:3: expected a closing quote/);
  const p = new CsvParser({ file: 'big.csv', maxRecordChars: 1000 });
  assert.throws(() => {
    for (let i = 0; i < 100; i++) p.push('x'.repeat(100));
  }, /big\.csv:1:1: expected a record of at most 1000 characters/);
  assert.throws(() => parseCsvText('\u0000\u0001\u0002garbage', { file: 'b.csv' }), /b\.csv:1:1: expected text/);
});

test('chunking never changes the result (property)', () => {
  const cell = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
    fc.constantFrom('4.2B', '125M', '', 'nan', 'abc', '"q,""x"""', '"a\nb"'),
  );
  fc.assert(
    fc.property(fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 30 }), fc.array(fc.nat(400), { maxLength: 8 }), fc.boolean(), (rows, cuts, crlf) => {
      const nl = crlf ? '\r\n' : '\n';
      const text = 'a,b,c' + nl + rows.map((r) => r.join(',')).join(nl) + nl;
      const whole = parseCsvText(text, { file: 'p.csv' });
      const pos = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
      const chunks: string[] = [];
      let last = 0;
      for (const c of pos) {
        chunks.push(text.slice(last, c));
        last = c;
      }
      chunks.push(text.slice(last));
      const parts = parseChunks(chunks, 'p.csv');
      assert.deepEqual(parts.rowCount, whole.rowCount);
      assert.deepEqual(parts.warnings, whole.warnings);
      for (let j = 0; j < whole.columns.length; j++) assert.deepEqual(Array.from(parts.columns[j].values as ArrayLike<unknown>), Array.from(whole.columns[j].values as ArrayLike<unknown>));
    }),
    { numRuns: 300 },
  );
});

test('values survive a round trip through CSV text (property, independent of the parser)', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 50 }), (xs) => {
      const t = parseCsvText('x\n' + xs.map((x) => String(x)).join('\n'), { file: 'r.csv' });
      assert.deepEqual(num(t, 'x').map((v) => (Object.is(v, -0) ? 0 : v)), xs.map((v) => (Object.is(v, -0) ? 0 : v)));
    }),
  );
});

test('fastNumber agrees with Number() on decimal strings and rejects non-numbers', () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom('', 'e', 'toFixed'), (x, style) => {
      const s = style === 'e' ? x.toExponential(12) : style === 'toFixed' && Math.abs(x) < 1e15 ? x.toFixed(6) : String(x);
      const v = fastNumber(s, 0, s.length);
      assert.ok(Object.is(v, Number(s)) || (v === 0 && Number(s) === 0), `${s}: ${v} vs ${Number(s)}`);
    }),
    { numRuns: 2000 },
  );
  for (const s of ['0.1', '0.30000000000000004', '123456789012345678901234567890', '1e-320', '9007199254740993', '.5', '5.', '-0.0e0', '1E+22', '4.35']) assert.equal(fastNumber(s, 0, s.length), Number(s), s);
  for (const s of ['', '.', '-', 'e5', '1e', '1.2.3', '0x10', '1,5', 'nan', '12a']) assert.ok(Number.isNaN(fastNumber(s, 0, s.length)), s);
});

test('thousands of columns', () => {
  const cols = 3000;
  const header = Array.from({ length: cols }, (_, j) => `m${j}`).join(',');
  const rows = Array.from({ length: 40 }, (_, i) => Array.from({ length: cols }, (_, j) => String(i * cols + j)).join(','));
  const t = parseCsvText(header + '\n' + rows.join('\n') + '\n', { file: 'wide.csv' });
  assert.equal(t.columns.length, cols);
  assert.equal(t.rowCount, 40);
  assert.equal(num(t, 'm2999')[39], 39 * cols + 2999);
  assert.equal(num(t, 'm0')[7], 7 * cols);
});
