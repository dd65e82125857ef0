// Data shaping on real public data: text filters, row exclusion, prototype-named columns, assumptions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shapeData } from '../../../../src/core/fit/prepareData';
import { assembleAssumptions } from '../../../../src/core/report/assumptions';
import type { RunTable } from '../../../../src/core/table/runTable';
import { loadTable } from '../../../../src/node/loadTable';
import { missingRefData, refData } from '../../../support/refdata';
import { hasScipy, NO_SCIPY } from '../../../support/scipy';
import { spawnSync } from 'node:child_process';

const SWEEP = 'loss_to_loss/sweep.csv';
const EPOCH = 'epoch_chinchilla/svg_extracted_data.csv';

/** Row counts by an independent reader (pandas) for several boolean expressions over the frame d. */
function pandasCounts(file: string, exprs: string[]): number[] {
  const code = `import pandas as pd, sys, json\nd = pd.read_csv(sys.argv[1])\nprint(json.dumps([int((e).sum()) for e in [${exprs.join(', ')}]]))`;
  const r = spawnSync('/usr/bin/python3', ['-c', code, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as number[];
}

async function sweep(): Promise<{ file: string; table: RunTable } | undefined> {
  const file = refData(SWEEP);
  return file ? { file, table: await loadTable(file) } : undefined;
}

const SHAPE = { map: { N: 'params', D: 'tokens', loss: 'val_loss', run: 'name' } };

test('--where on a text column of the real loss-to-loss sweep: ==, != and matches() keep the rows pandas keeps', async (t) => {
  const s = await sweep();
  if (!s) return t.skip(missingRefData(SWEEP));
  if (!hasScipy()) return t.skip(NO_SCIPY);
  const cases: [string, string][] = [
    ['data == "starcoder"', "d['data'] == 'starcoder'"],
    ['data != "starcoder"', "d['data'] != 'starcoder'"],
    ['matches(data, "^fineweb")', "d['data'].str.match('^fineweb')"],
    ['matches(data, "PILE", "i") and iso_flop > 1e18', "d['data'].str.contains('pile', case=False) & (d['iso_flop'] > 1e18)"],
  ];
  const expected = pandasCounts(s.file, cases.map(([, p]) => p));
  cases.forEach(([where], i) => {
    const data = shapeData(s.table, ['N', 'D'], { ...SHAPE, where });
    // every row of the sweep has positive N, D and a finite loss, so the filter alone decides
    assert.equal(data.y.length, expected[i], where);
  });
  const sc = shapeData(s.table, ['N', 'D'], { ...SHAPE, where: 'data == "starcoder"' });
  assert.equal(sc.y.length, 84);
});

test('row exclusion by run name and by row number on the real sweep; unknown ones are InputErrors naming them', async (t) => {
  const s = await sweep();
  if (!s) return t.skip(missingRefData(SWEEP));
  const all = shapeData(s.table, ['N', 'D'], SHAPE);
  const names = all.runs!.slice(0, 3);
  const byRun = shapeData(s.table, ['N', 'D'], { ...SHAPE, exclude: { runs: names } });
  assert.equal(byRun.y.length, all.y.length - 3);
  assert.ok(!byRun.runs!.some((r) => names.includes(r)));
  const byRow = shapeData(s.table, ['N', 'D'], { ...SHAPE, exclude: { rows: [1, 2, 3] } });
  assert.deepEqual(byRow.rows!.slice(0, 2), [4, 5]);
  assert.deepEqual(byRow.runs, byRun.runs);
  assert.throws(() => shapeData(s.table, ['N', 'D'], { ...SHAPE, exclude: { rows: [530] } }), (e: Error & { exitCode?: number }) => e.exitCode === 2 && /cannot exclude row 530: rows are numbered 1 to 529/.test(e.message));
  assert.throws(() => shapeData(s.table, ['N', 'D'], { ...SHAPE, exclude: { runs: ['no-such-run'] } }), /cannot exclude run 'no-such-run': no such run in column 'name'/);
  const epoch = refData(EPOCH);
  if (!epoch) return;
  const epochTable = await loadTable(epoch);
  assert.throws(() => shapeData(epochTable, ['N', 'D'], { exclude: { runs: ['x'] } }), /the table has no run column/);
});

test('columns named __proto__ and constructor are ordinary names in --where and --derive', () => {
  const table: RunTable = {
    format: 'csv', rowCount: 3, warnings: [], inferred: [],
    columns: [
      { kind: 'number', name: 'N', role: 'N', values: Float64Array.of(1e8, 2e8, 4e8) },
      { kind: 'number', name: 'D', role: 'D', values: Float64Array.of(2e9, 4e9, 8e9) },
      { kind: 'number', name: 'loss', role: 'loss', values: Float64Array.of(3, 2.9, 2.8) },
      { kind: 'number', name: 'constructor', values: Float64Array.of(1, 0, 1) },
      { kind: 'string', name: '__proto__', values: ['a', 'b', 'c'] },
    ],
  };
  const data = shapeData(table, ['N', 'D'], { where: 'constructor > 0 and __proto__ != "c"' });
  assert.deepEqual(Array.from(data.y), [3]);
  const derived = shapeData(table, ['N', 'D'], { derive: [['__proto__', 'constructor + 1'], ['D', '__proto__ * 1e9']] });
  assert.deepEqual(Array.from(derived.x.D), [2e9, 1e9, 2e9]);
  assert.throws(() => shapeData(table, ['N', 'D'], { where: 'toString > 0' }), /names 'toString', which is neither a column nor a role/);
});

test('assumptions on Epoch: derived D and the filter each once, merged with the warnings that say the same', async (t) => {
  const file = refData(EPOCH);
  if (!file) return t.skip(missingRefData(EPOCH));
  const data = shapeData(await loadTable(file), ['N', 'D'], { where: 'loss < 3.44' });
  const keys = data.assumptions!.map((a) => a.key);
  assert.deepEqual(keys, ['derived:D', 'filter']);
  const merged = assembleAssumptions(data.warnings, data.assumptions, [{ key: 'derived:D', text: 'D derived as C / (6 * N)' }]);
  assert.deepEqual(merged, ['no token column: D derived as C / (6 N) (C = 6ND convention)', "--where 'loss < 3.44' dropped 5 of 245 rows"]);
});
