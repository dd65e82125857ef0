// scaling-laws hparams: Power Lines batch sizes (Bergsma et al. 2025) as power laws in D with the
// user's constants, against an independent numpy computation (bench/peers/power_lines_numpy.py); a
// clear usage error when the constants are missing.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { main } from '../../../../src/cli/main';
import { hasScipy, NO_SCIPY, runPythonJson } from '../../../support/scipy';

async function cli(...argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

test('hparams --law power-lines: B_opt and B_crit from the user\'s constants, vs numpy', async (t) => {
  const args = ['--D', '2e11', '--b-opt-c', '0.0306', '--b-opt-m', '0.383', '--b-crit-c', '0.05', '--b-crit-m', '0.46'];
  const r = await cli('hparams', '--law', 'power-lines', ...args, '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.law, 'power-lines');
  assert.equal(j.batchTokens, j.powerLinesBatch.optimal);
  // With Step Law (the default law), the Power Lines block comes alongside lr and batch, and the
  // timescale weight decay uses Power Lines' B_opt only when asked (--batch-tokens).
  const both = await cli('hparams', '--N', '1e9', ...args, '--lr', '1e-3', '--tau-c', '0.2', '--tau-m', '-0.5', '--json');
  assert.equal(both.code, 0, both.err);
  const k = JSON.parse(both.out);
  assert.equal(k.powerLinesBatch.optimal, j.powerLinesBatch.optimal);
  assert.ok(k.lr > 0);
  const text = await cli('hparams', '--law', 'power-lines', ...args);
  assert.match(text.out, /Power Lines at D = .*optimal batch .*critical batch .*independent of N/);
  if (!hasScipy()) return t.skip(NO_SCIPY);
  const peer = runPythonJson<{ optimal: number; critical: number; tauOpt: number; weightDecay: number }>(resolve(__dirname, '../../../../bench/peers/power_lines_numpy.py'), {
    D: 2e11, N: 1e9, opt: { c: 0.0306, m: 0.383 }, crit: { c: 0.05, m: 0.46 }, eta: 1e-3, tau: { c: 0.2, m: -0.5 },
  });
  assert.ok(Math.abs(j.powerLinesBatch.optimal / peer.optimal - 1) < 1e-12);
  assert.ok(Math.abs(j.powerLinesBatch.critical / peer.critical - 1) < 1e-12);
  const withB = JSON.parse((await cli('hparams', '--N', '1e9', '--D', '2e11', '--lr', '1e-3', '--batch-tokens', String(peer.optimal), '--tau-c', '0.2', '--tau-m', '-0.5', '--json')).out);
  assert.ok(Math.abs(withB.powerLines.tauOpt / peer.tauOpt - 1) < 1e-12);
  assert.ok(Math.abs(withB.powerLines.weightDecay / peer.weightDecay - 1) < 1e-12);
});

test('hparams --law power-lines without constants, or with half a pair: exit 2 saying what to give', async () => {
  const none = await cli('hparams', '--law', 'power-lines', '--D', '2e11');
  assert.equal(none.code, 2);
  assert.match(none.err, /--b-opt-c C --b-opt-m M .*--b-crit-c C --b-crit-m M/);
  assert.match(none.err, /no defaults/);
  assert.equal((await cli('hparams', '--law', 'power-lines', '--D', '2e11', '--b-opt-c', '0.03')).code, 2);
  assert.equal((await cli('hparams', '--law', 'power-lines', '--b-opt-c', '0.03', '--b-opt-m', '0.4')).code, 2); // no D
  assert.equal((await cli('hparams', '--law', 'power-lines', '--D', '2e11', '--b-opt-c', '-1', '--b-opt-m', '0.4')).code, 2);
});
