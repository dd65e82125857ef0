// Notes every run of a folder repeats are listed once, with the runs counted; the rest is kept as is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collapseRepeats } from '../../../../src/core/table/combine';

test('a note each run repeats becomes one line that counts the runs; single notes are untouched, in order', () => {
  const runs = Array.from({ length: 12 }, (_, i) => `/w/lightning_logs/version_${i}`);
  const input = [
    '/w/lightning_logs: 12 runs (lightning layout)',
    ...runs.flatMap((d) => ['merged 11 sparse rows into 10 rows by step', `${d}/hparams.yaml: added run-level values n_params, tokens`]),
    '/w/lightning_logs/version_3/metrics.csv: 2 rows with a non-numeric loss',
    "reduced 120 rows to 12 runs (last of 'val/loss' ordered by 'step')",
  ];
  assert.deepEqual(collapseRepeats(input), [
    '/w/lightning_logs: 12 runs (lightning layout)',
    'merged 11 sparse rows into 10 rows by step (in 12 runs)',
    'hparams.yaml of 12 runs (…/version_0, …/version_1, …/version_2, …): added run-level values n_params, tokens',
    '/w/lightning_logs/version_3/metrics.csv: 2 rows with a non-numeric loss',
    "reduced 120 rows to 12 runs (last of 'val/loss' ordered by 'step')",
  ]);
});

test('notes that differ in their text stay apart', () => {
  const input = ['/a/r1/config.yaml: added run-level values lr', '/a/r2/config.yaml: added run-level values lr, wd', 'C:\\logs\\r1\\metrics.json: 1 line skipped'];
  assert.deepEqual(collapseRepeats(input), input);
});
