import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FitReport } from '../../../../src/core/report/fitReport';
import { FitHistory, MAX_PER_FILE } from '../../../../src/extension/fit/history';

const report = (n: number) => ({ law: 'chinchilla', n, params: { E: n } }) as unknown as FitReport;

test('fit history: newest first, per file, at most MAX_PER_FILE kept, reports round-trip', () => {
  const h = new FitHistory(mkdtempSync(join(tmpdir(), 'sl-history-')));
  for (let i = 0; i < MAX_PER_FILE + 5; i++) h.record('/runs/a.csv', report(10 + i), 1000 + i);
  h.record('/runs/b.csv', report(3), 5000);
  const a = h.list('/runs/a.csv');
  assert.equal(a.length, MAX_PER_FILE);
  assert.deepEqual(a.slice(0, 2).map((e) => e.n), [10 + MAX_PER_FILE + 4, 10 + MAX_PER_FILE + 3]);
  assert.equal(JSON.parse(readFileSync(a[0].path, 'utf8')).params.E, 10 + MAX_PER_FILE + 4);
  assert.deepEqual(h.list('/runs/b.csv').map((e) => e.n), [3]);
  assert.deepEqual(h.list('/runs/none.csv'), []);
});
