// Outliers, influence, with/without and identifiability on Epoch's real Chinchilla points (checked
// against independent full multi-start fits on the same rows) and on synthetic data with a known law.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { robustResiduals } from '../../../../src/core/fit/diagnostics';
import { runFit } from '../../../../src/core/fit/fit';
import { shapeData } from '../../../../src/core/fit/prepareData';
import { DEFAULT_TOLERANCES, type FitProblem } from '../../../../src/core/fit/problem';
import { CHINCHILLA_OBJECTIVE } from '../../../../src/core/optimize/objective';
import { Rng } from '../../../../src/core/optimize/rng';
import { chinchillaLoss, optimalForCompute } from '../../../../src/core/plan/computeOptimal';
import type { FitReport } from '../../../../src/core/report/fitReport';
import type { RunTable } from '../../../../src/core/table/runTable';
import { loadTable } from '../../../../src/node/loadTable';
import { missingRefData, refData } from '../../../support/refdata';

const REL = 'epoch_chinchilla/svg_extracted_data.csv';
const PROV = { tool: 'test', version: '0', mapping: {}, derived: {} };

function problemFor(x: Record<string, Float64Array>, y: Float64Array, extra: Partial<FitProblem> = {}): FitProblem {
  return { lawId: 'chinchilla', lawOptions: {}, x, y, objective: CHINCHILLA_OBJECTIVE, fixed: {}, starts: { kind: 'default' }, seed: 0, tolerances: { ...DEFAULT_TOLERANCES }, ...extra };
}

async function fitRows(table: RunTable, options: Parameters<typeof shapeData>[2], bootstrap = 0, diagnostics = true): Promise<FitReport> {
  const data = shapeData(table, ['N', 'D'], options);
  return runFit(problemFor(data.x, data.y), { bootstrap, rows: data.rows, runs: data.runs, provenance: PROV, ...(diagnostics ? {} : { diagnostics: false }) });
}

test('robust residuals: (e - median) / (1.4826 MAD), centre and scale from the unflagged points', () => {
  const e = Float64Array.of(1, 2, 3, 4, 100);
  const r = robustResiduals(e);
  // median 3, |e - 3| = 2,1,0,1,97 → MAD 1
  assert.ok(Math.abs(r.scale - 1.482602218505602) < 1e-12);
  assert.ok(Math.abs(r.z[4] - 97 / 1.482602218505602) < 1e-9);
  const skip = robustResiduals(e, new Set([4]));
  // without the 100: median 2.5, |e - 2.5| = 1.5, .5, .5, 1.5 → MAD 1
  assert.ok(Math.abs(skip.z[0] - -1.5 / 1.482602218505602) < 1e-9);
});

test('Epoch, no flags: the large models at the 1e19-FLOP budget are flagged (Epoch\'s five among them), with both answers side by side', async (t) => {
  const file = refData(REL);
  if (!file) return t.skip(missingRefData(REL));
  const table = await loadTable(file);
  const all = await fitRows(table, {});
  // The fit the issue measured: B = 12846, beta = 0.453 on all 245 points.
  assert.ok(Math.abs(all.params.B / 12846 - 1) < 1e-3, `B ${all.params.B}`);
  assert.ok(Math.abs(all.params.beta - 0.453) < 1e-3, `beta ${all.params.beta}`);
  const d = all.diagnostics!;
  const outliers = d.flagged.filter((f) => f.kind === 'outlier');
  const rows = outliers.map((f) => f.row!).sort((a, b) => a - b);
  // Epoch's five (rows 1-5: the five highest losses, >= 3.447) plus three more large models at the same
  // budget (rows 6, 11, 12: 3.7-5.6 % above the law once the five no longer pull it up).
  assert.deepEqual(rows, [1, 2, 3, 4, 5, 6, 11, 12]);
  const lossCol = table.columns.find((c) => c.name === 'loss')!.values as Float64Array;
  const flopCol = table.columns.find((c) => c.name === 'Training FLOP')!.values as Float64Array;
  for (const f of outliers) {
    assert.ok(flopCol[f.row! - 1] < 1.1e19, `row ${f.row} is at the smallest budget`);
    assert.ok(f.robustResidual > 6, 'above the law');
    assert.match(f.reason, /above the law .* robust s\.d\..*leaving it out alone moves tokens\/param/);
  }
  // Each of Epoch's five is among the flagged, and nothing at larger budgets is.
  for (const r of [1, 2, 3, 4, 5]) assert.ok(rows.includes(r), `row ${r} (loss ${lossCol[r - 1]}) flagged`);
  // With / without: the answer changes materially and both numbers are shown.
  const ww = d.withWithout!;
  assert.equal(ww.material, true);
  assert.deepEqual(ww.rows, rows);
  assert.ok(Math.abs(ww.with.headline!.tokensPerParam - 11.13) < 0.01, `with ${ww.with.headline!.tokensPerParam}`);
  assert.match(ww.summary, /with \/ without the 8 flagged points: 11\.1 vs 2\d\.\d tokens per parameter/);
  // The "without" answer is the fit an independent full 4500-start run gives on the same rows.
  const excluded = await fitRows(table, { exclude: { rows } }, 0, false);
  assert.ok(Math.abs(ww.without.objective / excluded.objective.value - 1) < 1e-9, `objective ${ww.without.objective} vs ${excluded.objective.value}`);
  for (const name of ['E', 'A', 'B', 'alpha', 'beta']) {
    assert.ok(Math.abs(ww.without.params[name] / excluded.params[name] - 1) < 1e-4, `${name}: ${ww.without.params[name]} vs ${excluded.params[name]}`);
  }
  const C = d.headline!.answer.C;
  assert.ok(Math.abs(C / 1.2956e22 - 1) < 1e-4, 'largest budget in the data');
  assert.ok(Math.abs(ww.without.headline!.tokensPerParam / optimalForCompute(excluded.params as never, C).tokensPerParam - 1) < 1e-3);
  // Leave-one-out (warm start) agrees with independent full refits without that one point.
  for (const row of [1, 13]) {
    const alone = await fitRows(table, { exclude: { rows: [row] } }, 0, false);
    const expected = optimalForCompute(alone.params as never, C).tokensPerParam / d.headline!.answer.tokensPerParam - 1;
    assert.ok(Math.abs(d.influence.relativeHeadlineChange![row - 1] - expected) < 0.005, `row ${row}: ${d.influence.relativeHeadlineChange![row - 1]} vs ${expected}`);
  }
  assert.equal(d.influence.computed, 245);
  assert.ok(d.warnings.some((w) => /8 points are far off the law/.test(w)));
});

