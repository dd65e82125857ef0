// Weights & Biases exports.
// CSV from a chart's "Export → CSV": 'Step, <run> - <metric>, <run> - <metric>__MIN, <run> - <metric>__MAX'
// (wandb/wandb#5349): reshaped to long form, one row per (run, step), a column per metric; the __MIN/__MAX
// companions (sampling envelopes) are dropped and reported.
// History Parquet (the run's '<id>-history' artifact): read with hyparquet (maintained, pure JS, no eval).
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import type { Column, RunTable } from '../table/runTable';
import { IngestError } from './errors';
import { putRecord } from './json';
import { TableBuilder, type NonFinitePolicy } from './tableBuilder';

const WANDB_COL = /^(.+?) - (.+?)(__MIN|__MAX)?$/;

/** True when a header looks like a W&B chart export. */
export function looksLikeWandbCsv(names: string[]): boolean {
  const hits = names.filter((n) => WANDB_COL.test(n)).length;
  return hits > 0 && hits >= names.length - 2;
}

/** Reshape a parsed W&B chart CSV (wide: a column per run × metric) into long form. */
export function wandbCsvToLong(wide: RunTable, file: string): RunTable {
  const stepCol = wide.columns.find((c) => /^(step|_step|Step|global_step)$/i.test(c.name) && c.kind === 'number');
  const runs = new Map<string, { metric: string; col: Column }[]>();
  let companions = 0;
  const other: string[] = [];
  for (const c of wide.columns) {
    if (c === stepCol) continue;
    const m = WANDB_COL.exec(c.name);
    if (!m) {
      other.push(c.name);
      continue;
    }
    if (m[3]) {
      companions++;
      continue;
    }
    const list = runs.get(m[1]) ?? [];
    list.push({ metric: m[2], col: c });
    runs.set(m[1], list);
  }
  if (runs.size === 0) throw new IngestError({ file, line: 1, column: 1 }, "expected W&B export columns named '<run> - <metric>', found none");
  const b = new TableBuilder({ file });
  const runCol = b.column('run');
  const step = b.column('step');
  for (const [run, metrics] of runs) {
    const cols = metrics.map((m) => ({ ci: b.column(m.metric), col: m.col }));
    for (let i = 0; i < wide.rowCount; i++) {
      let any = false;
      for (const { col } of cols) {
        const v = col.values[i];
        if (typeof v === 'number' ? !Number.isNaN(v) : v !== '') any = true;
      }
      if (!any) continue;
      const r = b.addRow();
      b.setText(runCol, r, run, i + 2, 1);
      if (stepCol) b.setNumber(step, r, stepCol.values[i] as number);
      for (const { ci, col } of cols) {
        const v = col.values[i];
        if (typeof v === 'number') b.setNumber(ci, r, v);
        else b.setText(ci, r, v, i + 2, 1);
      }
    }
  }
  const t = b.finish('wandb-csv');
  t.warnings.unshift(...wide.warnings);
  if (companions > 0) t.warnings.push(`${file}: dropped ${companions} __MIN/__MAX companion column${companions > 1 ? 's' : ''} (W&B sampling envelopes, not values)`);
  if (other.length > 0) t.warnings.push(`${file}: ignored columns not in '<run> - <metric>' form: ${other.slice(0, 8).join(', ')}`);
  t.runCount = runs.size;
  return t;
}

/** W&B history Parquet (or any flat Parquet table) → RunTable. */
export async function parseParquet(bytes: Uint8Array, opts: { file: string; nonFinite?: NonFinitePolicy; format?: string }): Promise<RunTable> {
  if (bytes.length < 12) throw new IngestError({ file: opts.file, byte: 0 }, `expected a Parquet file, found ${bytes.length} bytes`);
  const magic = (o: number) => String.fromCharCode(bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]);
  if (magic(0) !== 'PAR1') throw new IngestError({ file: opts.file, byte: 0 }, "expected the Parquet magic 'PAR1' at the start, found something else");
  if (magic(bytes.length - 4) !== 'PAR1') throw new IngestError({ file: opts.file, byte: bytes.length - 4 }, "expected the Parquet magic 'PAR1' at the end: truncated file?");
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let rows: Record<string, unknown>[];
  try {
    parquetMetadata(ab);
    rows = (await parquetReadObjects({ file: ab })) as Record<string, unknown>[];
  } catch (e) {
    throw new IngestError({ file: opts.file, byte: 0 }, `expected a readable Parquet file: ${(e as Error).message}`);
  }
  const b = new TableBuilder({ file: opts.file, nonFinite: opts.nonFinite });
  const skipped = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const rec: Record<string, unknown> = Object.create(null); // null prototype: keys are user-typed names
    for (const [k, v] of Object.entries(rows[i])) rec[k] = typeof v === 'bigint' ? Number(v) : v;
    putRecord(b, b.addRow(), rec, i + 1, '', skipped);
  }
  if (skipped.size > 0) b.warnings.push(`${opts.file}: ignored non-scalar columns: ${[...skipped].slice(0, 8).join(', ')}`);
  return b.finish(opts.format ?? 'wandb-parquet');
}
