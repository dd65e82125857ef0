// Every law's default procedure is the one docs/CONVENTIONS.md lists (the authors' own, or a stated
// project choice): the test reads that table and checks each law's objective, starts and method,
// and the resolver that merges user overrides into the authors' objective.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { CURVE_DEFAULT_DELTA } from '../../../../src/core/curves/fitCurves';
import { procedureRecord, resolveObjective } from '../../../../src/core/laws/procedure';
import { createLaw, lawIds } from '../../../../src/core/laws/registry';
import type { LawSpec } from '../../../../src/core/laws/types';

interface Row { law: string; objective: string; space: string; reduction: string; delta: string; starts: string; method: string; source: string }

function table(): Row[] {
  const md = readFileSync(resolve(__dirname, '../../../../docs/CONVENTIONS.md'), 'utf8');
  const section = md.split('## Default procedure per law')[1]?.split('\n## ')[0];
  assert.ok(section, 'docs/CONVENTIONS.md has a "Default procedure per law" section');
  const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| law ') && !l.startsWith('|---'));
  return rows.map((l) => {
    const c = l.split('|').slice(1, -1).map((x) => x.trim());
    return { law: c[0], objective: c[1], space: c[2], reduction: c[3], delta: c[4], starts: c[5], method: c[6], source: c[7] };
  });
}

const lawFor = (id: string): LawSpec => createLaw(id, id === 'custom' ? { formula: 'E + A * N^(-alpha)' } : {});
const startCount = (law: LawSpec) => law.params.reduce((a, p) => a * p.grid.length, 1);

const rows = table();

for (const id of lawIds()) {
  test(`${id}: default procedure is the one in docs/CONVENTIONS.md`, () => {
    const row = rows.find((r) => r.law === id);
    assert.ok(row, `docs/CONVENTIONS.md lists no default procedure for '${id}'`);
    const law = lawFor(id);
    const o = law.procedure.objective;
    assert.equal(o.kind, row.objective);
    assert.equal(o.space, row.space);
    assert.equal(o.reduction, row.reduction);
    if (o.kind === 'huber') assert.equal(o.delta, Number(row.delta));
    else assert.equal(row.delta, '—');
    // The table's start count is the product of the law's default grids (what 'default' starts run).
    const k = law.params.length;
    const listed = id === 'custom' ? (k <= 6 ? 3 ** k : 2 ** k) : Number(/^(\d+)/.exec(row.starts)?.[1]);
    assert.equal(startCount(law), listed, `${id}: starts '${row.starts}'`);
    assert.equal(law.procedure.method?.id ?? 'optimize', row.method);
    assert.equal(Boolean(law.procedure.projectChoice), /^project choice/.test(row.source), `${id}: project choice vs '${row.source}'`);
    assert.ok(law.procedure.source.length > 0 && law.procedure.starts.length > 0);
    // Without overrides the resolver gives the authors' objective, and the record says so.
    assert.deepEqual(resolveObjective(law), o);
    const rec = procedureRecord(law, { objective: resolveObjective(law), starts: { kind: 'default' }, method: law.procedure.method?.id });
    assert.equal(rec.asAuthors, true, rec.differences.join('; '));
  });
}

test('curve laws (multipower, lr-annealing) use the Huber threshold the table lists', () => {
  for (const id of ['multipower (curves)', 'lr-annealing (curves)']) {
    const row = rows.find((r) => r.law === id);
    assert.ok(row, id);
    assert.equal(row.objective, 'huber');
    assert.equal(Number(row.delta), CURVE_DEFAULT_DELTA);
  }
});

test('resolveObjective: user fields replace the authors\' one by one; bad values are refused by name', () => {
  const ds = lawFor('downstream');
  assert.deepEqual(resolveObjective(ds), { kind: 'l2', delta: 1e-3, space: 'linear', reduction: 'sum' });
  // Switching least squares to Huber gets the authors' usual threshold, not 0.
  assert.deepEqual(resolveObjective(ds, { kind: 'huber' }), { kind: 'huber', delta: 1e-3, space: 'linear', reduction: 'sum' });
  assert.deepEqual(resolveObjective(lawFor('chinchilla'), { space: 'linear', delta: 0.01 }), { kind: 'huber', delta: 0.01, space: 'linear', reduction: 'sum' });
  assert.throws(() => resolveObjective(ds, { kind: 'cauchy' as never }), /objective kind must be one of huber\|l2\|l1/);
  assert.throws(() => resolveObjective(ds, { delta: 0 }), /delta must be a positive number/);
  assert.throws(() => resolveObjective(ds, { reduction: 'median' as never }), /reduction/);
});

test('procedureRecord names every field that departs from the authors\' procedure', () => {
  const ot = lawFor('overtraining');
  const same = procedureRecord(ot, { objective: resolveObjective(ot), starts: { kind: 'grid', name: 'gadre' } });
  assert.equal(same.asAuthors, true, 'the named gadre grid is the default grid');
  const r = procedureRecord(ot, { objective: resolveObjective(ot, { kind: 'huber', space: 'log' }), starts: { kind: 'random', count: 64 } });
  assert.equal(r.asAuthors, false);
  assert.deepEqual(r.differences, ['objective huber (authors: l2)', 'log residuals (authors: linear)', `starts random (64) (authors: ${ot.procedure.starts})`]);
  const l2l = lawFor('loss-to-loss');
  const opt = procedureRecord(l2l, { objective: resolveObjective(l2l), starts: { kind: 'default' }, method: 'optimize' });
  assert.match(opt.differences.join(), /method optimize \(authors: log-ols, which needs E_x, E_y fixed\)/);
  assert.equal(procedureRecord(l2l, { objective: resolveObjective(l2l), starts: { kind: 'default' }, method: 'log-ols' }).asAuthors, true);
});
