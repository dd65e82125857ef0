// CLI contract of issue #8, in-process through main(): loss-to-loss with cross-data-set pairing,
// same-row source → target (downstream), and predict --chain with its joint interval.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../../src/cli/main';

async function cli(...argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err, json: () => JSON.parse(out) };
}

const dir = mkdtempSync(join(tmpdir(), 'sl-transfer-'));
const sweep = join(dir, 'sweep.csv');
// Two data sets 'a' and 'b' trained with the same (N, tokens); b's loss = 1.3 (a - 1.6)^0.85 + 0.8,
// with ±0.1 % deterministic scatter; one extra row of 'a' has no partner; downstream error per row.
{
  const lines = ['data,params,tokens,flops,val_loss,err'];
  let i = 0;
  for (const N of [2e7, 6e7, 2e8, 6e8]) for (const k of [5, 20, 80]) {
    const D = N * k;
    const la = 1.6 + 300 / N ** 0.3 + 900 / D ** 0.3;
    const lb = (1.3 * (la - 1.6) ** 0.85 + 0.8) * (1 + 0.001 * Math.sin(2.3 * i++));
    const err = (l: number) => (0.86 - 2.2 * Math.exp(-0.71 * l)) * (1 + 0.002 * Math.cos(3.1 * i));
    lines.push(`a,${N},${D},${6 * N * D},${la},${err(la)}`, `b,${N},${D},${6 * N * D},${lb},${err(lb)}`);
  }
  lines.push(`a,1e9,3.3e9,1.98e19,2.5,0.6`);
  writeFileSync(sweep, lines.join('\n') + '\n');
}

test('fit --law loss-to-loss pairs two data sets by tokens and recovers K, kappa with E fixed', async () => {
  const r = await cli('fit', sweep, '--law', 'loss-to-loss', '--map', 'x=val_loss[data=a]', '--map', 'y=val_loss[data=b]', '--pair-by', 'tokens',
    '--fix', 'E_x=1.6,E_y=0.8', '--json', '--threads', '1');
  assert.equal(r.code, 0, r.err);
  const j = r.json();
  assert.equal(j.law, 'loss-to-loss');
  assert.equal(j.n, 12);
  assert.ok(Math.abs(j.params.kappa - 0.85) < 0.02 && Math.abs(j.params.K / 1.3 - 1) < 0.03, JSON.stringify(j.params));
  assert.equal(j.provenance.mapping['pair-by'], 'tokens');
  assert.ok(j.warnings.some((w: string) => /1 source and 0 target rows had no partner/.test(w)), j.warnings.join('; '));
  const byC = await cli('fit', sweep, '--law', 'loss-to-loss', '--map', 'x=val_loss[data=a]', '--map', 'y=val_loss[data=b]', '--pair-by', 'C', '--fix', 'E_x=1.6,E_y=0.8', '--json', '--threads', '1');
  assert.equal(byC.code, 0, byC.err);
  assert.equal(byC.json().provenance.mapping['pair-by'], 'flops');
});

test('usage errors: missing x, pairing without groups, unknown group value', async () => {
  assert.equal((await cli('fit', sweep, '--law', 'loss-to-loss', '--json')).code, 2);
  const r = await cli('fit', sweep, '--law', 'loss-to-loss', '--map', 'x=val_loss', '--map', 'y=err', '--pair-by', 'tokens', '--json');
  assert.equal(r.code, 2);
  assert.match(r.err, /--pair-by needs two groups/);
  const g = await cli('fit', sweep, '--law', 'loss-to-loss', '--map', 'x=val_loss[data=zz]', '--map', 'y=val_loss[data=b]', '--json');
  assert.equal(g.code, 2);
  assert.match(g.err, /no row has data = zz/);
});

test('fit --law downstream reads source and target from the same row; predict --chain gives a joint interval', async () => {
  const dsFile = join(dir, 'down.json'), l2lFile = join(dir, 'l2l.json');
  const d = await cli('fit', sweep, '--law', 'downstream', '--map', 'x=val_loss', '--map', 'y=err', '--where', 'params < 1e9',
    '--objective', 'l2', '--space', 'linear', '--bootstrap', '40', '--threads', '1', '--out', dsFile, '--quiet');
  assert.equal(d.code, 0, d.err);
  const l = await cli('fit', sweep, '--law', 'loss-to-loss', '--map', 'x=val_loss[data=a]', '--map', 'y=val_loss[data=b]', '--pair-by', 'tokens',
    '--fix', 'E_x=1.6,E_y=0.8', '--bootstrap', '60', '--threads', '1', '--out', l2lFile, '--quiet');
  assert.equal(l.code, 0, l.err);
  const c = await cli('predict', '--chain', `${l2lFile},${dsFile}`, '--at', 'x=2.2', '--json');
  assert.equal(c.code, 0, c.err);
  const j = c.json();
  for (const k of ['prediction', 'interval', 'stages']) assert.ok(k in j, k);
  assert.equal(j.stages.length, 2);
  assert.equal(j.draws, 40);
  // Hand composition at the fitted point parameters.
  const lb = 1.3 * (2.2 - 1.6) ** 0.85 + 0.8;
  assert.ok(Math.abs(j.stages[0].prediction - lb) < 0.01, `stage 1 ${j.stages[0].prediction} vs ${lb}`);
  assert.ok(Math.abs(j.prediction - (0.86 - 2.2 * Math.exp(-0.71 * j.stages[0].prediction))) < 0.01);
  assert.ok(j.interval[0] < j.interval[1] && Math.abs(j.prediction - (j.interval[0] + j.interval[1]) / 2) < j.interval[1] - j.interval[0], JSON.stringify(j.interval));
  const bad = await cli('predict', '--chain', `${l2lFile},${join(dir, 'missing.json')}`, '--at', 'x=2.2');
  assert.equal(bad.code, 2);
});
