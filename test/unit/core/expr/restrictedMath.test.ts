// User formulas are arithmetic only: no import, evaluate, parse, createUnit, assignments or unknown functions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFormula, compileRowExpression, FormulaError } from '../../../../src/core/expr/restrictedMath';
import { createLaw } from '../../../../src/core/laws/registry';

test('allowed formulas parse and list their symbols', () => {
  assert.deepEqual(checkFormula('E + A / N^alpha + B / D^beta').symbols, ['E', 'A', 'N', 'alpha', 'B', 'D', 'beta']);
  assert.deepEqual(checkFormula('log(C) * 2 + exp(-x)').symbols, ['C', 'x']);
});

for (const bad of ['import({}, {override: true})', 'evaluate("1+1")', 'parse("x")', 'createUnit("foo")', 'x = 3', 'f(x) = x^2', 'foo(N)', '[1, 2]', '{a: 1}', 'N.constructor']) {
  test(`rejected: ${bad}`, () => {
    assert.throws(() => checkFormula(bad), (e: unknown) => e instanceof FormulaError || /not allowed|unknown function|cannot parse/.test(String(e)));
  });
}

test('row expressions name unknown columns clearly', () => {
  assert.throws(() => compileRowExpression('C / (6 * Q)', { C: [1], N: [2] }, 'derived column D'), /names 'Q', which is neither a column nor a role/);
  const ev = compileRowExpression('C / (6 * N)', { C: [12, 60], N: [1, 2] }, 'derived column D');
  assert.equal(ev(1), 5);
});

test('custom law with an unknown function is a clear error', () => {
  assert.throws(() => createLaw('custom', { formula: 'E + A * gamma2(N)' }), /unknown function 'gamma2'/);
  assert.throws(() => createLaw('custom', { formula: 'E + A' }), /uses no input/);
});