test('Epoch: excluding the five highest-loss rows by number gives the same fit as --where "loss < 3.44"; the exclusion is echoed', async (t) => {
  const file = refData(REL);
  if (!file) return t.skip(missingRefData(REL));
  const table = await loadTable(file);
  const byRows = shapeData(table, ['N', 'D'], { exclude: { rows: [1, 2, 3, 4, 5] } });
  const byWhere = shapeData(table, ['N', 'D'], { where: 'loss < 3.44' });
  assert.deepEqual(byRows.y, byWhere.y);
  assert.deepEqual(byRows.x, byWhere.x);
  assert.deepEqual(byRows.rows, byWhere.rows);
  assert.deepEqual(byRows.excluded, { rows: [1, 2, 3, 4, 5] });
  assert.ok(byRows.assumptions!.some((a) => a.key === 'excluded' && /rows 1, 2, 3, 4, 5 \(5 rows\)/.test(a.text)));
  const a = await runFit(problemFor(byRows.x, byRows.y), { bootstrap: 0, diagnostics: false, provenance: PROV });
  const b = await runFit(problemFor(byWhere.x, byWhere.y), { bootstrap: 0, diagnostics: false, provenance: PROV });
  assert.deepEqual(a.params, b.params);
  // Published replication (Besiroglu et al. 2024): E 1.82, A 482, B 2085 (s.e. 1220), alpha 0.348, beta 0.366.
  assert.ok(Math.abs(a.params.E - 1.817) < 0.01 && Math.abs(a.params.alpha - 0.348) < 0.005 && Math.abs(a.params.beta - 0.366) < 0.005, JSON.stringify(a.params));
});

test('Epoch identifiability: on all points B and beta are not pinned down (bootstrap); on the cleaned points they are', async (t) => {
  const file = refData(REL);
  if (!file) return t.skip(missingRefData(REL));
  const table = await loadTable(file);
  const all = await fitRows(table, {}, 100);
  const id = all.diagnostics!.identifiability;
  assert.equal(id.correlation.source, 'bootstrap');
  assert.deepEqual(id.correlation.names, ['E', 'A', 'B', 'alpha', 'beta']);
  assert.ok(id.correlation.matrix[2][4] > 0.99, 'log B and beta move together');
  assert.ok(id.warnings.some((w) => /^B is not pinned down by the data: its 95 % interval \(bootstrap draws\)/.test(w)), id.warnings.join('\n'));
  assert.ok(id.warnings.some((w) => /^B and beta are not identified separately/.test(w) && /decades of D/.test(w)), id.warnings.join('\n'));
  // The Gauss–Newton matrix tells the same story for the pair.
  assert.ok(id.gaussNewton.matrix[2][4] > 0.99);
  assert.ok(Math.abs(id.spans.N - Math.log10(Math.max(...all.data.inputs.N) / Math.min(...all.data.inputs.N))) < 1e-12);
  const clean = await fitRows(table, { exclude: { rows: [1, 2, 3, 4, 5, 6, 11, 12] } }, 100);
  assert.deepEqual(clean.diagnostics!.identifiability.warnings, []);
});

