// Reproduction of Gadre et al. 2024 (mlfoundations/scaling; ../shared/reference-data/
// gadre_overtraining): for each training set, the over-training law fitted on the authors' five
// points (four small models at M = 20, the smallest at M = 320; loss on C4 eval) by least squares
// on raw loss from their 128 starts, then used to predict the 1.4B and 6.9B models; and
// Err(L) = eps - k exp(-gamma L) fitted on those five plus the 1.4B model at M = 20.
// Checked against an independent scipy curve_fit (bench/peers/transfer_gadre.py).
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { runFit } from '../../../../src/core/fit/fit';
import { DEFAULT_TOLERANCES, type FitProblem } from '../../../../src/core/fit/problem';
import { createLaw } from '../../../../src/core/laws/registry';
import { predictOne } from '../../../../src/core/laws/types';
import type { ObjectiveSpec } from '../../../../src/core/optimize/objective';
import { missingRefData, refData } from '../../../support/refdata';
import { hasScipy, NO_SCIPY, runPythonJson } from '../../../support/scipy';
import { num, readCsv } from './csv';

const FILE = 'gadre_overtraining/gadre_models_losses.csv';
const PEER = resolve(__dirname, '../../../../bench/peers/transfer_gadre.py');
const SMALL = ['d=96_l=8_h=4', 'd=512_l=8_h=4', 'd=576_l=24_h=8', 'd=1024_l=24_h=8'];
const L2_LINEAR: ObjectiveSpec = { kind: 'l2', delta: 0, space: 'linear', reduction: 'sum' };

interface Peer {
  sse: number;
  chinchilla: { E: number; A: number; B: number; alpha: number };
  targets: { model: string; M: number; N: number; D: number; loss: number; pred: number }[];
  downstream: { eps: number; k: number; gamma: number; n: number };
}

async function fit(lawId: string, x: Record<string, Float64Array>, y: Float64Array, grid?: string) {
  const problem: FitProblem = {
    lawId, lawOptions: {}, x, y, objective: L2_LINEAR, fixed: {}, starts: grid ? { kind: 'grid', name: grid } : { kind: 'default' },
    seed: 0, tolerances: { ...DEFAULT_TOLERANCES },
  };
  return runFit(problem, { bootstrap: 0, provenance: { tool: 't', version: '0', mapping: {}, derived: {} } });
}

for (const dataset of ['rpj', 'c4_original', 'rw_original']) {
  test(`over-training law on ${dataset} (Gadre et al. five-point fit) vs scipy curve_fit`, async (t) => {
    const path = refData(FILE);
    if (!path) return t.skip(missingRefData(FILE));
    const rows = readCsv(path).filter((r) => r.dataset_name === dataset);
    const pick = rows.filter((r) => SMALL.includes(r.model_name) && num(r.chinchilla_multiplier) === 1)
      .concat(rows.filter((r) => r.model_name === SMALL[0] && num(r.chinchilla_multiplier) === 16));
    assert.equal(pick.length, 5);
    const x = { N: Float64Array.from(pick, (r) => num(r.N_params)), D: Float64Array.from(pick, (r) => num(r.D_tokens)) };
    const y = Float64Array.from(pick, (r) => num(r.loss_c4_val));
    const rep = await fit('overtraining', x, y, 'gadre');
    assert.equal(rep.starts.total, 128);
    const law = createLaw('overtraining');
    const targets = rows.filter((r) => r.model_name === 'open_lm_1b' || r.model_name === 'open_lm_7b');
    const lines: string[] = [];
    for (const r of targets) {
      const pred = predictOne(law, rep.params, { N: num(r.N_params), D: num(r.D_tokens) });
      lines.push(`${r.model_name} M=${num(r.tok_mult_M)}: predicted ${pred.toFixed(4)}, actual ${num(r.loss_c4_val).toFixed(4)} (${((100 * (pred - num(r.loss_c4_val))) / num(r.loss_c4_val)).toFixed(2)} %)`);
      assert.ok(Math.abs(pred / num(r.loss_c4_val) - 1) < 0.05, lines[lines.length - 1]);
    }
    // Downstream: Err(L) on the five points plus the 1.4B model at M = 20 (17-task subset).
    const ds = pick.concat(rows.filter((r) => r.model_name === 'open_lm_1b' && num(r.chinchilla_multiplier) === 1));
    const drep = await fit('downstream', { x: Float64Array.from(ds, (r) => num(r.loss_c4_val)) }, Float64Array.from(ds, (r) => num(r.err_avg_subset_17)));
    t.diagnostic(`${dataset}: E=${rep.params.E.toFixed(4)} A=${rep.params.A.toFixed(2)} B=${rep.params.B.toFixed(2)} alpha=${rep.params.alpha.toFixed(4)} sse=${rep.objective.value.toExponential(4)}; ${lines.join('; ')}; Err: eps=${drep.params.eps.toFixed(4)} k=${drep.params.k.toFixed(4)} gamma=${drep.params.gamma.toFixed(4)}`);
    if (!hasScipy()) return t.skip(NO_SCIPY);
    const peer = runPythonJson<Peer>(PEER, { path, dataset, loss: 'loss_c4_val', err: 'err_avg_subset_17' });
    // Same least-squares problem: our optimum is at least as good, and the same point.
    assert.ok(rep.objective.value <= peer.sse * (1 + 1e-6), `sse ${rep.objective.value} vs scipy ${peer.sse}`);
    for (const k of ['E', 'A', 'B', 'alpha'] as const) {
      assert.ok(Math.abs(rep.params[k] / peer.chinchilla[k] - 1) < 2e-3, `${k}: ${rep.params[k]} vs scipy ${peer.chinchilla[k]}`);
    }
    for (const tg of peer.targets) {
      const pred = predictOne(law, rep.params, { N: tg.N, D: tg.D });
      assert.ok(Math.abs(pred / tg.pred - 1) < 1e-4, `${tg.model} M=${tg.M}: ${pred} vs scipy ${tg.pred}`);
    }
    for (const k of ['eps', 'k', 'gamma'] as const) {
      assert.ok(Math.abs(drep.params[k] / peer.downstream[k] - 1) < 2e-3, `downstream ${k}: ${drep.params[k]} vs scipy ${peer.downstream[k]}`);
    }
    t.diagnostic(`scipy: E=${peer.chinchilla.E.toFixed(4)} A=${peer.chinchilla.A.toFixed(2)} B=${peer.chinchilla.B.toFixed(2)} alpha=${peer.chinchilla.alpha.toFixed(4)} sse=${peer.sse.toExponential(4)}; Err eps=${peer.downstream.eps.toFixed(4)} k=${peer.downstream.k.toFixed(4)} gamma=${peer.downstream.gamma.toFixed(4)}`);
  });
}
