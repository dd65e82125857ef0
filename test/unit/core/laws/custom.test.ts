import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { customLaw } from '../../../../src/core/laws/custom';
import { checkFormula, differentiate, MAX_FORMULA_CHARS } from '../../../../src/core/expr/restrictedMath';
import { main } from '../../../../src/cli/main';

const nested = (depth: number) => {
  let f = 'E + A/N^alpha';
  for (let i = 0; i < depth; i++) f = `exp(${f}/(1+B))`;
  return f;
};

function gradientAt(formula: string, p: number[], N: number[]): { grad: Float64Array; law: ReturnType<typeof customLaw> } {
  const law = customLaw(formula);
  const grad = new Float64Array(N.length * p.length);
  law.gradient!(Float64Array.from(p), { N: Float64Array.from(N) }, grad);
  return { grad, law };
}

// Issue 16 item 4: simplify(derivative(...)) is exponential in nesting (depth 20: 10 s, 24: > 120 s).
test('a deeply nested formula builds, predicts and differentiates promptly', () => {
  const t0 = Date.now();
  const f = nested(24);
  const law = customLaw(f);
  const out = new Float64Array(2);
  law.predict(Float64Array.from([1.7, 400, 0.3, 5]), { N: Float64Array.from([1e8, 1e9]) }, out);
  assert.ok(out.every(Number.isFinite));
  const { grad } = gradientAt(f, [1.7, 400, 0.3, 5], [1e8, 1e9]);
  assert.ok(grad.every(Number.isFinite));
  assert.ok(Date.now() - t0 < 10_000, `took ${Date.now() - t0} ms`);
});

test('derivatives too large to build fall back to central differences that agree with the symbolic ones', () => {
  const f = 'E + A/N^alpha';
  const symbolic = gradientAt(f, [1.7, 400, 0.3], [1e8, 3e9]).grad;
  // The same law, padded past the derivative size bound: * 1 + 0 repeated keeps the value.
  let padded = f;
  for (let i = 0; i < 200; i++) padded = `(${padded}) * 1 + 0 * E`;
  assert.equal(differentiate(checkFormula(padded), 'A'), undefined);
  const numeric = gradientAt(padded, [1.7, 400, 0.3], [1e8, 3e9]).grad;
  for (let i = 0; i < symbolic.length; i++) assert.ok(Math.abs(numeric[i] - symbolic[i]) <= 1e-6 * Math.abs(symbolic[i]) + 1e-12, `${i}: ${numeric[i]} vs ${symbolic[i]}`);
});

test('a formula mathjs cannot differentiate (max) still has a gradient', () => {
  const { grad } = gradientAt('max(E, A/N^alpha)', [1, 400, 0.3], [1e3]);
  assert.ok(Math.abs(grad[1] - 1e3 ** -0.3) < 1e-6);
});

test('formulas longer than the limit are refused by name', () => {
  assert.throws(() => checkFormula('1+'.repeat(MAX_FORMULA_CHARS) + 'N'), /limit of 20000/);
});

test('predict --fit with a FitReport carrying an exploding formula answers promptly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'custom-'));
  const fit = join(dir, 'fit.json');
  let out = '', err = '';
  const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
  assert.equal(await main(['fit', 'examples/chinchilla-runs.csv', '--law', 'custom', '--formula', 'E + A/N^alpha', '--bootstrap', '10', '--out', fit], io), 0, err);
  const report = JSON.parse(readFileSync(fit, 'utf8'));
  report.formula = report.lawOptions.formula = nested(24).replace(/\(1\+B\)/g, '6');
  writeFileSync(fit, JSON.stringify(report));
  const t0 = Date.now();
  out = err = '';
  assert.equal(await main(['predict', '--fit', fit, '--at', 'N=1e9', '--json'], io), 0, err);
  assert.ok(Date.now() - t0 < 10_000, `took ${Date.now() - t0} ms`);
});
