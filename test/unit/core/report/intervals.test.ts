// Confidence vs prediction intervals: labelled, nested, and useful on held-out real data; coverage by
// a reduced simulation (the full 200-set table is in docs/TRUST.md, scripts/coverage-simulation.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runFit } from '../../../../src/core/fit/fit';
import { shapeData } from '../../../../src/core/fit/prepareData';
import { DEFAULT_TOLERANCES } from '../../../../src/core/fit/problem';
import { CHINCHILLA_OBJECTIVE } from '../../../../src/core/optimize/objective';
import { CONFIDENCE_LABEL, PREDICTION_LABEL, predictWithIntervals, residualPool } from '../../../../src/core/report/intervals';
import { loadTable } from '../../../../src/node/loadTable';
import { coverage } from '../../../support/coverage';
import { missingRefData, refData } from '../../../support/refdata';

const REL = 'epoch_chinchilla/svg_extracted_data.csv';
const PROV = { tool: 'test', version: '0', mapping: {}, derived: {} };

async function epochFit(where: string, bootstrap: number) {
  const table = await loadTable(refData(REL)!);
  const data = shapeData(table, ['N', 'D'], { where });
  const report = await runFit({ lawId: 'chinchilla', lawOptions: {}, x: data.x, y: data.y, objective: CHINCHILLA_OBJECTIVE, fixed: {}, starts: { kind: 'default' }, seed: 0, tolerances: { ...DEFAULT_TOLERANCES } }, { bootstrap, diagnostics: false, provenance: PROV });
  return { table, report };
}

test('Epoch: held-out large budgets fall inside the prediction interval far more often than inside the confidence interval', async (t) => {
  if (!refData(REL)) return t.skip(missingRefData(REL));
  const { table, report } = await epochFit('loss < 3.44 and Training_FLOP < 5e20', 200);
  const held = shapeData(table, ['N', 'D'], { where: 'loss < 3.44 and Training_FLOP >= 5e20' });
  assert.equal(held.y.length, 53);
  let ci = 0, pi = 0;
  for (let i = 0; i < held.y.length; i++) {
    const p = predictWithIntervals(report, { N: held.x.N[i], D: held.x.D[i] });
    assert.ok(p.prediction![0] <= p.confidence![0] && p.confidence![1] <= p.prediction![1], 'the prediction interval contains the confidence interval');
    assert.ok(p.confidence![0] <= p.value && p.value <= p.confidence![1]);
    if (p.confidence![0] <= held.y[i] && held.y[i] <= p.confidence![1]) ci++;
    if (p.prediction![0] <= held.y[i] && held.y[i] <= p.prediction![1]) pi++;
  }
  // Measured: CI 9/53, PI 34/53 (the law's own extrapolation error is not in the fitted residuals).
  assert.ok(pi >= 0.55 * held.y.length, `PI covers ${pi}/${held.y.length}`);
  assert.ok(ci <= 0.3 * held.y.length, `CI covers ${ci}/${held.y.length}`);
});

test('labels, level, and the no-bootstrap case say what each interval is', async (t) => {
  if (!refData(REL)) return t.skip(missingRefData(REL));
  const { report } = await epochFit('loss < 3.44', 0);
  const p = predictWithIntervals(report, { N: 7e10, D: 1.4e12 }, 0.9);
  assert.equal(p.level, 0.9);
  assert.equal(p.confidence, undefined);
  assert.deepEqual(p.kinds, { confidence: CONFIDENCE_LABEL, prediction: PREDICTION_LABEL });
  assert.match(p.notes[0], /no bootstrap: no confidence interval/);
  // Without draws the prediction interval is the point prediction times the residual quantiles.
  // Order statistics at plotting positions i / (n + 1): the 5 % tail of 240 residuals sits at 0-based position 0.05 * 241 - 1 = 11.05.
  const pool = Array.from(residualPool(report), (r) => p.value * Math.exp(r)).sort((a, b) => a - b);
  assert.equal(pool.length, 240);
  const at = (pos: number) => pool[Math.floor(pos)] + (pool[Math.floor(pos) + 1] - pool[Math.floor(pos)]) * (pos - Math.floor(pos));
  assert.ok(Math.abs(p.prediction![0] / at(11.05) - 1) < 1e-12, `${p.prediction![0]} vs ${at(11.05)}`);
  assert.ok(Math.abs(p.prediction![1] / at(239 - 11.05) - 1) < 1e-12, `${p.prediction![1]} vs ${at(239 - 11.05)}`);
  // Residuals are inflated by sqrt(n / (n - p)) for the 5 fitted parameters.
  const raw = report.data.loss.map((y, i) => Math.log(y) - Math.log(report.data.predicted[i]));
  assert.ok(Math.abs(residualPool(report)[7] / raw[7] - Math.sqrt(240 / 235)) < 1e-12);
});

test('coverage by simulation (reduced): 20 synthetic sweeps, 1 % noise, 95 % intervals', async () => {
  const rows = await coverage({ sets: 20, bootstrap: 60, noise: 'gaussian', sigma: 0.01, seed: 1 });
  const inside = rows[0];
  // A correct interval covers ~95 %; with 20 sets a 95 % interval covers >= 15 with probability ~0.997.
  assert.ok(inside.confidence >= 0.75, `CI covers the true law in ${inside.confidence}`);
  for (const r of rows) assert.ok(r.prediction >= 0.75, `${r.point}: PI covers a new run in ${r.prediction}`);
  // The confidence interval is not a prediction interval: it misses most new runs inside the data.
  assert.ok(inside.confidenceForNewRun <= 0.6, `CI covers a new run in ${inside.confidenceForNewRun}`);
  for (const r of rows) assert.ok(r.predictionWidth > r.confidenceWidth);
});
