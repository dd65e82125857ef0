import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../../src/core/errors';
import { compareTask } from '../../../src/tasks/compare';
import { nodeTaskContext } from '../../../src/tasks/nodeContext';

const file = 'examples/chinchilla-runs.csv';

test('compare: on data made by a Chinchilla law, chinchilla ranks first out of sample; a law that cannot read the file is reported, not fatal', async () => {
  const r = await compareTask({ fit: { file, bootstrap: 0, starts: '256' }, laws: ['power', 'kaplan', 'chinchilla', 'loss-to-loss'] }, nodeTaskContext());
  assert.deepEqual(r.rows.map((x) => x.law).slice(0, 1), ['chinchilla']);
  assert.equal(r.rows.length, 3);
  assert.deepEqual(r.failed.map((f) => f.law), ['loss-to-loss']);
  for (let i = 1; i < r.rows.length; i++) assert.ok(r.rows[i].cv.rmse >= r.rows[i - 1].cv.rmse, 'ranked by cross-validated error');
  assert.equal(Math.min(...r.rows.map((x) => x.deltaAic)), 0);
  for (const x of r.rows) {
    assert.equal(x.cv.points, x.n);
    assert.ok(x.cv.rmse >= x.rmse * 0.999, `${x.law}: out-of-sample ${x.cv.rmse} ≥ in-sample ${x.rmse}`);
  }
  assert.deepEqual(r.figures.figures.map((f) => f.id), ['compare-parity', 'compare-residuals']);
});

test('compare: unknown law names and empty lists are input errors', async () => {
  await assert.rejects(compareTask({ fit: { file }, laws: [] }, nodeTaskContext()), InputError);
  await assert.rejects(compareTask({ fit: { file }, laws: ['chinchilla', 'nope'] }, nodeTaskContext()), InputError);
  await assert.rejects(compareTask({ fit: { file: 'examples/TRUTH.md' }, laws: ['chinchilla'] }, nodeTaskContext()), InputError);
});
