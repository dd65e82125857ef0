// scaling-laws density: effective size under a reference law, density, and its exponential trend,
// on models built to have known densities (Densing Law, Xiao et al. 2024).
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

const REF = { E: 1.82, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 };
const refLoss = (N: number, D: number) => REF.E + REF.A / N ** REF.alpha + REF.B / D ** REF.beta;
const dir = mkdtempSync(join(tmpdir(), 'sl-density-'));
const PARAMS = ['--law', 'chinchilla', '--params', Object.entries(REF).map(([k, v]) => `${k}=${v}`).join(',')];

test('density recovers built-in densities and the doubling time of their trend', async () => {
  // Model i, released at month t, has density 0.5 exp(0.2 t): its loss is the reference's at 0.5 e^{0.2t} N.
  const lines = ['model,month,params,tokens,loss'];
  const truth: number[] = [];
  for (let t = 0; t <= 10; t++) {
    const N = 1e9 * (1 + (t % 3)), D = 2e12, rho = 0.5 * Math.exp(0.2 * t);
    truth.push(rho);
    lines.push(`m${t},${t},${N},${D},${refLoss(rho * N, D)}`);
  }
  lines.push(`too-good,11,1e9,2e12,${REF.E + REF.B / 2e12 ** REF.beta - 0.01}`);
  const f = join(dir, 'models.csv');
  writeFileSync(f, lines.join('\n') + '\n');
  const r = await cli('density', f, ...PARAMS, '--time', 'month', '--bootstrap', '40', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.rows.length, 12);
  truth.forEach((rho, i) => assert.ok(Math.abs(j.rows[i].density / rho - 1) < 1e-9, `row ${i}: ${j.rows[i].density} vs ${rho}`));
  assert.equal(j.rows[11].density, null); // unbounded: below the reference's floor at these tokens
  assert.ok(j.warnings.some((w: string) => /too-good.*unbounded/.test(w)), j.warnings.join('\n'));
  assert.ok(Math.abs(j.trend.r - 0.2) < 1e-6 && Math.abs(j.trend.rho0 - 0.5) < 1e-5, JSON.stringify(j.trend));
  assert.ok(Math.abs(j.trend.doublingTime - Math.LN2 / 0.2) < 1e-4);
  assert.equal(j.trend.points, 11);
  const text = await cli('density', f, ...PARAMS, '--time', 'month');
  assert.match(text.out, /doubles every 3\.47 units of month/);
});

test('density intervals come from the reference fit\'s bootstrap; bad input exits 2', async () => {
  const fitFile = join(dir, 'ref.json');
  const samples = Array.from({ length: 50 }, (_, b) => [REF.E + 0.02 * Math.sin(b), REF.A, REF.B, REF.alpha, REF.beta]);
  writeFileSync(fitFile, JSON.stringify({ law: 'chinchilla', params: REF, bootstrap: { k: 50, seed: 0, converged: 50, se: {}, ci95: {}, samples } }));
  const f = join(dir, 'one.csv');
  writeFileSync(f, `N,D,loss\n1e9,1e12,${refLoss(2e9, 1e12)}\n`);
  const r = await cli('density', f, '--fit', fitFile, '--json');
  assert.equal(r.code, 0, r.err);
  const row = JSON.parse(r.out).rows[0];
  assert.ok(Math.abs(row.density - 2) < 1e-9);
  assert.ok(row.densityInterval[0] < 2 && row.densityInterval[1] > 2, JSON.stringify(row));
  assert.equal((await cli('density', f)).code, 2); // no reference
  assert.equal((await cli('density', f, '--law', 'kaplan', '--params', 'Nc=1,alphaN=0.07')).code, 2);
  assert.equal((await cli('density', f, ...PARAMS, '--time', 'nope')).code, 2);
});
