// A Lightning sweep folder (one version per run: hparams.yaml with N and D, metrics.csv with the
// training curve and a final val_loss) fitted with no flags: one point per run, the eval loss
// every run has, and the reduction said; equal to the explicit --reduce last fit.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { reportToMarkdown } from '../../../src/core/report/markdown';
import { fitTask } from '../../../src/tasks/fit';
import { nodeTaskContext } from '../../../src/tasks/nodeContext';
// @ts-expect-error a plain .mjs helper shared with the e2e journeys
import { writeLightningSweep } from '../../support/lightningSweep.mjs';

const lightningSweep = (): string => writeLightningSweep(mkdtempSync(join(tmpdir(), 'sl-ll-')));

test('fit on a Lightning sweep folder: one point per run (last), val_loss chosen, the reduction said; same as --reduce last', async () => {
  const folder = lightningSweep();
  const auto = await fitTask({ file: folder, bootstrap: 0 }, nodeTaskContext());
  assert.equal(auto.n, 12);
  assert.equal(auto.provenance.mapping.loss, 'val_loss');
  assert.ok(auto.warnings.some((w) => /training curves of 12 runs/.test(w)), auto.warnings.join(' | '));
  const explicit = await fitTask({ file: folder, bootstrap: 0, ingest: { reduce: { reduce: 'last' } } }, nodeTaskContext());
  assert.deepEqual(auto.params, explicit.params);
  // Noiseless losses from a Chinchilla law: the fit lands near the truth.
  assert.ok(Math.abs(auto.params.alpha - 0.34) < 0.05 && Math.abs(auto.params.beta - 0.28) < 0.05, JSON.stringify(auto.params));
});

test('headers with units: the scale each applied is recorded in the provenance and the Markdown', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sl-units-'));
  const file = join(dir, 'units.csv');
  const rows = ['Model Size (B),Tokens (T),loss'];
  for (const N of [0.01, 0.03, 0.1, 0.3, 1]) for (const D of [0.001, 0.005, 0.02, 0.1]) rows.push(`${N},${D},${(1.69 + 406.4 / (N * 1e9) ** 0.34 + 410.7 / (D * 1e12) ** 0.28).toFixed(6)}`);
  writeFileSync(file, rows.join('\n') + '\n');
  const r = await fitTask({ file, bootstrap: 0 }, nodeTaskContext());
  assert.deepEqual(r.provenance.columnScales, { 'Model Size (B)': { factor: 1e9, unit: 'B' }, 'Tokens (T)': { factor: 1e12, unit: 'T' } });
  assert.ok(Math.abs(r.params.alpha - 0.34) < 0.02, `the scaled values are fitted: alpha ${r.params.alpha}`);
  assert.match(reportToMarkdown(r), /header units: 'Model Size \(B\)' ×1e9 \(B\)/);
});

test('every fit records why its loss column was chosen (the documented rule), and the Markdown says it', async () => {
  const root = lightningSweep();
  const r = await fitTask({ file: root, law: 'chinchilla', bootstrap: 0, starts: '64' }, nodeTaskContext({ threads: 1 }));
  assert.equal(r.provenance.mapping.loss, 'val_loss');
  assert.match(r.provenance.roleReasons?.loss ?? '', /rule for final-loss fits: the validation loss every run has.*pick another with --loss COLUMN/);
  assert.match(reportToMarkdown(r), /- loss column 'val_loss': .*rule for final-loss fits/);
  const given = await fitTask({ file: root, law: 'chinchilla', bootstrap: 0, starts: '64', map: { loss: 'train_loss' } }, nodeTaskContext({ threads: 1 }));
  assert.equal(given.provenance.roleReasons?.loss, 'named on the command line (loss=train_loss)');
});
