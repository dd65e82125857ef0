// Real public data from ../shared/reference-data (never copied here). Expected values are read from the
// files with an independent naive split (no quotes in these rows), not from our parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, createReadStream } from 'node:fs';
import { missingRefData, refData } from '../../../support/refdata';
import { loadTable } from '../../../../src/node/loadTable';
import { parseCsv } from '../../../../src/core/ingest/csv';
import type { NumericColumn, RunTable } from '../../../../src/core/table/runTable';

const col = (t: RunTable, name: string) => t.columns.find((c) => c.name === name)!;
const num = (t: RunTable, name: string) => Array.from((col(t, name) as NumericColumn).values);

test('datablations_code_losses.csv: "4.2B" and "85B" strings become numbers; roles inferred', async (t) => {
  const rel = 'colpret_hitchhiker/datablations_code_losses.csv';
  const p = refData(rel);
  if (!p) return t.skip(missingRefData(rel));
  const table = await loadTable(p);
  const lines = readFileSync(p, 'utf8').trim().split('\n');
  assert.equal(table.rowCount, lines.length - 1);
  assert.equal(col(table, 'num_params').role, 'N');
  assert.equal(col(table, 'token_num').role, 'D');
  assert.equal(col(table, 'loss').role, 'loss');
  assert.equal(col(table, 'flops').role, 'C');
  // every num_params cell "4.2B" style → value; compare with an independent reading of the first row
  const first = lines[1].split(',');
  assert.equal(first[5], '4.2B');
  assert.equal(num(table, 'num_params')[0], 4.2e9);
  assert.equal(num(table, 'tokens_per_epoch')[0], 85e9);
  assert.equal(num(table, 'loss')[0], Number(first[4]));
  assert.equal(col(table, 'model_args').kind, 'string'); // "{'tensorboard': '...'}" is text
  assert.ok(num(table, 'num_params').every((v) => v > 1e8 && v < 1e11));
});

test('opt_trajectories.csv: log10 columns converted when asked; ppl → loss = ln(ppl) when asked', async (t) => {
  const rel = 'colpret_hitchhiker/opt_trajectories.csv';
  const p = refData(rel);
  if (!p) return t.skip(missingRefData(rel));
  const plain = await loadTable(p);
  assert.ok(plain.warnings.some((w) => /'num_token'.*look like log10/.test(w)));
  assert.ok(plain.warnings.some((w) => /ppl.*--ppl-to-loss/.test(w)));
  const table = await loadTable(p, { log10: ['num_token', 'flops'], pplToLoss: true });
  const row = readFileSync(p, 'utf8').trim().split('\n')[1].split(',');
  assert.equal(row[1], '125m');
  assert.equal(num(table, 'model_size')[0], 125e6);
  assert.ok(Math.abs(num(table, 'num_token')[0] / 10 ** Number(row[3]) - 1) < 1e-12);
  assert.ok(Math.abs(num(table, 'flops')[0] / 10 ** Number(row[4]) - 1) < 1e-12);
  assert.equal(col(table, 'loss').role, 'loss');
  assert.ok(Math.abs(num(table, 'loss')[0] - Math.log(Number(row[5]))) < 1e-12);
  assert.ok(table.inferred.some((i) => i.column === 'loss' && /ln\(ppl\)/.test(i.reason)));
  assert.ok(!table.warnings.some((w) => /'num_token'.*look like log10/.test(w)));
});

test('every reference CSV loads without malformed rows, chunked like a file stream, and matches line counts', async (t) => {
  const files = [
    'epoch_chinchilla/svg_extracted_data.csv',
    'gadre_overtraining/gadre_models_losses.csv',
    'loss_to_loss/sweep.csv',
    'steplaw/dense_lr_bs_loss.csv',
    'colpret_hitchhiker/revisiting_lang.csv',
    'colpret_hitchhiker/datablations_contour_losses.csv',
    'multipower_law/csv_100/cosine_24000.csv',
  ];
  let ran = 0;
  for (const rel of files) {
    const p = refData(rel);
    if (!p) continue;
    ran++;
    const table = await parseCsv(createReadStream(p, { highWaterMark: 997 }), { file: rel });
    const text = readFileSync(p, 'utf8');
    const records = text.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1;
    if (!text.includes('"')) assert.equal(table.rowCount, records, rel);
    assert.ok(!table.warnings.some((w) => /malformed/.test(w)), `${rel}: ${table.warnings.join('; ')}`);
  }
  if (ran === 0) t.skip(missingRefData('any of the reference CSVs'));
});

test('Chinchilla SVG data: roles N, C, loss from "Model Size", "Training FLOP", "loss"', async (t) => {
  const rel = 'epoch_chinchilla/svg_extracted_data.csv';
  const p = refData(rel);
  if (!p) return t.skip(missingRefData(rel));
  const table = await loadTable(p);
  assert.equal(col(table, 'Model Size').role, 'N');
  assert.equal(col(table, 'Training FLOP').role, 'C');
  assert.equal(col(table, 'loss').role, 'loss');
  assert.equal(col(table, 'color').kind, 'string');
});
