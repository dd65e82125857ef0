// Per-run curves → final points: reduce each run's curve to one row (last, min, mean of the last k %),
// after dropping early checkpoints (before a token count, or before a fraction of the run's training).
import { columnForRole, findColumn, type Column, type RunTable } from './runTable';
import { splitRuns } from './splitRuns';

export type Reduction = 'last' | 'min' | 'mean-last';

export interface ReduceOptions {
  reduce: Reduction;
  /** For 'mean-last': fraction of each run's points (by order) to average, e.g. 0.1 = last 10 %. */
  lastFraction?: number;
  /** Drop rows whose token count (role D) is below this. */
  dropBeforeTokens?: number;
  /** Drop rows before this fraction of the run's own training (by step, else tokens), e.g. 0.25. */
  dropBeforeFraction?: number;
  /** Column names; defaults are the columns with roles run, loss, step (or D). */
  run?: string;
  value?: string;
  order?: string;
}

function pick(table: RunTable, name: string | undefined, role: 'run' | 'loss' | 'step' | 'D'): Column | undefined {
  return name ? findColumn(table, name) : columnForRole(table, role);
}

export function reduceCurves(table: RunTable, opts: ReduceOptions): RunTable {
  const valueCol = pick(table, opts.value, 'loss');
  if (!valueCol || valueCol.kind !== 'number') throw new Error(`reduce: need a numeric loss column${opts.value ? ` ('${opts.value}' is missing or text)` : ' (none inferred; map one)'}`);
  const orderCol = pick(table, opts.order, 'step') ?? columnForRole(table, 'D');
  if (orderCol && orderCol.kind !== 'number') throw new Error(`reduce: order column '${orderCol.name}' is text`);
  const runCol = pick(table, opts.run, 'run');
  const tokens = columnForRole(table, 'D');
  const n = table.rowCount;
  const y = valueCol.values;
  const ord = orderCol?.values as Float64Array | undefined;
  const groups = splitRuns(table, { run: runCol?.name }).map((r) => Array.from(r.rows));
  const rows: number[] = [];
  const reducedValue: number[] = [];
  let dropped = 0;
  let emptyRuns = 0;
  for (const idx of groups) {
    let list = idx.filter((i) => !Number.isNaN(y[i]));
    if (ord) list.sort((a, b) => ord[a] - ord[b] || a - b);
    const before = list.length;
    if (opts.dropBeforeTokens !== undefined) {
      if (!tokens || tokens.kind !== 'number') throw new Error('reduce: dropping before a token count needs a token (D) column');
      const t = tokens.values;
      list = list.filter((i) => t[i] >= opts.dropBeforeTokens!);
    }
    if (opts.dropBeforeFraction !== undefined && ord && list.length > 0) {
      let max = -Infinity;
      for (const i of list) if (ord[i] > max) max = ord[i];
      list = list.filter((i) => ord[i] >= opts.dropBeforeFraction! * max);
    }
    dropped += before - list.length;
    if (list.length === 0) {
      emptyRuns++;
      continue;
    }
    let chosen = list[list.length - 1];
    let value = y[chosen];
    if (opts.reduce === 'min') {
      for (const i of list) if (y[i] < value) [chosen, value] = [i, y[i]];
    } else if (opts.reduce === 'mean-last') {
      const f = opts.lastFraction ?? 0.1;
      if (!(f > 0 && f <= 1)) throw new Error(`reduce: lastFraction must be in (0, 1], got ${f}`);
      const k = Math.max(1, Math.ceil(list.length * f));
      let s = 0;
      for (let j = list.length - k; j < list.length; j++) s += y[list[j]];
      value = s / k;
    }
    rows.push(chosen);
    reducedValue.push(value);
  }
  const columns: Column[] = table.columns.map((c) => {
    if (c === valueCol) return { ...c, values: Float64Array.from(reducedValue) };
    if (c.kind === 'number') return { ...c, values: Float64Array.from(rows, (r) => c.values[r]) };
    return { ...c, values: rows.map((r) => c.values[r]) };
  });
  const warnings = [...table.warnings];
  const what = opts.reduce === 'mean-last' ? `mean of the last ${Math.round((opts.lastFraction ?? 0.1) * 100)} %` : opts.reduce;
  warnings.push(`reduced ${n} rows to ${rows.length} runs (${what} of '${valueCol.name}'${orderCol ? ` ordered by '${orderCol.name}'` : ''})` + (dropped ? `; dropped ${dropped} early rows` : '') + (emptyRuns ? `; ${emptyRuns} runs had no rows left` : ''));
  return { ...table, columns, rowCount: rows.length, runCount: rows.length, warnings };
}
