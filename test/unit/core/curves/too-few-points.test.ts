// A curve fit with fewer points than free parameters + 1 is refused with a message (InputError, exit 2).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCurveLaw } from '../../../../src/core/curves/curveLaws';
import { fitCurves } from '../../../../src/core/curves/fitCurves';
import { missingRefData, refData } from '../../../support/refdata';
import { loadAuthorsCurve } from './helpers';

const REL = 'multipower_law/csv_25';

function firstPoints<T extends { steps: Float64Array; loss: Float64Array }>(c: T, k: number): T {
  return { ...c, steps: c.steps.slice(0, k), loss: c.loss.slice(0, k) };
}

test('curve fit on 7 points of a real curve with the 7-parameter multi-power law is refused; with two parameters fixed it fits', (t) => {
  const dir = refData(REL);
  if (!dir) return t.skip(missingRefData(REL));
  const law = createCurveLaw('multipower');
  const curve = loadAuthorsCurve(dir, 'cosine_24000.csv');
  assert.throws(() => fitCurves(law, [firstPoints(curve, 7)]), (e: Error & { exitCode?: number }) =>
    e.exitCode === 2 && /curve fit \(multipower\): 1 curve, 7 points in all, for 7 free parameters \(need at least 8 points\); add points or fix parameters with --fix/.test(e.message));
  // fixing two parameters lowers the need to 6 points
  const fixed = { [law.paramNames[0]]: 2.37, [law.paramNames[1]]: 0.65 };
  assert.doesNotThrow(() => fitCurves(law, [firstPoints(curve, 7)], { fixed }));
});

test('per-curve laws need enough points in every curve', (t) => {
  const dir = refData(REL);
  if (!dir) return t.skip(missingRefData(REL));
  const law = createCurveLaw('power');
  const ok = loadAuthorsCurve(dir, 'cosine_24000.csv');
  const short = firstPoints(loadAuthorsCurve(dir, 'constant_24000.csv'), law.paramNames.length);
  assert.throws(() => fitCurves(law, [ok, short]), /curve 'constant_24000\.csv', \d+ points in all, for \d+ free parameters/);
});
