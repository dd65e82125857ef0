// `scaling-laws phases` contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../../src/cli/main';
import { initialLoss } from '../../../../src/core/theory';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(['phases', ...argv], { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

test('phases classify --json', async () => {
  const r = await cli('classify', '--alpha', '1.0', '--beta', '2.0', '--json');
  assert.equal(r.code, 0);
  const j = JSON.parse(r.out);
  assert.deepEqual(Object.keys(j).sort(), ['dominant', 'eta', 'phase', 'source', 'xi']);
  assert.equal(j.phase, 'III');
  assert.equal(j.xi, 0.5);
  assert.equal(j.eta, 0.75);
  assert.equal(j.source, 'closed-form');
  const u = JSON.parse((await cli('classify', '--alpha', '0.2', '--beta', '1', '--json')).out);
  assert.deepEqual([u.phase, u.xi, u.source], ['IVa', null, 'unknown']);
});

test('phases curve (exact, deterministic) and simulate share W and agree', async () => {
  const common = ['--alpha', '0.75', '--beta', '0.75', '--d', '50', '--steps', '60', '--seed', '4', '--json'];
  const ex = JSON.parse((await cli('curve', ...common)).out);
  assert.equal(ex.step[0], 0);
  assert.equal(ex.step[ex.step.length - 1], 60);
  assert.ok(Math.abs(ex.loss[0] - initialLoss(0.75, 0.75, 200)) < 1e-12);
  assert.deepEqual(ex.flops, ex.step.map((r: number) => r * 50));
  const sim = JSON.parse((await cli('simulate', ...common, '--runs', '100')).out);
  assert.deepEqual(sim.step, ex.step);
  const k = ex.step.indexOf(60);
  assert.ok(Math.abs(sim.loss[k] - ex.loss[k]) < 3 * sim.std[k] / 10 + 0.03 * ex.loss[k], `${sim.loss[k]} vs ${ex.loss[k]}`);
  const de = JSON.parse((await cli('curve', ...common, '--method', 'deterministic')).out);
  assert.ok(de.loss.every((x: number) => x > 0 && Number.isFinite(x)));
});

test('phases: bad input exits 2 with a message; unstable lr is explained', async () => {
  assert.equal((await cli('curve', '--alpha', '0.75', '--beta', '0.75', '--d', '50', '--steps', '10', '--bogus', '1')).code, 2);
  assert.equal((await cli('curve', '--alpha', '0.75', '--beta', '0.75', '--steps', '10')).code, 2); // no --d
  assert.equal((await cli('curve', '--alpha', '0.75', '--beta', '0.75', '--d', '50', '--steps', '10', '--method', 'magic')).code, 2);
  assert.equal((await cli('curve', '--alpha', '0.2', '--beta', '0.2', '--d', '50', '--steps', '10')).code, 2); // undefined region
  assert.equal((await cli('nonsense')).code, 2);
  const r = await cli('curve', '--alpha', '0.75', '--beta', '0.75', '--d', '50', '--steps', '10', '--lr', '3');
  assert.equal(r.code, 2);
  assert.match(r.err, /unstable/);
});

test('phases exponents --json', async () => {
  const r = await cli('exponents', '--alpha', '0.75', '--beta', '0.25', '--d-min', '32', '--d-max', '256', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  for (const k of ['xi', 'eta', 'xiInterval', 'etaInterval', 'closedForm']) assert.ok(k in j, k);
  assert.equal(j.closedForm.phase, 'Ia');
  assert.ok(Math.abs(j.closedForm.eta - 0.4) < 1e-12);
  assert.ok(Math.abs(j.eta - 0.4) < 0.06, `eta ${j.eta}`);
});
