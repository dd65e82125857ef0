// The loss-column rule (docs/CONVENTIONS.md): each case from issue 15.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseLossColumn, describeLossName, lossPurposeOf } from '../../../../src/core/table/lossColumn';
import type { Column, RunTable } from '../../../../src/core/table/runTable';

function table(cols: Record<string, (number | string)[]>): RunTable {
  const columns: Column[] = Object.entries(cols).map(([name, v]) =>
    typeof v[0] === 'string' ? { kind: 'string', name, values: v as string[] } : { kind: 'number', name, values: Float64Array.from(v as number[]) },
  );
  return { format: 'csv', columns, rowCount: Object.values(cols)[0].length, warnings: [], inferred: [] };
}
const N = NaN;

test('a column in most runs beats one in a few (8 Lightning versions, val_loss in 2)', () => {
  const run: string[] = [], train: number[] = [], val: number[] = [], step: number[] = [];
  for (let r = 0; r < 8; r++)
    for (let s = 0; s < 3; s++) {
      run.push(`version_${r}`);
      step.push(s);
      train.push(3 - s * 0.1);
      val.push(r < 2 ? 3.2 - s * 0.1 : N);
    }
  for (const purpose of ['curve', 'final'] as const) {
    const c = chooseLossColumn(table({ run, step, train_loss: train, val_loss: val }), purpose)!;
    assert.equal(c.column, 'train_loss', purpose);
    assert.match(c.alternatives[0].why, /present in only 2 of 8 runs/);
  }
});

test('a curve takes the training loss with the most points over a sparse eval loss', () => {
  const step = Array.from({ length: 200 }, (_, i) => i);
  const eval_loss = step.map((s) => (s % 40 === 0 ? 3 : N));
  const c = chooseLossColumn(table({ step, loss: step.map((s) => 4 - s / 100), eval_loss }), 'curve')!;
  assert.equal(c.column, 'loss');
  assert.match(c.reason, /200 points/);
  assert.match(c.alternatives[0].why, /a validation loss; a curve uses the training loss/);
});

test('final-loss fits take the validation loss every run has', () => {
  const c = chooseLossColumn(table({ run: ['a', 'b', 'c'], train_loss: [3, 2.5, 2.2], val_loss: [3.1, 2.6, 2.3] }), 'final')!;
  assert.equal(c.column, 'val_loss');
  assert.match(c.reason, /validation loss every run has/);
});

test('a total over its components (detectron2)', () => {
  const c = chooseLossColumn(table({ iteration: [19, 39], loss_cls: [0.7, 0.5], loss_box_reg: [0.66, 0.6], total_loss: [2.1, 1.8], loss_rpn_cls: [0.02, 0.01] }), 'curve')!;
  assert.equal(c.column, 'total_loss');
  assert.ok(c.alternatives.every((a) => /a component; 'total_loss' is the total/.test(a.why)));
  assert.equal(describeLossName('loss_box_reg')!.total, false);
  assert.equal(describeLossName('train/loss_step')!.total, true);
});

test('never final_val_loss over the curve; summaries only when nothing else is there', () => {
  const step = [1, 2, 3];
  assert.equal(chooseLossColumn(table({ step, final_val_loss: [N, N, 2.9], train_loss: [4, 3.5, 3] }), 'curve')!.column, 'train_loss');
  assert.equal(chooseLossColumn(table({ step, 'summary.loss': [2, 2, 2], 'results.eval_loss': [3, 3, 3] }), 'final')!.column, 'results.eval_loss');
});

test('ties are broken by a stated rule, never by column order (val before test)', () => {
  const a = chooseLossColumn(table({ test_loss: [3, 2], val_loss: [3.1, 2.1] }), 'final')!;
  const b = chooseLossColumn(table({ val_loss: [3.1, 2.1], test_loss: [3, 2] }), 'final')!;
  assert.equal(a.column, 'val_loss');
  assert.equal(b.column, 'val_loss');
  const c = chooseLossColumn(table({ step: [1, 2], zloss: [1, 1], 'train/loss': [3, 2], train_loss: [3, 2] }), 'curve')!;
  const d = chooseLossColumn(table({ step: [1, 2], train_loss: [3, 2], 'train/loss': [3, 2] }), 'curve')!;
  assert.equal(c.column, d.column);
  assert.match(d.alternatives[0].why, /tie broken by the shorter, then alphabetically first name/);
});

test('loss scales, learning rates and timings are not losses; purpose from the shape', () => {
  assert.equal(describeLossName('loss_scale'), undefined);
  assert.equal(describeLossName('eval_runtime'), undefined);
  assert.equal(describeLossName('grad_norm'), undefined);
  assert.equal(describeLossName('trl')?.split, 'train');
  assert.equal(lossPurposeOf(table({ step: [1, 2, 3], loss: [3, 2, 1] })), 'curve');
  assert.equal(lossPurposeOf(table({ run: ['a', 'b'], step: [9, 9], loss: [3, 2] })), 'final');
  assert.equal(lossPurposeOf(table({ N: [1, 2], loss: [3, 2] })), 'final');
});

test('role inference uses the rule, says why and how to pick another; --loss overrides it; unknown --loss is refused', async () => {
  const { inferRoles } = await import('../../../../src/core/table/inferRoles');
  const step = [1, 2, 3, 4];
  const t = inferRoles(table({ step, eval_loss: [N, 3, N, 2.5], loss: [4, 3.5, 3, 2.8] }));
  const lossCol = t.columns.find((c) => c.role === 'loss')!;
  assert.equal(lossCol.name, 'loss');
  assert.match(t.inferred.find((i) => i.role === 'loss')!.reason, /passed over 'eval_loss' \(a validation loss; a curve uses the training loss\); pick another with --loss COLUMN/);
  assert.equal(inferRoles(table({ step, eval_loss: [N, 3, N, 2.5], loss: [4, 3.5, 3, 2.8] }), { loss: 'eval_loss' }).columns.find((c) => c.role === 'loss')!.name, 'eval_loss');
  assert.throws(() => inferRoles(table({ step, loss: [1, 2, 3, 4] }), { loss: 'val' }), /--loss val: no column named 'val' \(loss-like columns: 'loss'\)/);
  const nan = inferRoles(table({ step, loss: [N, N, N, N] }));
  assert.equal(nan.columns.find((c) => c.role === 'loss'), undefined);
  assert.ok(nan.warnings.some((w) => /no loss column: 'loss' has no finite values/.test(w)));
});
