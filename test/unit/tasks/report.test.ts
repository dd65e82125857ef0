// The report task on the bundled examples: each file gets the law its columns call for, and the
// training log with an lr column gets the schedule-aware multi-power law (its curve fit equals
// `scaling-laws curve fit --law multipower`), drawn with its schedule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderHtmlReport } from '../../../src/core/report/html';
import { curveFitTask } from '../../../src/tasks/curve';
import { nodeTaskContext } from '../../../src/tasks/nodeContext';
import { reportTask } from '../../../src/tasks/report';

test('report: an lr column gets the multi-power law (same numbers as curve fit), final losses get Chinchilla, each says why', async () => {
  const r = await reportTask({ paths: ['examples'], bootstrap: 0 }, nodeTaskContext());
  const byTitle = Object.fromEntries(r.sections.map((s) => [s.title, s]));
  const log = byTitle['training-log.jsonl'];
  assert.ok(log.curve, `the training log is fitted as a curve: ${log.skipped ?? ''}`);
  assert.equal(log.curve.law, 'multipower');
  assert.match(log.choice ?? '', /learning-rate schedule/);
  const direct = await curveFitTask({ files: ['examples/training-log.jsonl'], law: 'multipower', map: {} }, nodeTaskContext());
  assert.deepEqual(log.curve.params, direct.fits[0].params);
  assert.ok(log.curve.metrics.r2 > 0.999, `R² ${log.curve.metrics.r2}`);
  assert.deepEqual(log.figures?.figures.map((f) => f.id), ['curve-loss', 'curve-lr']);
  const lossFig = log.figures!.figures[0];
  assert.equal(lossFig.traces[0].x.length, log.curve.metrics.n);
  assert.equal(byTitle['chinchilla-runs.csv'].report?.law, 'chinchilla');
  const html = renderHtmlReport(r, { plotly: '', renderer: '' }, { version: 't', nonce: 'n' });
  assert.match(html, /curve law <code>multipower<\/code>/);
  assert.match(html, /scaling-laws curve fit training-log\.jsonl --law multipower/);
});
