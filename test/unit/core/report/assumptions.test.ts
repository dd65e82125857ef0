// "Say what was assumed": keyed facts, one statement each, from data shaping, the fit and predictions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assembleAssumptions, assumption, extrapolationAssumptions, fitAssumptions } from '../../../../src/core/report/assumptions';
import type { FitReport } from '../../../../src/core/report/fitReport';
import { extrapolationWarnings } from '../../../../src/core/report/intervals';

const report = {
  n: 240,
  data: { inputs: { N: [1e8, 1e9, 1.6e10], D: [1e9, 1e10, 3e11] }, loss: [3, 2.5, 2.1], predicted: [3, 2.5, 2.1] },
  provenance: { derived: { D: 'C / (6 * N)' }, filter: 'loss < 3.44', input: { file: 'x.csv', sha256: '', format: 'csv', rows: 245 }, excluded: { rows: [7], runs: ['r9'] }, fixed: {} },
  diagnostics: { headline: { flopsPerParamToken: 6 } },
} as unknown as FitReport;

test('fitAssumptions reads derived columns, the FLOP convention, the filter and exclusions from a report', () => {
  assert.deepEqual(fitAssumptions(report).map((a) => [a.key, a.text]), [
    ['derived:D', 'no token column: D derived as C / (6 N) (C = 6ND convention)'],
    ['flops', 'compute counted as C = 6·N·D (the compute-optimal allocation uses this convention)'],
    ['filter', 'rows kept where loss < 3.44 (240 of 245 rows fitted)'],
    ['excluded', 'left out on request before the fit: rows 7; runs r9'],
  ]);
});

test('extrapolation beyond the data is always said; far extrapolation is a warning (same text as before)', () => {
  const near = extrapolationAssumptions(report, { N: 6.4e10, D: 1e10 });
  assert.deepEqual(near.map((a) => a.key), ['extrapolation:N']);
  assert.match(near[0].text, /beyond the largest fitted N \(1\.600e\+10, ×4\.0\): extrapolation/);
  assert.equal(near[0].level, undefined);
  const far = extrapolationAssumptions(report, { N: 7e11, D: 1e7 });
  assert.deepEqual(far.map((a) => a.level), ['warning', 'warning']);
  assert.deepEqual(extrapolationWarnings(report, { N: 7e11, D: 1e7 }), ['N = 7.000e+11 is 44× the largest fitted N (1.600e+10): far extrapolation', 'D = 1.000e+7 is below the smallest fitted D / 10']);
});

test('assembleAssumptions: first statement of each key wins, plain strings dedupe by text, order is kept', () => {
  const merged = assembleAssumptions(
    ['ingest: dropped column x', 'no token column: D derived as C / (6 N) (C = 6ND convention)'],
    fitAssumptions(report),
    [assumption('extrapolation:N', 'first'), assumption('extrapolation:N', 'second')],
    ['ingest: dropped column x'],
  );
  assert.deepEqual(merged, [
    'ingest: dropped column x',
    'no token column: D derived as C / (6 N) (C = 6ND convention)',
    'compute counted as C = 6·N·D (the compute-optimal allocation uses this convention)',
    'rows kept where loss < 3.44 (240 of 245 rows fitted)',
    'left out on request before the fit: rows 7; runs r9',
    'first',
  ]);
});
