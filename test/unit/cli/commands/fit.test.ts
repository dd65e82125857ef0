// The CLI contract of issue 2: flags, exit codes and JSON keys, run in-process through main().
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../../../src/cli/main';

async function cli(...argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err, json: () => JSON.parse(out) };
}

const dir = mkdtempSync(join(tmpdir(), 'sl-cli-'));
const runs = join(dir, 'runs.csv');
{
  const lines = ['Model Size,D,loss,name'];
  let i = 0;
  for (const N of [1e7, 3e7, 1e8, 3e8, 1e9]) for (const k of [5, 10, 20, 40, 80]) {
    const D = N * k;
    const noise = 1 + 0.002 * Math.sin(1.7 * i++); // deterministic ±0.2 % scatter
    lines.push(`${N},${D},${(1.8 + 400 / N ** 0.34 + 2000 / D ** 0.36) * noise},r${N}-${k}`);
  }
  writeFileSync(runs, lines.join('\n') + '\n');
}

test('fit --json prints a FitReport with the promised keys; --map handles spaces', async () => {
  const r = await cli('fit', runs, '--map', 'N=Model Size', '--json', '--seed', '3');
  assert.equal(r.code, 0, r.err);
  const j = r.json();
  for (const k of ['law', 'formula', 'params', 'objective', 'n', 'starts', 'warnings', 'provenance']) assert.ok(k in j, k);
  assert.deepEqual(Object.keys(j.params).sort(), ['A', 'B', 'E', 'alpha', 'beta']);
  for (const k of ['kind', 'delta', 'space', 'reduction', 'value']) assert.ok(k in j.objective, k);
  assert.equal(j.n, 25);
  assert.equal(j.starts.total, 4500);
  assert.equal(j.provenance.mapping.N, 'Model Size');
  assert.match(j.provenance.input.sha256, /^[0-9a-f]{64}$/);
  assert.ok(Math.abs(j.params.E - 1.8) < 0.1, `E = ${j.params.E}`);
});

test('fit --out then predict --fit gives a prediction with an interval; same seed → same numbers', async () => {
  const out1 = join(dir, 'fit1.json'), out2 = join(dir, 'fit2.json');
  for (const out of [out1, out2]) {
    const r = await cli('fit', runs, '--map', 'N=Model Size', '--bootstrap', '30', '--seed', '5', '--starts', '32', '--out', out, '--quiet');
    assert.equal(r.code, 0, r.err);
  }
  const a = JSON.parse(readFileSync(out1, 'utf8')), b = JSON.parse(readFileSync(out2, 'utf8'));
  assert.deepEqual(a.params, b.params);
  assert.deepEqual(a.bootstrap.se, b.bootstrap.se);
  const p = await cli('predict', '--fit', out1, '--at', 'N=1B,D=20B', '--json');
  assert.equal(p.code, 0, p.err);
  const j = p.json();
  const truth = 1.8 + 400 / 1e9 ** 0.34 + 2000 / 20e9 ** 0.36;
  assert.ok(Math.abs(j.prediction - truth) < 0.02, `${j.prediction} vs ${truth}`);
  assert.ok(j.interval[0] < j.interval[1] && j.interval[0] - 1e-3 <= j.prediction && j.prediction <= j.interval[1] + 1e-3, `interval ${j.interval} around ${j.prediction}`);
});

test('predict --law --params equals the formula', async () => {
  const r = await cli('predict', '--law', 'chinchilla', '--params', 'E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28', '--at', 'N=70e9,D=1.4T', '--json');
  assert.equal(r.code, 0, r.err);
  assert.ok(Math.abs(r.json().prediction - (1.69 + 406.4 / 70e9 ** 0.34 + 410.7 / 1.4e12 ** 0.28)) < 1e-12);
});

test('optimal --compute matches the closed form; --target-loss inverts it', async () => {
  const params = 'E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28';
  const r = await cli('optimal', '--law', 'chinchilla', '--params', params, '--compute', '5.76e23', '--json');
  assert.equal(r.code, 0, r.err);
  const j = r.json();
  // Hand-computed: G = (0.34*406.4/(0.28*410.7))^(1/0.62), N = G (C/6)^(0.28/0.62), D = (C/6)^(0.34/0.62)/G.
  const G = ((0.34 * 406.4) / (0.28 * 410.7)) ** (1 / 0.62);
  assert.ok(Math.abs(j.N / (G * (5.76e23 / 6) ** (0.28 / 0.62)) - 1) < 1e-12);
  assert.ok(Math.abs((6 * j.N * j.D) / 5.76e23 - 1) < 1e-12, 'C = 6ND');
  const t = await cli('optimal', '--law', 'chinchilla', '--params', params, '--target-loss', String(j.loss), '--json');
  assert.equal(t.code, 0, t.err);
  assert.ok(Math.abs(t.json().C / 5.76e23 - 1) < 1e-6, `C ${t.json().C}`);
  // A target below the irreducible loss cannot be answered: refused as bad input.
  const bad = await cli('optimal', '--law', 'chinchilla', '--params', params, '--target-loss', '1.5', '--json');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /irreducible/);
});

