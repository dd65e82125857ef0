import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyHeaderUnits, headerUnit, PF_DAY } from '../../../../src/core/table/units';
import { inferRoles } from '../../../../src/core/table/inferRoles';
import type { NumericColumn, RunTable } from '../../../../src/core/table/runTable';

const t = (cols: Record<string, number[]>): RunTable => ({ format: 'csv', columns: Object.entries(cols).map(([name, v]) => ({ kind: 'number', name, values: Float64Array.from(v) })), rowCount: Object.values(cols)[0].length, warnings: [], inferred: [] });
const col = (x: RunTable, name: string) => x.columns.find((c) => c.name === name) as NumericColumn;

test('units written in headers: B, M, K, T, 1E21-style factors, PF-days; only count columns', () => {
  assert.deepEqual(headerUnit('Model Size (B)'), { base: 'Model Size', factor: 1e9, unit: 'B' });
  assert.equal(headerUnit('FLOPs (1E21)')!.factor, 1e21);
  assert.equal(headerUnit('FLOPs (x10^21)')!.factor, 1e21);
  assert.equal(headerUnit('Tokens (T)')!.factor, 1e12);
  assert.equal(headerUnit('params_M')!.factor, 1e6);
  assert.equal(headerUnit('tokens [K]')!.factor, 1e3);
  assert.equal(headerUnit('Compute (PF-days)')!.factor, PF_DAY);
  assert.equal(headerUnit('loss (nats)'), undefined);
  assert.equal(headerUnit('lr_M'), undefined);
  assert.equal(headerUnit('accuracy (%)'), undefined);
});

test('scaled columns keep the factor and get their roles; written-out values are left alone', () => {
  const x = inferRoles(applyHeaderUnits(t({ 'Model Size (B)': [0.07, 7], 'FLOPs (1E21)': [1.2, 5.5], 'Tokens (T)': [0.3, 1.4], loss: [3.1, 2.2] })));
  assert.deepEqual(Array.from(col(x, 'Model Size (B)').values), [0.07e9, 7e9]);
  assert.deepEqual(col(x, 'Model Size (B)').scale, { factor: 1e9, unit: 'B' });
  assert.equal(col(x, 'Model Size (B)').role, 'N');
  assert.equal(col(x, 'FLOPs (1E21)').role, 'C');
  assert.equal(col(x, 'Tokens (T)').role, 'D');
  assert.deepEqual(Array.from(col(x, 'Tokens (T)').values), [0.3e12, 1.4e12]);
  const y = applyHeaderUnits(t({ 'Model Size (B)': [7e9, 70e9] }));
  assert.deepEqual(Array.from(col(y, 'Model Size (B)').values), [7e9, 70e9]);
  assert.ok(y.warnings.some((w) => /look written out already: not scaled/.test(w)));
});
