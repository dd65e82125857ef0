// Reproduction on the authors' released sweep (KempnerInstitute/loss-to-loss-notebooks, in
// ../shared/reference-data/loss_to_loss): train-to-train pairs matched on tokens, E from the
// kaplan==True L(N, D) fits, kappa and K by the log-space OLS. Checked against an independent
// scipy computation (bench/peers/transfer_loss_to_loss.py) and against the values printed by the
// authors' notebook (loss_relationships.ipynb, cell 12 output).
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { missingRefData, refData } from '../../../support/refdata';
import { hasScipy, NO_SCIPY, runPythonJson } from '../../../support/scipy';
import { fitLossToLossLogOls, logOls } from '../../../../src/core/transfer/logOls';
import { evaluateChain } from '../../../../src/core/transfer/chain';
import { pairByKey } from '../../../../src/core/transfer/pairing';
import { num, readCsv } from './csv';

const SWEEP = 'loss_to_loss/sweep.csv', OPT = 'loss_to_loss/opt_params_data.csv';
const PEER = resolve(__dirname, '../../../../bench/peers/transfer_loss_to_loss.py');

// (data 0, data 1, kappa, K) as printed by the authors' notebook.
const AUTHORS: [string, string, number, number][] = [
  ['fineweb-100b', 'fineweb-edu-100b', 0.9993672129008692, 0.985766439160985],
  ['fineweb-100b', 'starcoder', 1.0904140724708045, 0.6230307900469053],
  ['proof-pile-2', 'smollm-corpus', 0.9442389200815708, 1.7193826535335652],
  ['slimpajama-chunk1', 'proof-pile-2', 1.1016892750287006, 0.5709548243305865],
  ['starcoder', 'slimpajama-chunk1', 0.8807488125049583, 1.575744161891306],
];

interface Pair { x: string; y: string; n: number; kappa: number; K: number; E_x: number; E_y: number }

function ours(sweepPath: string, optPath: string): Pair[] {
  const rows = readCsv(sweepPath);
  const E: Record<string, number> = {};
  for (const r of readCsv(optPath)) if (r.kaplan === 'True' && r.loss_name === 'val_loss') E[r.data] = num(r.E);
  const datasets = [...new Set(rows.map((r) => r.data))].sort();
  const side = (d: string) => rows.filter((r) => r.data === d && Number.isFinite(num(r.val_loss)) && Number.isFinite(num(r.tokens)));
  const out: Pair[] = [];
  for (const d1 of datasets) for (const d2 of datasets) {
    const a = side(d1), b = side(d2);
    const p = pairByKey(a.map((r) => num(r.tokens)), b.map((r) => num(r.tokens)));
    const x = Float64Array.from(p.left, (i) => num(a[i].val_loss));
    const y = Float64Array.from(p.right, (j) => num(b[j].val_loss));
    const f = logOls(x, y, E[d1], E[d2]);
    out.push({ x: d1, y: d2, n: x.length, kappa: f.kappa, K: f.K, E_x: E[d1], E_y: E[d2] });
  }
  return out;
}

test('loss-to-loss train-to-train on the authors\' sweep: log-OLS kappa, K vs scipy and vs the authors\' notebook', (t) => {
  const sweep = refData(SWEEP), opt = refData(OPT);
  if (!sweep || !opt) return t.skip(missingRefData(!sweep ? SWEEP : OPT));
  const mine = ours(sweep, opt);
  assert.equal(mine.length, 36);
  for (const [d0, d1, kappa, K] of AUTHORS) {
    const m = mine.find((p) => p.x === d0 && p.y === d1)!;
    assert.ok(Math.abs(m.kappa / kappa - 1) < 1e-9, `${d0}→${d1} kappa ${m.kappa} vs authors ${kappa}`);
    assert.ok(Math.abs(m.K / K - 1) < 1e-9, `${d0}→${d1} K ${m.K} vs authors ${K}`);
  }
  const self = mine.find((p) => p.x === 'starcoder' && p.y === 'starcoder')!;
  assert.ok(Math.abs(self.kappa - 1) < 1e-12 && Math.abs(self.K - 1) < 1e-12, 'a data set against itself is the identity');
  if (!hasScipy()) return t.skip(NO_SCIPY);
  const peer = runPythonJson<Pair[]>(PEER, { sweep, opt });
  assert.equal(peer.length, mine.length);
  let worst = 0;
  for (const q of peer) {
    const m = mine.find((p) => p.x === q.x && p.y === q.y)!;
    assert.equal(m.n, q.n, `${q.x}→${q.y}: pairs`);
    worst = Math.max(worst, Math.abs(m.kappa / q.kappa - 1), Math.abs(m.K / q.K - 1));
  }
  assert.ok(worst < 1e-9, `worst relative difference vs scipy ${worst}`);
  t.diagnostic(`36 pairs; worst relative difference vs scipy.stats.linregress ${worst.toExponential(2)}; fineweb→starcoder kappa ${mine.find((p) => p.x === 'fineweb-100b' && p.y === 'starcoder')!.kappa.toFixed(6)}`);
});

