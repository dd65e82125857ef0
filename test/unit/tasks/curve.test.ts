// The curve tasks on data with known answers: the Curve Panel's exploration of a synthetic
// multi-power-law log recovers the true final loss; a prediction without draws has no spread;
// the transfer stage curve equals the law by hand; chain order.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createCurveLaw } from '../../../src/core/curves/curveLaws';
import { predictCurve } from '../../../src/core/curves/fitCurves';
import { parseScheduleSpec, scheduleLRs } from '../../../src/core/schedule/schedule';
import { defaultBudget, orderChain } from '../../../src/extension/transfer/chainOrder';
import { nodeTaskContext } from '../../../src/node/taskContext';
import { curveExploreTask, curvePredictTask } from '../../../src/tasks/curve';
import { sourceCurve } from '../../../src/tasks/transfer';

const TRUE = { L0: 2.9, A: 0.45, alpha: 0.5, B: 400, C: 2.07, beta: 0.59, gamma: 0.64 };
const SPEC = 'cosine:warmup=200,total=6000,peak=0.0006,end=0.00006';

test('curveFit on a synthetic log cut at 60 %: the extrapolated final loss covers the truth, bands contain the estimate', async () => {
  const law = createCurveLaw('multipower');
  const eta = scheduleLRs(parseScheduleSpec(SPEC));
  const vec = Float64Array.from(law.paramNames, (n) => TRUE[n as keyof typeof TRUE]);
  const steps = Array.from({ length: 72 }, (_, i) => 50 * (i + 1)); // up to step 3600 of 6000
  const loss = predictCurve(law, vec, eta, steps);
  let seed = 11;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.004;
  const dir = mkdtempSync(join(tmpdir(), 'sl-curve-'));
  const file = join(dir, 'run.csv');
  writeFileSync(file, 'step,loss\n' + steps.map((s, i) => `${s},${(loss[i] * (1 + noise())).toFixed(6)}`).join('\n') + '\n');
  const truth = predictCurve(law, vec, eta, [5999])[0];
  const ctx = nodeTaskContext();
  const r = await curveExploreTask({ file, schedule: SPEC, draws: 6, bootstrap: 12 }, ctx);
  assert.equal(r.extrapolation.step, 5999);
  assert.ok(Math.abs(r.extrapolation.estimate - truth) / truth < 0.01, `estimate ${r.extrapolation.estimate} vs truth ${truth}`);
  assert.equal(r.spec, 'cosine:warmup=200,total=6000,peak=0.0006,end=0.00006');
  const f = r.prediction.final;
  assert.equal(f.step, 5999);
  assert.ok(f.lo! <= f.loss && f.loss <= f.hi!);
  assert.ok(Math.abs(f.loss - r.extrapolation.estimate) < 1e-9, 'same parameters, same schedule, same number');
  // an edited schedule: a constant LR ends higher than the cosine (no annealing bonus)
  const constant = await curvePredictTask({ law: r.law, params: r.params, draws: r.draws, residualSd: r.residualSd, schedule: 'constant:warmup=200,total=6000,peak=0.0006' }, ctx);
  assert.ok(constant.final.loss > f.loss + 0.01, `constant ${constant.final.loss} vs cosine ${f.loss}`);
});

test('curvePredict without draws or noise has a zero-width band at the point prediction', async () => {
  const p = await curvePredictTask({ law: 'multipower', params: Object.values(TRUE), draws: [], residualSd: 0, schedule: SPEC, points: 50 }, nodeTaskContext());
  for (let i = 0; i < p.step.length; i++) {
    assert.ok(Math.abs(p.lo![i] - p.loss[i]) < 1e-12 && Math.abs(p.hi![i] - p.loss[i]) < 1e-12);
  }
  const eta = scheduleLRs(parseScheduleSpec(SPEC));
  assert.deepEqual(p.lr, p.step.map((s) => eta[s]));
});

test('sourceCurve of a loss-to-loss report is K (x − E_x)^kappa + E_y, with a band from its draws', () => {
  const params = { K: 1.3, kappa: 0.8, E_x: 1.5, E_y: 1.2 };
  const samples = [[1.2, 0.8, 1.5, 1.2], [1.4, 0.8, 1.5, 1.2], [1.3, 0.7, 1.5, 1.2], [1.3, 0.9, 1.5, 1.2]];
  const report = { law: 'loss-to-loss', params, inputs: ['x'], bootstrap: { samples }, data: { inputs: { x: [2, 2.5, 3, 3.5] }, loss: [2.3, 2.6, 2.9, 3.2], predicted: [] } };
  const s = sourceCurve(report as never, 1, 20)!;
  assert.equal(s.input, 'x');
  for (let i = 0; i < s.curve.x.length; i++) {
    const x = s.curve.x[i];
    assert.ok(Math.abs(s.curve.y[i] - (1.3 * (x - 1.5) ** 0.8 + 1.2)) < 1e-9);
    assert.ok(s.curve.lo[i] <= s.curve.hi[i]);
  }
  assert.ok(s.curve.x[0] > 1.5, 'the curve starts above E_x');
});

test('chain order: compute stage first, then loss-to-loss, then downstream; a chain needs a compute stage', () => {
  const r = (law: string, inputs: string[]) => ({ law, inputs });
  const out = orderChain([r('downstream', ['x']), r('loss-to-loss', ['x']), r('chinchilla', ['N', 'D'])]);
  assert.deepEqual(out.map((x) => x.law), ['chinchilla', 'loss-to-loss', 'downstream']);
  assert.throws(() => orderChain([r('loss-to-loss', ['x'])]), /starts from a law over compute/);
  assert.equal(defaultBudget({ data: { inputs: { N: [1e8, 1e9], D: [1e10, 2e10] }, loss: [], predicted: [] } }), 10 * 6 * 1e9 * 2e10);
  assert.equal(defaultBudget({ data: { inputs: {}, loss: [], predicted: [] } }), 1e21);
});
