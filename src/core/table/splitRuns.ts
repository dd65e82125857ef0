// Several runs in one table never pool silently: split it into runs (by the run column, or one run when
// there is none) and into one curve per run, for per-run fits and per-run drawing.
import type { Column, RunTable } from './runTable';

export interface RunRows {
  /** The run's id ('' when the table has no run column). */
  run: string;
  /** Row indices of the run, in table order. */
  rows: Int32Array;
}

export interface RunCurve {
  run: string;
  /** Finite (x, y) points of the run, sorted by x (ties keep table order). */
  x: Float64Array;
  y: Float64Array;
  /** The table row of each point. */
  rows: Int32Array;
  /** Rows of the run left out because x or y was missing or not finite. */
  dropped: number;
}

function runColumnOf(table: RunTable, name?: string): Column | undefined {
  if (name !== undefined) {
    const c = table.columns.find((x) => x.name === name);
    if (!c) throw new Error(`no run column named '${name}' (columns: ${table.columns.map((x) => x.name).join(', ')})`);
    return c;
  }
  return table.columns.find((c) => c.role === 'run') ?? table.columns.find((c) => c.name === 'run');
}

/** The table's runs in order of first appearance; one run '' when there is no run column. */
export function splitRuns(table: RunTable, options: { run?: string } = {}): RunRows[] {
  const col = runColumnOf(table, options.run);
  const n = table.rowCount;
  if (!col) return [{ run: '', rows: Int32Array.from({ length: n }, (_, i) => i) }];
  const index = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = String(col.values[i]);
    let list = index.get(key);
    if (!list) index.set(key, (list = []));
    list.push(i);
  }
  return [...index].map(([run, rows]) => ({ run, rows: Int32Array.from(rows) }));
}

/** One curve per run: y against x (column names), finite points only, sorted by x. */
export function runCurves(table: RunTable, options: { x: string; y: string; run?: string }): RunCurve[] {
  const num = (name: string) => {
    const c = table.columns.find((x) => x.name === name);
    if (!c) throw new Error(`no column named '${name}' (columns: ${table.columns.map((x) => x.name).join(', ')})`);
    if (c.kind !== 'number') throw new Error(`column '${name}' is text, not numbers`);
    return c.values;
  };
  const xs = num(options.x);
  const ys = num(options.y);
  return splitRuns(table, { run: options.run }).map(({ run, rows }) => {
    const keep = Array.from(rows).filter((i) => Number.isFinite(xs[i]) && Number.isFinite(ys[i]));
    keep.sort((a, b) => xs[a] - xs[b] || a - b);
    return {
      run,
      x: Float64Array.from(keep, (i) => xs[i]),
      y: Float64Array.from(keep, (i) => ys[i]),
      rows: Int32Array.from(keep),
      dropped: rows.length - keep.length,
    };
  });
}
