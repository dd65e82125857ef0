// `scaling-laws phases` contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../../src/cli/main';
import { approximateSpectrum, initialLoss, makeParams, modalCurve } from '../../../../src/core/theory';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(['phases', ...argv], { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

test('phases classify --json', async () => {
  const r = await cli('classify', '--alpha', '1.0', '--beta', '2.0', '--json');
  assert.equal(r.code, 0);
  const j = JSON.parse(r.out);
  for (const k of ['dominant', 'eta', 'phase', 'source', 'xi', 'adjacent', 'lines', 'basis', 'note']) assert.ok(k in j, k);
  assert.equal(j.phase, 'III');
  assert.equal(j.xi, 0.5);
  assert.equal(j.eta, 0.75);
  assert.equal(j.source, 'closed-form');
  // below the high-dimensional line with 2β > 1 and α < 1/4: Ic (the notes' earlier 'IVa' was wrong)
  const u = JSON.parse((await cli('classify', '--alpha', '0.2', '--beta', '1', '--json')).out);
  assert.deepEqual([u.phase, u.source], ['Ic', 'closed-form']);
  assert.ok(Math.abs(u.xi - 1.4 / 2.4) < 1e-12 && Math.abs(u.eta - 0.4 * 1.4 / 2.4) < 1e-12);
  // a boundary gets its exponents from continuity
  const b = JSON.parse((await cli('classify', '--alpha', '0.7', '--beta', '0.7', '--json')).out);
  assert.deepEqual([b.phase, b.source], ['II/III', 'continuity']);
  assert.ok(Math.abs(b.eta - 9 / 14) < 1e-12);
});

test('phases: alpha ≤ 0 or beta ≤ 0 is a usage error naming the parameter', async () => {
  for (const args of [['classify', '--alpha', '-0.5', '--beta', '1'], ['classify', '--alpha', '0', '--beta', '1'], ['classify', '--alpha', '0.7', '--beta', '-1'],
    ['curve', '--alpha', '-1', '--beta', '2', '--d', '10', '--steps', '10'], ['exponents', '--alpha', '0.7', '--beta', '0']]) {
    const r = await cli(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, args.includes('-1') && args[0] === 'classify' ? /beta must be > 0/ : /(alpha|beta) must be > 0/, args.join(' '));
  }
});

test('phases: sizes beyond their limits are refused before any O(d) work, naming the limit', async () => {
  const cases: [string[], RegExp][] = [
    [['curve', '--alpha', '0.7', '--beta', '0.7', '--d', '1e8', '--steps', '10'], /--d 100000000 exceeds the limit 8192/],
    [['curve', '--alpha', '0.7', '--beta', '0.7', '--d', '1e8', '--steps', '10', '--method', 'deterministic'], /--d 100000000 exceeds the limit 16384/],
    [['curve', '--alpha', '0.7', '--beta', '0.7', '--d', '100', '--v', '1e9', '--steps', '10'], /--v 1000000000 exceeds the limit/],
    [['curve', '--alpha', '0.7', '--beta', '0.7', '--d', '100', '--steps', '1e14'], /--steps .* exceeds the limit 10000000000000/],
    [['curve', '--alpha', '0.7', '--beta', '0.7', '--d', '100', '--steps', '100', '--points-per-decade', '1e6'], /--points-per-decade 1000000 exceeds the limit 1000/],
    [['curve', '--alpha', '0.7', '--beta', '0.7', '--d', '100', '--steps', '100', '--seed', '4294967296'], /--seed must be a whole number from 0 to 4294967295/],
    [['simulate', '--alpha', '0.7', '--beta', '0.7', '--d', '2300', '--steps', '100', '--runs', '2'], /v·d = 21160000 exceeds the limit 20000000/],
    [['simulate', '--alpha', '0.7', '--beta', '0.7', '--d', '200', '--steps', '1e9', '--runs', '100'], /over the limit/],
    [['exponents', '--alpha', '0.7', '--beta', '0.7', '--per-octave', '1e6'], /--per-octave 1000000 exceeds the limit 8/],
    [['exponents', '--alpha', '0.7', '--beta', '0.7', '--d-max', '1e6'], /--d-max 1000000 exceeds the limit 8192/],
    [['exponents', '--alpha', '0.7', '--beta', '0.7', '--draws', '1e4'], /--draws must be a whole number from 1 to 64/],
  ];
  for (const [args, re] of cases) {
    const r = await cli(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, re, args.join(' '));
  }
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

test('phases curve --method approximate is the analytic spectrum, labelled as such', async () => {
  const r = await cli('curve', '--alpha', '0.7', '--beta', '0.7', '--d', '300', '--steps', '1e4', '--method', 'approximate', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.method, 'approximate');
  const p = makeParams({ alpha: 0.7, beta: 0.7, d: 300 });
  const want = modalCurve(approximateSpectrum(p), p, j.step);
  j.loss.forEach((x: number, k: number) => assert.ok(Math.abs(x / want[k] - 1) < 1e-12));
  const text = await cli('curve', '--alpha', '0.7', '--beta', '0.7', '--d', '30', '--steps', '10', '--method', 'approximate');
  assert.match(text.out, /analytic spectrum j\^-2alpha, not the exact spectrum/);
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
  for (const k of ['xi', 'eta', 'xiInterval', 'etaInterval', 'closedForm', 'perDraw', 'spread', 'finiteSize', 'extrapolated', 'draws']) assert.ok(k in j, k);
  assert.equal(j.draws, 4);
  assert.equal(j.perDraw.length, 4);
  assert.ok(j.finiteSize.length >= 2 && j.finiteSize[j.finiteSize.length - 1].dMax === 256);
  assert.equal(j.closedForm.phase, 'Ia');
  assert.ok(Math.abs(j.closedForm.eta - 0.4) < 1e-12);
  assert.ok(Math.abs(j.eta - 0.4) < 0.06, `eta ${j.eta}`);
});
