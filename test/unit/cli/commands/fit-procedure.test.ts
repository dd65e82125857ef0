// fit --procedure log-ols: the loss-to-loss authors' own fit, reachable from the CLI.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../../../src/cli/main';

async function cli(...argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const file = join(mkdtempSync(join(tmpdir(), 'sl-proc-')), 'pairs.csv');
{
  // Exact shifted power law with multiplicative scatter: OLS in log space recovers kappa, K.
  const lines = ['src,tgt'];
  for (let i = 0; i < 30; i++) {
    const x = 2.0 + 0.05 * i;
    lines.push(`${x},${(0.8 + 1.3 * (x - 1.6) ** 0.85 * Math.exp(0.002 * Math.sin(1.9 * i))).toPrecision(12)}`);
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

test('--procedure log-ols fits kappa and K by OLS in log space with E fixed, with a bootstrap', async () => {
  const r = await cli('fit', file, '--law', 'loss-to-loss', '--map', 'x=src', '--map', 'y=tgt', '--fix', 'E_x=1.6,E_y=0.8', '--procedure', 'log-ols', '--bootstrap', '50', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.ok(Math.abs(j.params.kappa - 0.85) < 0.01 && Math.abs(j.params.K / 1.3 - 1) < 0.01, JSON.stringify(j.params));
  assert.equal(j.bootstrap.k, 50);
});

test('--procedure log-ols without E fixed, or on another law, is a usage error', async () => {
  assert.equal((await cli('fit', file, '--law', 'loss-to-loss', '--map', 'x=src', '--map', 'y=tgt', '--procedure', 'log-ols')).code, 2);
  assert.equal((await cli('fit', file, '--law', 'loss-to-loss', '--map', 'x=src', '--map', 'y=tgt', '--fix', 'E_x=1.6,E_y=0.8', '--procedure', 'nope')).code, 2);
});

test('--fix E_x=fit.json takes the irreducible loss from another FitReport and records where it came from', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'sl-fixfrom-')));
  const fitA = join(dir, 'a.json'), fitB = join(dir, 'b.json');
  writeFileSync(fitA, JSON.stringify({ law: 'chinchilla', params: { E: 1.6, A: 1, B: 1, alpha: 0.3, beta: 0.3 } }));
  writeFileSync(fitB, JSON.stringify({ law: 'chinchilla', params: { E: 0.8, A: 1, B: 1, alpha: 0.3, beta: 0.3 } }));
  const r = await cli('fit', file, '--law', 'loss-to-loss', '--map', 'x=src', '--map', 'y=tgt', '--fix', `E_x=${fitA},E_y=${fitB}`, '--procedure', 'log-ols', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.params.E_x, 1.6);
  assert.equal(j.params.E_y, 0.8);
  assert.equal(j.provenance.fixedFrom.E_x, `${fitA}:E`);
  const bad = await cli('fit', file, '--law', 'loss-to-loss', '--map', 'x=src', '--map', 'y=tgt', '--fix', `E_x=${fitA}:nope`);
  assert.equal(bad.code, 2);
});

test('--fix E_x=fit.json with a bootstrap in that fit propagates its draws into this fit\'s intervals', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'sl-draws-')));
  // Source fits whose bootstraps put E at 1.6 ± ~0.05 and 0.8 ± ~0.03 (samples in params order).
  const fitWithDraws = (E: number, spread: number) => JSON.stringify({
    law: 'chinchilla', params: { E, A: 1, B: 1, alpha: 0.3, beta: 0.3 },
    bootstrap: { k: 40, seed: 0, converged: 40, se: {}, ci95: {}, samples: Array.from({ length: 40 }, (_, b) => [E + spread * Math.sin(1.7 * b + 0.3), 1, 1, 0.3, 0.3]) },
  });
  const fitA = join(dir, 'a.json'), fitB = join(dir, 'b.json'), plainA = join(dir, 'pa.json'), plainB = join(dir, 'pb.json');
  writeFileSync(fitA, fitWithDraws(1.6, 0.07));
  writeFileSync(fitB, fitWithDraws(0.8, 0.04));
  writeFileSync(plainA, JSON.stringify({ law: 'chinchilla', params: { E: 1.6, A: 1, B: 1, alpha: 0.3, beta: 0.3 } }));
  writeFileSync(plainB, JSON.stringify({ law: 'chinchilla', params: { E: 0.8, A: 1, B: 1, alpha: 0.3, beta: 0.3 } }));
  for (const procedure of ['log-ols', 'optimize']) {
    const args = (a: string, b: string) => ['fit', file, '--law', 'loss-to-loss', '--map', 'x=src', '--map', 'y=tgt', '--fix', `E_x=${a},E_y=${b}`, '--procedure', procedure, '--bootstrap', '40', '--seed', '3', '--json'];
    const drawn = JSON.parse((await cli(...args(fitA, fitB))).out);
    const fixed = JSON.parse((await cli(...args(plainA, plainB))).out);
    assert.equal(drawn.params.E_x, 1.6, procedure);
    assert.ok(drawn.bootstrap.se.E_x > 0.03 && fixed.bootstrap.se.E_x < 1e-12, `${procedure}: se E_x ${drawn.bootstrap.se.E_x} vs ${fixed.bootstrap.se.E_x}`);
    // kappa depends on where the curve bends: uncertain E makes its interval several times wider.
    assert.ok(drawn.bootstrap.se.kappa > 3 * fixed.bootstrap.se.kappa, `${procedure}: se kappa ${drawn.bootstrap.se.kappa} vs ${fixed.bootstrap.se.kappa}`);
    assert.match(drawn.provenance.bootstrap?.method ?? '', /drawn from their source fits' bootstraps/, procedure);
  }
});

test('a column literally named loss stays that column in expressions when the loss role is mapped elsewhere', async () => {
  const f = join(mkdtempSync(join(tmpdir(), 'sl-names-')), 'ds.csv');
  let s = 'loss,err\n';
  for (let i = 0; i < 30; i++) { const L = 2 + 0.05 * i; s += `${L},${0.86 - 2.2 * Math.exp(-0.71 * L)}\n`; }
  writeFileSync(f, s);
  const r = await cli('fit', f, '--law', 'downstream', '--map', 'x=loss', '--map', 'loss=err', '--json');
  assert.equal(r.code, 0, r.err);
  const p = JSON.parse(r.out).params;
  assert.ok(Math.abs(p.eps - 0.86) < 1e-3 && Math.abs(p.gamma - 0.71) < 1e-3, JSON.stringify(p));
});

test('--procedure vpnls: a separable law fits by variable projection; a law without linear parameters is a usage error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sl-vpnls-'));
  const runs = join(dir, 'runs.csv');
  const lines = ['N,D,loss'];
  for (const N of [2e7, 6e7, 2e8, 6e8, 2e9]) for (const k of [5, 20, 80]) lines.push(`${N},${N * k},${(1.69 + 406.4 / N ** 0.34 + 410.7 / (N * k) ** 0.28).toPrecision(12)}`);
  writeFileSync(runs, lines.join('\n') + '\n');
  const r = await cli('fit', runs, '--procedure', 'vpnls', '--bootstrap', '0', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.ok(Math.abs(j.params.alpha - 0.34) < 1e-4 && Math.abs(j.params.beta - 0.28) < 1e-4, JSON.stringify(j.params));
  assert.ok(j.provenance.procedure.differences.some((d: string) => /method vpnls/.test(d)));
  assert.equal((await cli('fit', runs, '--law', 'kaplan', '--procedure', 'vpnls')).code, 2);
});
