import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCurves, splitRuns } from '../../../../src/core/table/splitRuns';
import type { RunTable } from '../../../../src/core/table/runTable';

const table: RunTable = {
  format: 'wandb-csv',
  columns: [
    { kind: 'string', name: 'run', role: 'run', values: ['a', 'b', 'a', 'b', 'a'] },
    { kind: 'number', name: 'step', values: Float64Array.from([2, 1, 1, 2, 3]) },
    { kind: 'number', name: 'loss', values: Float64Array.from([3, 4, 3.5, NaN, 2.8]) },
  ],
  rowCount: 5,
  warnings: [],
  inferred: [],
};

test('runs in order of appearance; one curve per run, sorted by x, missing points dropped and counted', () => {
  assert.deepEqual(splitRuns(table).map((r) => [r.run, Array.from(r.rows)]), [['a', [0, 2, 4]], ['b', [1, 3]]]);
  const curves = runCurves(table, { x: 'step', y: 'loss' });
  assert.deepEqual(curves.map((c) => [c.run, Array.from(c.x), Array.from(c.y), c.dropped]), [['a', [1, 2, 3], [3.5, 3, 2.8], 0], ['b', [1], [4], 1]]);
  const one = splitRuns({ ...table, columns: table.columns.slice(1) });
  assert.deepEqual(one.map((r) => [r.run, r.rows.length]), [['', 5]]);
  assert.throws(() => runCurves(table, { x: 'nope', y: 'loss' }), /no column named 'nope'/);
});
