// scaling-laws optimal: the Chinchilla allocation (contract keys), Sardana et al.'s inference-aware
// allocation for a target loss, and Muennighoff et al.'s data-constrained allocation (their README
// example: 1e22 FLOPs, 25B unique tokens → 7.02e9 parameters, 237e9 tokens, 9.49 epochs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from '../../../../src/cli/main';
import { computeForTargetLoss } from '../../../../src/core/plan/computeOptimal';
import { inferenceAwareForLoss } from '../../../../src/core/plan/inference';

async function cli(...argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const CH = { E: 1.82, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 };
const LAW = ['--law', 'chinchilla', '--params', Object.entries(CH).map(([k, v]) => `${k}=${v}`).join(',')];
const C4 = { E: Math.exp(0.6254804), A: Math.exp(6.255414), B: Math.exp(7.3049974), alpha: 0.3526596, beta: 0.3526596, RD_star: 15.387756, RN_star: 5.309743 };
const DC = ['--law', 'data-constrained', '--params', Object.entries(C4).map(([k, v]) => `${k}=${v}`).join(',')];

test('optimal --target-loss --inference-tokens: Sardana et al.\'s allocation, with the Chinchilla one for comparison', async () => {
  const r = await cli('optimal', ...LAW, '--target-loss', '2.2', '--inference-tokens', '5T', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  const want = inferenceAwareForLoss(CH, 2.2, 5e12);
  assert.ok(Math.abs(j.N / want.N - 1) < 1e-12 && Math.abs(j.D / want.D - 1) < 1e-12);
  assert.equal(j.C, want.trainFlops);
  assert.ok(Math.abs(j.inference.chinchilla.N / computeForTargetLoss(CH, 2.2).N - 1) < 1e-9);
  for (const k of ['C', 'N', 'D', 'loss', 'tokensPerParam']) assert.ok(k in j, k);
  const text = await cli('optimal', ...LAW, '--target-loss', '2.2', '--inference-tokens', '5T');
  assert.match(text.out, /inference-aware, Sardana et al\./);
  assert.match(text.out, /% less\)/);
  // Without inference tokens: the plain least-compute allocation, as before.
  const plain = JSON.parse((await cli('optimal', ...LAW, '--target-loss', '2.2', '--json')).out);
  assert.ok(Math.abs(plain.N / computeForTargetLoss(CH, 2.2).N - 1) < 1e-12);
  assert.equal(plain.inference, undefined);
});

test('optimal --law data-constrained: Muennighoff et al.\'s worked example', async () => {
  const r = await cli('optimal', ...DC, '--compute', '1e22', '--unique-tokens', '25e9', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  // README (huggingface/datablations): 7022364735.88 parameters, 237336955477.55 tokens (grid search, step ≈ 0.4 %).
  assert.ok(Math.abs(Math.log(j.N / 7.022364735879969e9)) < Math.log(1.004), `N ${j.N}`);
  assert.ok(Math.abs(Math.log(j.D / 2.3733695547755075e11)) < Math.log(1.004), `D ${j.D}`);
  assert.ok(Math.abs(j.epochs - 9.49) < 0.01);
  assert.equal(j.uniqueTokens, 25e9);
  const text = await cli('optimal', ...DC, '--compute', '1e22', '--unique-tokens', '25e9');
  assert.match(text.out, /N = 7\.026e\+9 parameters, D = 2\.372e\+11 tokens \(9\.488 epochs\)/);
  const noU = await cli('optimal', ...DC, '--compute', '1e22');
  assert.equal(noU.code, 2);
  assert.match(noU.err, /--unique-tokens/);
  assert.equal((await cli('optimal', ...DC, '--target-loss', '2.3', '--unique-tokens', '25e9')).code, 2);
  assert.equal((await cli('optimal', ...LAW, '--compute', '1e22', '--unique-tokens', '25e9')).code, 2);
  assert.equal((await cli('optimal', '--law', 'kaplan', '--params', 'Nc=1,Dc=1,aN=0.1,aD=0.1', '--compute', '1e22')).code, 2);
});