test('usage errors exit 2 with a one-line message', async () => {
  for (const argv of [['fit', runs, '--no-such-flag'], ['fit', join(dir, 'nope.csv')], ['fit', runs, '--law', 'nope'], ['fit', runs, '--map', 'N=Nope'],
    ['fit', runs, '--map', 'N=Model Size', '--fix', 'Q=1'], ['predict', '--at', 'N=1'], ['fit', runs, '--map', 'N=Model Size', '--derive', 'X=log(Q)'],
    ['fit', runs, '--map', 'N=Model Size', '--objective', 'cauchy']]) {
    const r = await cli(...argv);
    assert.equal(r.code, 2, `${argv.join(' ')} → ${r.code}: ${r.err}`);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
  }
});

test('a loss-curve fit file given to predict/optimal is named for what it is (exit 2)', async () => {
  const f = join(dir, 'curve-fit.json');
  writeFileSync(f, JSON.stringify({ kind: 'scaling-laws/curve-fit', law: 'multipower', params: { L0: 2.3 }, inputs: [{ file: 'a.csv' }] }));
  for (const argv of [['predict', '--fit', f, '--at', 'N=1e9,D=1e10'], ['optimal', '--fit', f, '--compute', '1e21']]) {
    const r = await cli(...argv);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /not a FitReport but a loss-curve fit .*curve predict --fit/);
  }
});

test('--help and -h on a command print its summary and flags and exit 0', async () => {
  for (const argv of [['fit', '--help'], ['optimal', '-h'], ['envelope', 'x.csv', '--help']]) {
    const r = await cli(...argv);
    assert.equal(r.code, 0, `${argv.join(' ')}: ${r.err}`);
    assert.match(r.out, new RegExp(`^scaling-laws ${argv[0]}: `));
    assert.match(r.out, /\n {2}--json\b/);
  }
  assert.match((await cli('fit', '--help')).out, /--map ROLE=COLUMN \(repeatable\) +use this column for a role/);
});

test('--fix, --where, --derive and a custom formula run', async () => {
  const r = await cli('fit', runs, '--map', 'N=Model Size', '--fix', 'E=1.8', '--where', 'loss < 10', '--derive', 'C=6*N*D', '--starts', '16', '--json');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.json().params.E, 1.8);
  const c = await cli('fit', runs, '--map', 'N=Model Size', '--law', 'custom', '--formula', 'E + A / N^alpha + B / D^beta', '--starts', '64', '--json');
  assert.equal(c.code, 0, c.err);
  assert.deepEqual(Object.keys(c.json().params), ['E', 'A', 'alpha', 'B', 'beta']);
});

test('--out refuses to overwrite the input file', async () => {
  const r = await cli('fit', runs, '--map', 'N=Model Size', '--out', runs);
  assert.equal(r.code, 2);
});

test('few random starts that land in a poor basin are flagged', async () => {
  const r = await cli('fit', runs, '--map', 'N=Model Size', '--json', '--starts', '8', '--seed', '1');
  assert.equal(r.code, 0, r.err);
  const j = r.json();
  if (j.starts.atBest === 1) assert.ok(j.warnings.some((w: string) => /only 1 of 8 starts/.test(w)), j.warnings.join('; '));
});

test('fit accepts the ingest flags (--log10 columns)', async () => {
  const f = join(dir, 'log10.csv');
  const lines = ['log_n,log_d,loss'];
  for (const N of [1e7, 3e7, 1e8, 3e8, 1e9]) for (const k of [5, 20, 80]) lines.push(`${Math.log10(N)},${Math.log10(N * k)},${1.8 + 400 / N ** 0.34 + 2000 / (N * k) ** 0.36}`);
  writeFileSync(f, lines.join('\n') + '\n');
  const r = await cli('fit', f, '--log10', 'log_n,log_d', '--map', 'N=log_n', '--map', 'D=log_d', '--json');
  assert.equal(r.code, 0, r.err);
  assert.ok(Math.abs(r.json().params.alpha - 0.34) < 0.01, JSON.stringify(r.json().params));
});

test('unreadable inputs exit 2 from every command that reads files', async () => {
  const nope = join(dir, 'nope.csv');
  for (const argv of [['inspect', nope], ['isoflop', nope], ['predict', '--fit', join(dir, 'nope.json'), '--at', 'N=1B,D=1T'], ['curve', 'fit', nope, '--law', 'power']]) {
    const r = await cli(...argv);
    assert.equal(r.code, 2, `${argv.join(' ')} → ${r.code}: ${r.err}`);
    assert.match(r.err, /nope\.(csv|json)/);
  }
});
