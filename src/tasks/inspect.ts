// The inspect task: what a log file or folder holds, which roles were inferred and why, and (for
// panels) the first rows as display strings.
import { InputError } from '../core/errors';
import type { RunTable } from '../core/table/runTable';
import { MAX_PREVIEW_ROWS, type InspectRequest, type InspectResult } from '../protocol/tasks';
import type { TaskContext } from './context';


export function summarize(t: RunTable): InspectResult {
  return {
    format: t.format,
    runs: t.runCount ?? 1,
    rows: t.rowCount,
    columns: t.columns.map((c) => {
      let missing = 0;
      let min = Infinity;
      let max = -Infinity;
      if (c.kind === 'number') {
        for (const v of c.values) {
          if (Number.isNaN(v)) missing++;
          else {
            if (v < min) min = v;
            if (v > max) max = v;
          }
        }
      } else for (const v of c.values) if (v === '') missing++;
      const base = { name: c.name, role: c.role ?? null, type: c.kind, unit: c.unit ?? null, missing, ...(c.scale ? { scale: c.scale } : {}) };
      return c.kind === 'number' && min <= max ? { ...base, min, max } : base;
    }),
    warnings: t.warnings,
    inferred: t.inferred,
    ...(t.layout ? { layout: t.layout } : {}),
  };
}

/**
 * A cell for people: 6 significant digits, scientific from 1e6 up and below 1e-3 (FLOPs read
 * 5.76e23, not 24 digits), missing as ''. Full values stay in the table and the exports.
 */
export function displayNumber(v: number): string {
  if (Number.isNaN(v)) return '';
  const a = Math.abs(v);
  if (a !== 0 && Number.isFinite(v) && (a >= 1e6 || a < 1e-3)) return v.toExponential(5).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(+v.toPrecision(6));
}

/** The first `rows` rows as display strings (see displayNumber). */
export function previewRows(t: RunTable, rows: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < Math.min(rows, t.rowCount); i++) {
    out.push(t.columns.map((c) => {
      const v = c.values[i];
      return typeof v === 'number' ? displayNumber(v) : String(v ?? '');
    }));
  }
  return out;
}

export async function inspectTask(req: InspectRequest, ctx: TaskContext): Promise<InspectResult> {
  const rows = req.rows ?? 0;
  if (!(Number.isInteger(rows) && rows >= 0 && rows <= MAX_PREVIEW_ROWS)) throw new InputError(`--rows must be a whole number from 0 to ${MAX_PREVIEW_ROWS}, got ${rows}`);
  ctx.progress({ phase: 'load', done: 0, total: 1 });
  const table = await ctx.files.loadTable(req.file, req.ingest);
  const summary = summarize(table);
  if (rows > 0) summary.preview = previewRows(table, rows);
  return summary;
}
