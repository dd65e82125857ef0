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
import { nodeTaskContext } from '../../../src/tasks/nodeContext';
import { curveExploreTask, curveExtrapolateTask, curveFitTask, curvePredictTask, loadCurve } from '../../../src/tasks/curve';
import { extrapolateRun, PREVIEW_ABOVE } from '../../../src/core/curves/extrapolate';
import { InputError, RunError } from '../../../src/core/errors';
import { sourceCurve } from '../../../src/tasks/transfer';

const TRUE = { L0: 2.9, A: 0.45, alpha: 0.5, B: 400, C: 2.07, beta: 0.59, gamma: 0.64 };
const SPEC = 'cosine:warmup=200,total=6000,peak=0.0006,end=0.00006';

/** A multi-power-law log under SPEC at these steps with ±0.2 % deterministic noise; its path and the true final loss. */
function syntheticLog(steps: number[], seed: number, name: string): { file: string; truth: number } {
  const law = createCurveLaw('multipower');
  const eta = scheduleLRs(parseScheduleSpec(SPEC));
  const vec = Float64Array.from(law.paramNames, (n) => TRUE[n as keyof typeof TRUE]);
  const loss = predictCurve(law, vec, eta, steps);
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.004;
  const file = join(mkdtempSync(join(tmpdir(), 'sl-curve-')), name);
  writeFileSync(file, 'step,loss\n' + steps.map((s, i) => `${s},${(loss[i] * (1 + noise())).toFixed(6)}`).join('\n') + '\n');
  return { file, truth: predictCurve(law, vec, eta, [5999])[0] };
}