test('loss-to-loss chain on the authors\' data: predicted 3.3B loss on another data set, interval covers the held-out model', (t) => {
  const sweep = refData(SWEEP), opt = refData(OPT), big = refData('loss_to_loss/extrapolation.csv');
  if (!sweep || !opt || !big) return t.skip(missingRefData(!sweep ? SWEEP : !opt ? OPT : 'loss_to_loss/extrapolation.csv'));
  const rows = readCsv(sweep);
  const E: Record<string, number> = {};
  for (const r of readCsv(opt)) if (r.kaplan === 'True' && r.loss_name === 'val_loss') E[r.data] = num(r.E);
  const d0 = 'fineweb-edu-100b', d1 = 'smollm-corpus';
  const a = rows.filter((r) => r.data === d0), b = rows.filter((r) => r.data === d1);
  const p = pairByKey(a.map((r) => num(r.tokens)), b.map((r) => num(r.tokens)));
  const x = Float64Array.from(p.left, (i) => num(a[i].val_loss)), y = Float64Array.from(p.right, (j) => num(b[j].val_loss));
  const report = fitLossToLossLogOls(x, y, { E_x: E[d0], E_y: E[d1], bootstrap: 400, seed: 3 });
  const extrap = readCsv(big);
  const src = num(extrap.find((r) => r.data === d0)!.val_loss), tgt = num(extrap.find((r) => r.data === d1)!.val_loss);
  const r = evaluateChain([report], { x: src });
  const err = Math.abs(r.prediction - tgt) / tgt;
  t.diagnostic(`${d0} → ${d1} at 1e21 FLOPs: predicted ${r.prediction.toFixed(4)} (95 % ${r.interval![0].toFixed(4)}–${r.interval![1].toFixed(4)}), actual ${tgt.toFixed(4)}, error ${(100 * err).toFixed(2)} %`);
  assert.ok(err < 0.02, `20x extrapolation error ${err}`);
  assert.ok(r.interval![0] < r.prediction && r.prediction < r.interval![1]);
});

test('loss-to-loss through the CLI on the authors\' sweep: same pairs as their join; direct fit near their log-OLS', async (t) => {
  const sweep = refData(SWEEP), opt = refData(OPT);
  if (!sweep || !opt) return t.skip(missingRefData(!sweep ? SWEEP : OPT));
  const { main } = await import('../../../../src/cli/main');
  const mine = ours(sweep, opt).find((p) => p.x === 'fineweb-edu-100b' && p.y === 'smollm-corpus')!;
  let out = '', err = '';
  const code = await main(['fit', sweep, '--law', 'loss-to-loss', '--map', 'x=val_loss[data=fineweb-edu-100b]', '--map', 'y=val_loss[data=smollm-corpus]',
    '--pair-by', 'tokens', '--fix', `E_x=${mine.E_x},E_y=${mine.E_y}`, '--json', '--threads', '1'], { out: (s) => (out += s), err: (s) => (err += s) });
  assert.equal(code, 0, err);
  const j = JSON.parse(out);
  assert.equal(j.n, mine.n, 'pairs');
  // Huber on log L_y (the default objective) vs OLS on log(L_y - E_y): close, not identical.
  assert.ok(Math.abs(j.params.kappa / mine.kappa - 1) < 0.01 && Math.abs(j.params.K / mine.K - 1) < 0.01, `${JSON.stringify(j.params)} vs log-OLS ${mine.kappa}, ${mine.K}`);
  t.diagnostic(`CLI (Huber, log L_y): kappa ${j.params.kappa.toFixed(5)}, K ${j.params.K.toFixed(5)}; authors' log-OLS: kappa ${mine.kappa.toFixed(5)}, K ${mine.K.toFixed(5)}; ${j.n} pairs`);
});
