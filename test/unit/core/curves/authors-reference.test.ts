// The multi-power-law authors' released curves (thu-yao-01-luo/MultiPowerLaw, loss_curve_repo)
// with their published parameters must reproduce their published test metrics (logs/<size>.log,
// "Evaluating on test set" → "Average ..." lines; README table) to 4 significant figures, and a
// fit from scratch on their three training curves must predict their six test curves about as well.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { multipowerLaw } from '../../../../src/core/curves/curveLaws';
import { fitCurves, predictCurve } from '../../../../src/core/curves/fitCurves';
import { averageMetrics, curveMetrics, type CurveMetrics } from '../../../../src/core/curves/metrics';
import type { CurveData } from '../../../../src/core/curves/curveLaws';
import { missingRefData, refData } from '../../../support/refdata';
import { loadAuthorsCurve, PUBLISHED, TEST_SET, TRAIN_SET } from './helpers';

const KEYS = ['r2', 'mae', 'rmse', 'meanRelErr', 'worstRelErr'] as const;

function sig4(a: number, b: number): boolean {
  return Number(a.toPrecision(4)) === Number(b.toPrecision(4));
}

function evaluate(p: ArrayLike<number>, curves: CurveData[], exact: boolean): CurveMetrics {
  const law = multipowerLaw({ exact });
  return averageMetrics(curves.map((c) => curveMetrics(c.loss, predictCurve(law, p, c.eta, c.steps))));
}

for (const size of ['25', '100', '400']) {
  const rel = `multipower_law/csv_${size}`;
  test(`${size}M: published parameters reproduce the published test metrics to 4 significant figures`, (t) => {
    const dir = refData(rel);
    if (!dir) return t.skip(missingRefData(rel));
    const curves = TEST_SET.map((f) => loadAuthorsCurve(dir, f));
    for (const exact of [true, false]) {
      const m = evaluate(PUBLISHED[size].params, curves, exact);
      for (const k of KEYS) assert.ok(sig4(m[k], PUBLISHED[size].test[k]), `${size}M ${k} (exact=${exact}): ${m[k]} vs published ${PUBLISHED[size].test[k]}`);
      t.diagnostic(`${size}M test (exact=${exact}): ` + KEYS.map((k) => `${k} ${m[k].toPrecision(6)} (published ${PUBLISHED[size].test[k].toPrecision(6)})`).join(', '));
    }
    if (Object.keys(PUBLISHED[size].train).length) {
      const m = evaluate(PUBLISHED[size].params, TRAIN_SET.map((f) => loadAuthorsCurve(dir, f)), true);
      for (const k of KEYS) assert.ok(sig4(m[k], PUBLISHED[size].train[k]), `${size}M train ${k}: ${m[k]} vs ${PUBLISHED[size].train[k]}`);
    }
  });

  test(`${size}M: a fit from scratch on the training curves predicts the test curves about as well as published`, (t) => {
    const dir = refData(rel);
    if (!dir) return t.skip(missingRefData(rel));
    const fit = fitCurves(multipowerLaw(), TRAIN_SET.map((f) => loadAuthorsCurve(dir, f)));
    const m = evaluate(fit.fits[0].vector, TEST_SET.map((f) => loadAuthorsCurve(dir, f)), true);
    const pub = PUBLISHED[size].test;
    t.diagnostic(`${size}M fit in ${fit.seconds.toFixed(1)} s, objective ${fit.fits[0].objective.toExponential(4)}, params ${JSON.stringify(fit.fits[0].params)}`);
    t.diagnostic(`${size}M test from scratch: ` + KEYS.map((k) => `${k} ${m[k].toPrecision(4)} (published ${pub[k].toPrecision(4)})`).join(', '));
    assert.ok(m.r2 > 0.995, `R2 ${m.r2}`);
    assert.ok(m.mae < 1.5 * pub.mae, `MAE ${m.mae} vs published ${pub.mae}`);
    assert.ok(m.rmse < 1.5 * pub.rmse, `RMSE ${m.rmse} vs published ${pub.rmse}`);
    assert.ok(m.meanRelErr < 1.5 * pub.meanRelErr, `mean rel ${m.meanRelErr} vs published ${pub.meanRelErr}`);
    assert.ok(m.worstRelErr < 1.5 * pub.worstRelErr, `worst rel ${m.worstRelErr} vs published ${pub.worstRelErr}`);
  });
}
