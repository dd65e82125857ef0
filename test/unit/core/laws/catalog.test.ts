// One catalog names every law: the registries build exactly the laws it lists, with its titles'
// meaning and inputs, and every face refuses an unknown or prototype-named law the same way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../../../src/core/errors';
import { createCurveLaw } from '../../../../src/core/curves/curveLaws';
import { LAW_CATALOG, lawEntry, lawIdsOf } from '../../../../src/core/laws/catalog';
import { createLaw, lawIds } from '../../../../src/core/laws/registry';

test('the run-law registry builds every catalog entry, with the catalog inputs', () => {
  assert.deepEqual(lawIds(), lawIdsOf('runs'));
  for (const e of LAW_CATALOG.filter((l) => l.kind === 'runs')) {
    const law = createLaw(e.id, e.id === 'custom' ? { formula: 'E + A / N^alpha' } : {});
    if (e.id !== 'custom' && e.id !== 'power' && e.id !== 'densing') assert.deepEqual(law.inputs, e.inputs, e.id);
  }
});

test('the curve-law registry builds every catalog entry', () => {
  for (const id of lawIdsOf('curve')) assert.equal(createCurveLaw(id).id, id);
  assert.equal(createCurveLaw('mpl').id, 'multipower');
});

test('unknown and prototype names are refused as input errors listing the known laws', () => {
  for (const bad of ['constructor', '__proto__', 'toString', 'nope', '']) {
    assert.throws(() => createLaw(bad), (e: Error) => e instanceof InputError && /known: chinchilla/.test(e.message), bad);
    assert.throws(() => createCurveLaw(bad), (e: Error) => e instanceof InputError && /known: multipower/.test(e.message), bad);
  }
  assert.throws(() => lawEntry(undefined, 'runs'), InputError);
});
