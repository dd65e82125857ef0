// Issue 15: real logs as they lie on disk. Table-driven over the real-logs corpus (ORIGINS.md beside it): runs,
// run ids, loss column and loss points per run, as counted from the files with independent tools.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { InputError, loadTable } from '../../../src/node/loadTable';
import { missingRefData, refData } from '../../support/refdata';
import { REAL_LOGS, scoreEntry } from './realLogs.expected';

const root = process.env.REAL_LOGS_DIR && existsSync(process.env.REAL_LOGS_DIR) ? process.env.REAL_LOGS_DIR : refData('real-logs');

for (const e of REAL_LOGS) {
  test(`real logs: ${e.entry}`, async (t) => {
    if (!root) return t.skip(missingRefData('real-logs'));
    const r = await scoreEntry(root, e, (p) => loadTable(p), (x) => x instanceof InputError);
    assert.ok(r.ok, `${e.entry}: ${r.problems.join('; ')}`);
  });
}

test('real logs: the corpus has at least 30 entries', () => {
  assert.ok(REAL_LOGS.length >= 30, String(REAL_LOGS.length));
});
