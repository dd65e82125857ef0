// User formulas are arithmetic only: no import, evaluate, parse, createUnit, assignments or unknown functions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFormula, compileRowExpression, FormulaError, ROW_EXPRESSION_HELP } from '../../../../src/core/expr/restrictedMath';
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

test('row expressions compare text columns with == and != and match regular expressions with matches()', () => {
  const cols = new Map<string, ArrayLike<number> | string[]>([['run', ['chin-1', 'x', 'gpt']], ['loss', [3, 2, 1]]]);
  const rows = (text: string) => { const ev = compileRowExpression(text, cols, '--where filter'); return [0, 1, 2].map((i) => ev(i)); };
  assert.deepEqual(rows('run != "x"'), [true, false, true]);
  assert.deepEqual(rows('run == "x" or loss < 1.5'), [false, true, true]);
  assert.deepEqual(rows('matches(run, "^chin")'), [true, false, false]);
  assert.deepEqual(rows('matches(run, "^CHIN", "i") and loss > 2'), [true, false, false]);
  assert.deepEqual(rows('not matches(run, "^chin")'), [false, true, true]);
  assert.deepEqual(rows('loss == 2'), [false, true, false]);
  // mistakes get messages that say what to write
  assert.throws(() => compileRowExpression('run ~ "^chin"', cols, '--where filter'), /write matches\(column, "regex"\)/);
  assert.throws(() => compileRowExpression('run == x', cols, '--where filter'), /names 'x'.*quote it: column == "x"/);
  assert.throws(() => compileRowExpression('matches(run, "(")', cols, '--where filter'), /invalid regular expression "\("/);
  assert.throws(() => compileRowExpression('$textEqual(run, "x")', cols, '--where filter'), /unknown function '\$textEqual'/);
  assert.throws(() => compileRowExpression('loss == "2"', cols, '--where filter')(0), /at row 1: compares text "2" with the number 3/);
  assert.throws(() => compileRowExpression('matches(loss, "1")', cols, '--where filter')(0), /applies to text columns/);
  // the help's example does what it says
  const example = /--where '(.+)'$/m.exec(ROW_EXPRESSION_HELP)![1];
  const ev = compileRowExpression(example, new Map<string, ArrayLike<number> | string[]>([['run', ['debug-1', 'chin', 'chin']], ['loss', [3, 3, 3.5]]]), '--where filter');
  assert.deepEqual([0, 1, 2].map(ev), [false, true, false]);
  // matches() is for row expressions only, not for law formulas
  assert.throws(() => checkFormula('matches(N, "x")'), /unknown function 'matches'/);
});

test('__proto__ and constructor are plain column names in row expressions, and never reach Object.prototype', () => {
  const cols = new Map<string, ArrayLike<number> | string[]>([['constructor', [1, 0]], ['__proto__', [5, 7]]]);
  assert.deepEqual([0, 1].map(compileRowExpression('constructor > 0 and __proto__ > 4', cols, 'w')), [true, false]);
  // A plain-object scope exposes only its own keys: an inherited name is an unknown column.
  assert.throws(() => compileRowExpression('constructor > 0', { loss: [1] }, '--where filter'), /names 'constructor', which is neither a column nor a role/);
  assert.throws(() => compileRowExpression('toString > 0', { loss: [1] }, '--where filter'), /names 'toString'/);
});