test('curveFit on a synthetic log cut at 60 %: the extrapolated final loss covers the truth, bands contain the estimate', async () => {
  const { file, truth } = syntheticLog(Array.from({ length: 72 }, (_, i) => 50 * (i + 1)), 11, 'run.csv'); // up to step 3600 of 6000
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

// Several runs in one file never pool: `curve fit` fits each run (recovering each run's own law),
// one-curve commands refuse the file with exit 2, and a fit worse than a constant is a failure.
function twoRunsFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sl-runs-'));
  const rows = ['run,step,lr,loss'];
  for (const [run, E, A] of [['small', 3.2, 2.0], ['big', 2.6, 1.6]] as const) for (let s = 50; s <= 3000; s += 50) rows.push(`${run},${s},3e-4,${(E + A * (s / 50) ** -0.4).toFixed(6)}`);
  const file = join(dir, 'two-runs.csv');
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

test('curve fit on a file with two runs fits each run and recovers each one\'s offset; one-curve commands refuse it', async () => {
  const file = twoRunsFile();
  const r = await curveFitTask({ files: [file], law: 'power', map: {} }, nodeTaskContext());
  assert.deepEqual(r.curves.map((c) => c.name), ['two-runs.csv#small', 'two-runs.csv#big']);
  assert.deepEqual(r.inputs.map((i) => i.run), ['small', 'big']);
  assert.ok(Math.abs(r.fits[0].params.E - 3.2) < 1e-3 && Math.abs(r.fits[1].params.E - 2.6) < 1e-3, JSON.stringify(r.fits.map((f) => f.params)));
  const joint = await curveFitTask({ files: [file], law: 'multipower', map: {} }, nodeTaskContext());
  assert.equal(joint.fits.length, 2, 'a joint law is fitted per run on a sweep file');
  assert.equal(joint.params, undefined);
  await assert.rejects(curveExtrapolateTask({ file, schedule: 'constant:warmup=0,total=3001,peak=3e-4' }, nodeTaskContext()), (e: Error) => e instanceof InputError && /holds 2 runs/.test(e.message));
});

test('a curve fit worse than a constant is a failed fit (RunError, exit 1), not a result', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sl-bad-'));
  const file = join(dir, 'noise.csv');
  // Loss rising with step: a decreasing power law cannot do better than a constant.
  writeFileSync(file, 'step,loss\n' + Array.from({ length: 40 }, (_, i) => `${(i + 1) * 10},${(2 + 0.02 * (i + 1) + 0.3 * Math.sin(i * 2.1)).toFixed(5)}`).join('\n') + '\n');
  await assert.rejects(curveFitTask({ files: [file], law: 'power', map: {} }, nodeTaskContext()), (e: Error) => e instanceof RunError && /worse than a constant/.test(e.message));
});

test('an HF Trainer output folder is one curve of its 120 training-loss points (checkpoint copies not added); the fit names the loss column, why, and what it passed over', async () => {
  // @ts-expect-error a plain .mjs helper shared with the e2e journeys
  const { writeHfTrainerRun, HF_CURVE } = await import('../../support/hfTrainerRun.mjs');
  const root = writeHfTrainerRun(mkdtempSync(join(tmpdir(), 'sl-hf-')));
  const r = await curveFitTask({ files: [root], law: 'power' }, nodeTaskContext({ threads: 1 }));
  assert.equal(r.curves.length, 1);
  assert.equal(r.inputs[0].rows, 120);
  assert.equal(r.inputs[0].loss?.column, 'loss');
  assert.match(r.inputs[0].loss!.reason, /rule for a curve: the training loss with the most points; passed over .*'eval_loss' \(a validation loss/);
  // The fixture's losses follow E + A t^-alpha (rounded to 4 decimals): the fit recovers it.
  for (const k of ['E', 'A', 'alpha'] as const) assert.ok(Math.abs(r.fits[0].params[k] / HF_CURVE[k] - 1) < 2e-3, `${k} ${r.fits[0].params[k]} vs ${HF_CURVE[k]}`);
  const other = await curveFitTask({ files: [root], law: 'power', map: { loss: 'eval_loss' } }, nodeTaskContext({ threads: 1 }));
  assert.equal(other.inputs[0].loss?.column, 'eval_loss');
  assert.match(other.inputs[0].loss!.reason, /named on the command line \(loss=eval_loss\)/);
  // The Curve Panel gets the same choice and the columns it may pick instead.
  const explore = await curveExploreTask({ file: root, draws: 2, bootstrap: 4 }, nodeTaskContext({ threads: 1 }));
  assert.equal(explore.loss?.column, 'loss');
  assert.ok(explore.loss!.choices.includes('eval_loss') && explore.loss!.choices.includes('train_loss'), explore.loss!.choices.join(', '));
});

test('a preview on 400 evenly spaced points comes first for a long log and changes nothing in the result; the Curve Panel equals curve extrapolate and its draws are the extrapolation refits', async () => {
  const { file, truth } = syntheticLog(Array.from({ length: 1200 }, (_, i) => 3 * (i + 1)), 5, 'long.csv'); // up to step 3600 of 6000
  const { curve } = await loadCurve(nodeTaskContext({ threads: 1 }), file, SPEC, {});
  const previews: { points: number; estimate: number }[] = [];
  const withPreview = extrapolateRun(curve, { bootstrap: 4, previewAbove: 800, onPreview: (e, points) => previews.push({ points, estimate: e.estimate }) });
  assert.equal(previews.length, 1);
  assert.equal(previews[0].points, 400);
  assert.ok(Math.abs(previews[0].estimate / truth - 1) < 0.01, `preview ${previews[0].estimate} vs truth ${truth}`);
  const plain = extrapolateRun(curve, { bootstrap: 4 });
  assert.deepEqual(withPreview, plain, 'the preview does not touch the result');
  // The default threshold (PREVIEW_ABOVE) is far above 1200 points: the panel gets the point fit, then the result.
  const partials: { previewPoints?: number }[] = [];
  const ctx = { ...nodeTaskContext({ threads: 1 }), partial: (v: unknown) => partials.push({ previewPoints: (v as { previewPoints?: number }).previewPoints }) };
  const r = await curveExploreTask({ file, schedule: SPEC, draws: 3, bootstrap: 4 }, ctx);
  assert.ok(1200 < PREVIEW_ABOVE);
  assert.deepEqual(partials.map((p) => p.previewPoints), [undefined]);
  const cli = await curveExtrapolateTask({ file, schedule: SPEC, bootstrap: 4 }, nodeTaskContext({ threads: 1 }));
  assert.equal(r.extrapolation.estimate, cli.estimate, 'the panel reports the fit on every point, as the CLI');
  assert.equal(r.extrapolation.lower, cli.lower);
  assert.equal(r.draws.length, 3);
  assert.ok(!('vectors' in r.extrapolation), 'the refits are sent once, as draws');
});
