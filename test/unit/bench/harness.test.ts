// The bench harness (bench/lib/): what it reports must be right even though nothing asserts timings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain ES modules without types
import { stats, maxRel } from '../../../bench/lib/stats.mjs';
// @ts-expect-error plain ES modules without types
import { markdown } from '../../../bench/lib/table.mjs';
// @ts-expect-error plain ES modules without types
import { BenchContext } from '../../../bench/lib/harness.mjs';

const repo = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');

test('stats: median of even and odd counts, failed runs (NaN) left out', () => {
  assert.deepEqual(stats([3, 1, 2]), { median: 2, min: 1, max: 3, n: 3 });
  assert.equal(stats([4, 1, 3, 2, NaN]).median, 2.5);
  assert.ok(Number.isNaN(stats([]).median));
  assert.ok(Math.abs(maxRel([1, 2], [1, 2.002]) - 0.002 / 2.002) < 1e-15);
});

test('compare: interleaved whole processes, CPU and RSS measured, FAIL when the check fails', async () => {
  const logs: string[] = [];
  const ctx = new BenchContext({ repo, runs: 2, bench: 'test', log: (s: string) => logs.push(s) });
  const side = (label: string, value: number) => ({ label, cmd: process.execPath, args: ['-e', `let x=0; for (let i=0;i<3e6;i++) x+=i; console.log(${value})`], parse: Number });
  const ok = await ctx.compare({ id: 'same', title: 'same', sides: [side('a', 1), side('b', 1)], check: ([a, b]: number[]) => ({ ok: a === b, detail: `${a} vs ${b}` }) });
  assert.equal(ok.check.ok, true);
  const bad = await ctx.compare({ id: 'differ', title: 'differ', sides: [side('a', 1), side('b', 2)], check: ([a, b]: number[]) => ({ ok: a === b, detail: `${a} vs ${b}` }) });
  assert.equal(bad.check.ok, false);
  const row = ctx.rows[0];
  assert.equal(row.sides[0].wall.n, 2);
  assert.ok(row.sides[0].wall.median > 0);
  // second round runs b before a
  const order = logs.filter((l) => /run \d\/2/.test(l)).map((l) => l.trim()[0]);
  assert.deepEqual(order.slice(0, 4), ['a', 'b', 'b', 'a']);
  const md = markdown({ rows: ctx.rows, started: new Date().toISOString(), finished: new Date().toISOString(), loadStart: [1, 1, 1], loadEnd: [1, 1, 1], runs: 2, quick: false, big: false, accounting: 'test' });
  assert.match(md, /\*\*FAIL\*\*: 1 vs 2/);
  assert.match(md, /OK: 1 vs 1/);
  assert.match(md, /x wall/);
});

test('a side that exits non-zero fails the row; a skipped side leaves it unchecked', async () => {
  const ctx = new BenchContext({ repo, runs: 1, bench: 'test', log: () => {} });
  const r = await ctx.compare({ id: 'x', title: 'x', sides: [{ label: 'dies', cmd: process.execPath, args: ['-e', 'process.exit(3)'] }], check: () => ({ ok: true, detail: '' }) });
  assert.equal(r.check.ok, false);
  assert.match(r.check.detail, /exit 3/);
  const s = await ctx.compare({ id: 'y', title: 'y', sides: [{ label: 'peer', cmd: 'none', args: [], skip: 'no scipy' }], check: () => ({ ok: true, detail: '' }) });
  assert.equal(s.check.ok, null);
  assert.match(s.check.detail, /no scipy/);
});