/** Chinchilla-style sweep: 9 budgets x 9 sizes around the optimum, 1 % log-normal noise. */
function synthetic(seed: number, noise = 0.01, budgets = [6e18, 1e19, 3e19, 6e19, 1e20, 3e20, 6e20, 1e21, 3e21]) {
  const truth = { E: 1.8172, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 };
  const rng = new Rng(seed);
  const N: number[] = [], D: number[] = [], y: number[] = [];
  for (const C of budgets) {
    const opt = optimalForCompute(truth, C).N;
    for (let u = -0.8; u <= 0.8001; u += 0.2) {
      const n = opt * 10 ** u, d = C / (6 * n);
      N.push(n); D.push(d); y.push(chinchillaLoss(truth, n, d) * Math.exp(noise * rng.normal()));
    }
  }
  return { truth, x: { N: Float64Array.from(N), D: Float64Array.from(D) }, y: Float64Array.from(y) };
}

test('synthetic: planted outliers are flagged (and only they), the fit without them recovers the true allocation', async () => {
  const s = synthetic(3);
  const planted = [4, 40, 77];
  for (const i of planted) s.y[i] *= 1.3;
  const r = await runFit(problemFor(s.x, s.y), { bootstrap: 0, provenance: PROV });
  const d = r.diagnostics!;
  assert.deepEqual(d.flagged.filter((f) => f.kind === 'outlier').map((f) => f.index).sort((a, b) => a - b), planted);
  assert.ok(Math.abs(d.robustScale / 0.01 - 1) < 0.3, `robust scale ${d.robustScale} estimates the 1 % noise`);
  const C = d.headline!.answer.C;
  const truth = optimalForCompute(s.truth, C);
  assert.ok(Math.abs(d.withWithout!.without.headline!.tokensPerParam / truth.tokensPerParam - 1) < 0.25, `${d.withWithout!.without.headline!.tokensPerParam} vs truth ${truth.tokensPerParam}`);
});

test('synthetic: clean data with Gaussian noise flags no outlier; too few points is an InputError (exit 2)', async () => {
  for (const seed of [1, 2]) {
    const s = synthetic(seed);
    const r = await runFit(problemFor(s.x, s.y), { bootstrap: 0, provenance: PROV });
    assert.deepEqual(r.diagnostics!.flagged.filter((f) => f.kind === 'outlier'), []);
    assert.equal(r.diagnostics!.withWithout, undefined);
  }
  const s = synthetic(1);
  const few = problemFor({ N: s.x.N.slice(0, 5), D: s.x.D.slice(0, 5) }, s.y.slice(0, 5));
  await assert.rejects(runFit(few, { bootstrap: 0, provenance: PROV }), (e: Error & { exitCode?: number }) => e.exitCode === 2 && /5 data points cannot identify law 'chinchilla' with 5 free parameters/.test(e.message));
});

test('synthetic: D tied to N (20-200 tokens per parameter, 4 sizes, 16 points) leaves the terms unidentified, and the warnings say so', async () => {
  // D varies by one decade at each size, and 16 points with 1 % noise cannot separate B from beta.
  const truth = { E: 1.8172, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 };
  const rng = new Rng(9);
  const N: number[] = [], D: number[] = [], y: number[] = [];
  for (const n of [1e8, 3e8, 1e9, 3e9]) for (const m of [20, 40, 80, 200]) { N.push(n); D.push(m * n); y.push(chinchillaLoss(truth, n, m * n) * Math.exp(0.01 * rng.normal())); }
  const r = await runFit(problemFor({ N: Float64Array.from(N), D: Float64Array.from(D) }, Float64Array.from(y)), { bootstrap: 60, provenance: PROV });
  const w = r.diagnostics!.identifiability.warnings;
  assert.ok(w.some((m) => /not pinned down|not identified/.test(m)), w.join('\n'));
});

test('above ~350 points leave-one-out runs on the likeliest points: the largest residuals and the extremes of every input', async () => {
  const parts = [synthetic(11), synthetic(12), synthetic(13), synthetic(14), synthetic(15), synthetic(16), synthetic(17), synthetic(18)];
  const cat = (k: 'N' | 'D') => Float64Array.from(parts.flatMap((p) => Array.from(p.x[k])));
  const x = { N: cat('N'), D: cat('D') }, y = Float64Array.from(parts.flatMap((p) => Array.from(p.y)));
  const n = y.length;
  assert.equal(n, 648);
  const planted = [10, 300, 500];
  for (const i of planted) y[i] *= 1.4;
  const r = await runFit(problemFor(x, y, { starts: { kind: 'random', count: 64 } }), { bootstrap: 0, provenance: PROV });
  const d = r.diagnostics!;
  assert.equal(d.influence.computed, Math.floor(1.2e5 / n));
  assert.equal(d.influence.of, n);
  const done = (i: number) => Number.isFinite(d.influence.relativeHeadlineChange![i]);
  for (const i of planted) assert.ok(done(i), `planted outlier ${i} was left out`);
  // The eight sweeps share their design, so each extreme value occurs eight times: one of them is enough.
  for (const col of [x.N, x.D]) {
    for (const v of [Math.max(...col), Math.min(...col)]) assert.ok([...col.keys()].some((i) => col[i] === v && done(i)), `a point at the extreme ${v} was left out`);
  }
  assert.deepEqual(d.flagged.filter((f) => f.kind === 'outlier').map((f) => f.index).sort((a, b) => a - b), planted);
});
