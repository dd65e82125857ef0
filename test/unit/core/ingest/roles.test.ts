import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferRoles } from '../../../../src/core/table/inferRoles';
import { reduceCurves } from '../../../../src/core/table/reduce';
import { applyLog10 } from '../../../../src/core/table/shape';
import { mergeRowsByKey } from '../../../../src/core/table/combine';
import type { Column, NumericColumn, RunTable } from '../../../../src/core/table/runTable';

function table(cols: Record<string, (number | string)[]>): RunTable {
  const columns: Column[] = Object.entries(cols).map(([name, v]) =>
    typeof v[0] === 'string' ? { kind: 'string', name, values: v as string[] } : { kind: 'number', name, values: Float64Array.from(v as number[]) },
  );
  return { format: 'csv', columns, rowCount: Object.values(cols)[0].length, warnings: [], inferred: [] };
}
const roleOf = (t: RunTable, name: string) => t.columns.find((c) => c.name === name)?.role;
const num = (t: RunTable, name: string) => Array.from((t.columns.find((c) => c.name === name) as NumericColumn).values);

test('names from the issue get their roles, with reasons', () => {
  const cases: [string, string][] = [
    ['params', 'N'], ['n_params', 'N'], ['num_params', 'N'], ['model_size', 'N'], ['N', 'N'], ['Model Size', 'N'],
    ['tokens', 'D'], ['tokens_seen', 'D'], ['num_tokens', 'D'], ['D', 'D'],
    ['flops', 'C'], ['compute', 'C'], ['C', 'C'], ['Training FLOP', 'C'],
    ['loss', 'loss'], ['val_loss', 'loss'], ['eval/loss', 'loss'], ['train/loss', 'loss'],
    ['step', 'step'], ['global_step', 'step'], ['_step', 'step'], ['iter', 'step'],
    ['lr', 'lr'], ['learning_rate', 'lr'],
  ];
  for (const [name, role] of cases) {
    const t = inferRoles(table({ [name]: [1, 2] }));
    assert.equal(roleOf(t, name), role, name);
    assert.ok(t.inferred[0].reason.includes(name));
  }
  assert.equal(roleOf(inferRoles(table({ run: ['a', 'b'] })), 'run'), 'run');
  assert.equal(roleOf(inferRoles(table({ name: ['a', 'b'] })), 'name'), 'run');
  assert.equal(roleOf(inferRoles(table({ loss: ['a', 'b'] })), 'loss'), undefined, 'text is never a numeric role');
});

test('validation loss is preferred over training loss, and the reason says so', () => {
  const t = inferRoles(table({ 'train/loss': [3, 2], 'eval/loss': [3.2, 2.4] }));
  assert.equal(roleOf(t, 'eval/loss'), 'loss');
  assert.equal(roleOf(t, 'train/loss'), undefined);
  assert.match(t.inferred.find((i) => i.role === 'loss')!.reason, /passed over 'train\/loss' \(a training loss; final-loss fits use the validation loss\)/);
});

test('explicit roles are kept; ppl → ln(ppl) only when asked', () => {
  const base = table({ ppl: [Math.E, Math.E ** 2] });
  const a = inferRoles(base);
  assert.equal(a.columns.length, 1);
  assert.ok(a.warnings.some((w) => /perplexity/.test(w)));
  const b = inferRoles(base, { pplToLoss: true });
  assert.deepEqual(num(b, 'loss').map((x) => +x.toFixed(12)), [1, 2]);
  const withLoss = inferRoles(table({ ppl: [10, 20], loss: [1, 2] }), { pplToLoss: true });
  assert.deepEqual(num(withLoss, 'loss'), [1, 2]);
});

test('log10 columns become 10^x', () => {
  const t = applyLog10(table({ flops: [18, 20.5] }), ['flops']);
  assert.deepEqual(num(t, 'flops'), [1e18, 10 ** 20.5]);
  assert.throws(() => applyLog10(table({ flops: [1] }), ['nope']), /no column named 'nope'/);
});

test('curve reduction: last, min, mean of last k %, drop before tokens / fraction', () => {
  const t = inferRoles(
    table({
      run: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'],
      step: [4, 1, 2, 3, 10, 20, 30, 40],
      tokens: [400, 100, 200, 300, 1000, 2000, 3000, 4000],
      loss: [2.0, 5.0, 3.0, 2.5, 4.0, 3.0, 1.0, 1.5],
    }),
  );
  assert.deepEqual(num(reduceCurves(t, { reduce: 'last' }), 'loss'), [2.0, 1.5]);
  assert.deepEqual(num(reduceCurves(t, { reduce: 'last' }), 'step'), [4, 40]);
  assert.deepEqual(num(reduceCurves(t, { reduce: 'min' }), 'loss'), [2.0, 1.0]);
  assert.deepEqual(num(reduceCurves(t, { reduce: 'min' }), 'step'), [4, 30]);
  assert.deepEqual(num(reduceCurves(t, { reduce: 'mean-last', lastFraction: 0.5 }), 'loss'), [(2.5 + 2.0) / 2, (1.0 + 1.5) / 2]);
  assert.deepEqual(num(reduceCurves(t, { reduce: 'min', dropBeforeTokens: 2500 }), 'loss'), [1.0]);
  // fraction 0.6 of each run's own max step: a keeps steps ≥ 2.4 → 3, 4; b keeps ≥ 24 → 30, 40
  assert.deepEqual(num(reduceCurves(t, { reduce: 'mean-last', lastFraction: 1, dropBeforeFraction: 0.6 }), 'loss'), [(2.5 + 2.0) / 2, (1.0 + 1.5) / 2]);
});

test('mergeRowsByKey: last non-missing value per column wins', () => {
  const t = mergeRowsByKey(table({ step: [1, 1, 2], a: [1, NaN, 3], b: [NaN, 5, NaN] }), ['step']);
  assert.deepEqual(num(t, 'a'), [1, 3]);
  assert.deepEqual(num(t, 'b').map((x) => (Number.isNaN(x) ? 'NaN' : x)), [5, 'NaN']);
});

test('flattened config names match on their last segment, after exact names', () => {
  const t = inferRoles(table({ 'model.n_params': [1, 2], 'charts/tokens': [3, 4], lr: [1, 1] }));
  assert.equal(roleOf(t, 'model.n_params'), 'N');
  assert.equal(roleOf(t, 'charts/tokens'), 'D');
  assert.match(t.inferred.find((i) => i.role === 'N')!.reason, /ends in 'n_params'/);
  const u = inferRoles(table({ 'model.n_params': [1, 2], params: [5, 6] }));
  assert.equal(roleOf(u, 'params'), 'N');
});
