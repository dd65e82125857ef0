// Data-constrained law (Muennighoff et al. 2023) on the datablations C4 runs re-hosted by IBM/ColPret
// (../shared/reference-data/colpret_hitchhiker/datablations_contour_losses.csv). As the authors
// do, the Chinchilla part is fixed to their C4 fit (a, b, e = 6.255414, 7.3049974, 0.6254804;
// alpha = beta = 0.3526596) and R_D*, R_N* are fitted with Huber(1e-3) on log loss, summed.
// Unique tokens are token_num / epochs: the file's tokens_per_epoch column is a constant 1.5e9.
// Checked against an independent scipy L-BFGS-B fit (bench/peers/transfer_datablations.py) from the
// same starts (the authors': R_D*, R_N* in linspace(0, 20, 4) without 0).
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { runFit } from '../../../../src/core/fit/fit';
import { DEFAULT_TOLERANCES, type FitProblem } from '../../../../src/core/fit/problem';
import { createLaw } from '../../../../src/core/laws/registry';
import { fromReported } from '../../../../src/core/laws/types';
import { CHINCHILLA_OBJECTIVE, makeObjective } from '../../../../src/core/optimize/objective';
import { missingRefData, refData } from '../../../support/refdata';
import { hasScipy, NO_SCIPY, runPythonJson } from '../../../support/scipy';
import { num, readCsv } from './csv';

const FILE = 'colpret_hitchhiker/datablations_contour_losses.csv';
const PEER = resolve(__dirname, '../../../../bench/peers/transfer_datablations.py');
const AUTHORS_FIT = { a: 6.255414, b: 7.3049974, e: 0.6254804, alpha: 0.3526596, beta: 0.3526596 };

test('data-constrained law: R_D*, R_N* on the datablations C4 runs vs scipy', async (t) => {
  const path = refData(FILE);
  if (!path) return t.skip(missingRefData(FILE));
  const rows = readCsv(path);
  const D = Float64Array.from(rows, (r) => num(r.token_num));
  const x = { N: Float64Array.from(rows, (r) => num(r.num_params)), D, U: Float64Array.from(rows, (r, i) => D[i] / num(r.epochs)) };
  const y = Float64Array.from(rows, (r) => num(r.openLM_loss));
  const fixed = { E: Math.exp(AUTHORS_FIT.e), A: Math.exp(AUTHORS_FIT.a), B: Math.exp(AUTHORS_FIT.b), alpha: AUTHORS_FIT.alpha, beta: AUTHORS_FIT.beta };
  const problem: FitProblem = {
    lawId: 'data-constrained', lawOptions: {}, x, y, objective: CHINCHILLA_OBJECTIVE, fixed, starts: { kind: 'default' }, seed: 0, tolerances: { ...DEFAULT_TOLERANCES },
  };
  const rep = await runFit(problem, { bootstrap: 0, provenance: { tool: 't', version: '0', mapping: {}, derived: {} } });
  const law = createLaw('data-constrained');
  const obj = makeObjective(law, { x, y }, CHINCHILLA_OBJECTIVE, new Float64Array(7).fill(NaN));
  const atAuthors = obj.fg(fromReported(law, { ...fixed, RD_star: 15.387756, RN_star: 5.309743 }), new Float64Array(7));
  t.diagnostic(`${y.length} runs: R_D* = ${rep.params.RD_star.toPrecision(5)}, R_N* = ${rep.params.RN_star.toPrecision(5)}, Huber sum ${rep.objective.value.toExponential(5)}; at the authors' R_D* = 15.39, R_N* = 5.31 (fitted on their 182 runs): ${atAuthors.toExponential(5)}`);
  assert.ok(rep.objective.value <= atAuthors, 'the fit is at least as good as the authors\' parameters on this data');
  if (!hasScipy()) return t.skip(NO_SCIPY);
  const peer = runPythonJson<{ RD_star: number; RN_star: number; fun: number; n: number }>(PEER, { path, fixed: AUTHORS_FIT, starts: { RD_star: law.params[5].grid, RN_star: law.params[6].grid } });
  assert.equal(peer.n, y.length);
  t.diagnostic(`scipy: R_D* = ${peer.RD_star.toPrecision(5)}, R_N* = ${peer.RN_star.toPrecision(5)}, Huber sum ${peer.fun.toExponential(5)}`);
  // On these 229 runs R_D* runs off into a flat valley (thousands): both optimizers stop on it, where
  // depends on the stopping rule (R_D* 4978 vs scipy's 9064 here), about 1e-5 apart in objective;
  // what they predict is compared below.
  assert.ok(rep.objective.value <= peer.fun * (1 + 5e-5), `objective ${rep.objective.value} vs scipy ${peer.fun}`);
  // Same predictions (the parameters themselves sit in a flat valley: compare what they predict).
  const ours = new Float64Array(y.length), theirs = new Float64Array(y.length);
  law.predict(fromReported(law, rep.params), x, ours);
  law.predict(fromReported(law, { ...fixed, RD_star: peer.RD_star, RN_star: peer.RN_star }), x, theirs);
  let worst = 0;
  for (let i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(ours[i] / theirs[i] - 1));
  // From the authors' starts the two stop at different R_D* along the valley (thousands; our polish
  // stops at gtol 1e-9, the peer at 1e-10): predictions on the most-repeated runs differ by < 0.5 %.
  assert.ok(worst < 5e-3, `worst relative prediction difference vs scipy ${worst}`);
});
