// Turn a RunTable plus the user's mapping, derived columns, filter and row exclusions into the
// arrays a law reads. Names the user types (columns, derived names) are looked up in Maps, so
// '__proto__' or 'constructor' are ordinary names.
import { InputError } from '../errors';
import { compileRowExpression, identifierFor } from '../expr/restrictedMath';
import { assumption, type Assumption } from '../report/assumptions';
import type { RowExclusion } from '../report/fitReport';
import { columnForRole, findColumn, isRole, type Column, type RunTable } from '../table/runTable';

export interface ShapeOptions {
  /** role → column name (overrides inference). */
  map?: Record<string, string>;
  /** name → mathjs expression over columns and roles, evaluated in order. */
  derive?: [string, string][];
  /**
   * Boolean row expression; rows where it is false are dropped. Numbers compare as in mathjs; text
   * columns with == and != against quoted text (dataset == "c4"), regular expressions with
   * matches(run, "^chin") (optional flags: matches(run, "^chin", "i")).
   */
  where?: string;
  /** Rows to leave out before the fit: 1-based table row numbers and/or run names. */
  exclude?: RowExclusion;
  /** k in C = k·N·D, for D derived from C when there is no token column (default 6). */
  flopsPerParamToken?: number;
}

export interface PreparedData {
  x: Record<string, Float64Array>;
  y: Float64Array;
  runs?: string[];
  /** 1-based table row number of every kept point (what exclusion by row takes). */
  rows?: number[];
  /** role → column actually used. */
  mapping: Record<string, string>;
  /** Columns derived without being asked (e.g. D = C / (6 N) when there is no token column). */
  autoDerived?: [string, string][];
  /** The exclusion that was applied (echoed for provenance), when one was asked for. */
  excluded?: RowExclusion;
  warnings: string[];
  /** What the shaping assumed, keyed for assembleAssumptions (derived D, filter, exclusion, non-finite rows). */
  assumptions?: Assumption[];
}

/**
 * Scope of values by role and by column identifier, for expressions. A column's own name wins
 * over a role of the same name (with --map loss=err, `loss` in an expression is still the column
 * called loss); derived columns win over both.
 */
function expressionColumns(table: RunTable, mapping: Record<string, string>, extra: ReadonlyMap<string, Float64Array>): Map<string, ArrayLike<number> | string[]> {
  const cols = new Map<string, ArrayLike<number> | string[]>();
  for (const [role, name] of Object.entries(mapping)) {
    const c = findColumn(table, name);
    if (c) cols.set(role, c.values);
  }
  for (const c of table.columns) cols.set(identifierFor(c.name), c.values);
  for (const [k, v] of extra) cols.set(k, v);
  return cols;
}

export function resolveMapping(table: RunTable, map: Record<string, string> = {}): Record<string, string> {
  const mapping: Record<string, string> = Object.create(null); // null prototype: keys are user-typed names
  for (const c of table.columns) if (c.role) mapping[c.role] = c.name;
  for (const [role, name] of Object.entries(map)) {
    if (!isRole(role)) throw new Error(`--map ${role}=${name}: '${role}' is not a role (roles: N, D, C, loss, step, lr, run)`);
    if (!findColumn(table, name)) throw new Error(`--map ${role}=${name}: no column named '${name}' (columns: ${table.columns.map((c) => c.name).join(', ')})`);
    mapping[role] = name;
  }
  return mapping;
}

/** Mark rows to leave out (keep[i] = 0); unknown rows or runs are an error naming them. */
function applyExclusion(table: RunTable, mapping: Record<string, string>, exclude: RowExclusion, keep: Uint8Array): number {
  const n = table.rowCount;
  let count = 0;
  for (const r of exclude.rows ?? []) {
    if (!Number.isInteger(r) || r < 1 || r > n) throw new InputError(`cannot exclude row ${r}: rows are numbered 1 to ${n} (first data row = 1)`);
    if (keep[r - 1]) count++;
    keep[r - 1] = 0;
  }
  const runs = exclude.runs ?? [];
  if (runs.length) {
    const runCol = mapping.run ? findColumn(table, mapping.run) : undefined;
    if (!runCol) throw new InputError(`cannot exclude runs by name (${runs.slice(0, 3).join(', ')}): the table has no run column; exclude by row number instead, or name the run column with --map run=COLUMN`);
    const wanted = new Map(runs.map((r) => [r, 0]));
    for (let i = 0; i < n; i++) {
      const name = String(runCol.values[i]);
      const seen = wanted.get(name);
      if (seen === undefined) continue;
      wanted.set(name, seen + 1);
      if (keep[i]) count++;
      keep[i] = 0;
    }
    const missing = [...wanted].filter(([, c]) => c === 0).map(([r]) => r);
    if (missing.length) throw new InputError(`cannot exclude run${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}: no such run in column '${runCol.name}'`);
  }
  return count;
}

export function shapeData(table: RunTable, inputs: string[], options: ShapeOptions = {}): PreparedData {
  const warnings: string[] = [];
  const assumptions: Assumption[] = [];
  const mapping = resolveMapping(table, options.map);
  const n = table.rowCount;
  const derived = new Map<string, Float64Array>();
  for (const [name, expr] of options.derive ?? []) {
    const ev = compileRowExpression(expr, expressionColumns(table, mapping, derived), `derived column ${name}`);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Number(ev(i));
    derived.set(name, out);
  }
  const numeric = (name: string): Float64Array | undefined => {
    const d = derived.get(name);
    if (d) return d;
    const colName = isRole(name) ? mapping[name] : undefined;
    const c: Column | undefined = colName ? findColumn(table, colName) : findColumn(table, name) ?? (isRole(name) ? columnForRole(table, name) : undefined);
    if (!c) return undefined;
    if (c.kind !== 'number') throw new Error(`column '${c.name}' (used as ${name}) is not numeric`);
    return c.values;
  };
  // Data sets often lack D (Chinchilla's Fig. 4 has N and C only): derive it under C = 6ND.
  const autoDerived: [string, string][] = [];
  if (inputs.includes('D') && !numeric('D')) {
    const C = numeric('C'), N = numeric('N');
    const k = options.flopsPerParamToken ?? 6;
    if (C && N) {
      derived.set('D', Float64Array.from(C, (c, i) => c / (k * N[i])));
      autoDerived.push(['D', `C / (${k} * N)`]);
      const text = `no token column: D derived as C / (${k} N) (C = ${k}ND convention)`;
      warnings.push(text);
      assumptions.push(assumption('derived:D', text));
    }
  }
  const x: Record<string, Float64Array> = Object.create(null); // null prototype: keys are user-typed names
  for (const name of inputs) {
    const v = numeric(name);
    if (!v) throw new Error(`the law needs ${name}, but no column has that role (columns: ${table.columns.map((c) => c.name).join(', ')}); use --map ${name}=COLUMN or --derive "${name}=EXPR"`);
    x[name] = v;
  }
  const y = numeric('loss');
  if (!y) throw new Error(`no loss column found (columns: ${table.columns.map((c) => c.name).join(', ')}); use --map loss=COLUMN`);
  const keep = new Uint8Array(n).fill(1);
  if (options.exclude) {
    const count = applyExclusion(table, mapping, options.exclude, keep);
    const parts = [...(options.exclude.rows?.length ? [`rows ${options.exclude.rows.join(', ')}`] : []), ...(options.exclude.runs?.length ? [`runs ${options.exclude.runs.join(', ')}`] : [])];
    if (parts.length) {
      const text = `left out on request before the fit: ${parts.join('; ')} (${count} row${count === 1 ? '' : 's'})`;
      warnings.push(text);
      assumptions.push(assumption('excluded', text));
    }
  }
  if (options.where) {
    const ev = compileRowExpression(options.where, expressionColumns(table, mapping, derived), '--where filter');
    let dropped = 0;
    for (let i = 0; i < n; i++) if (keep[i] && !ev(i)) { keep[i] = 0; dropped++; }
    if (dropped) {
      const text = `--where '${options.where}' dropped ${dropped} of ${n} rows`;
      warnings.push(text);
      assumptions.push(assumption('filter', text));
    }
  }
  let bad = 0;
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    let ok = Number.isFinite(y[i]);
    for (const name of inputs) if (!(Number.isFinite(x[name][i]) && x[name][i] > 0)) ok = false;
    if (!ok) { keep[i] = 0; bad++; }
  }
  if (bad) {
    const text = `${bad} rows skipped: missing, non-finite or non-positive values in ${[...inputs, 'loss'].join(', ')}`;
    warnings.push(text);
    assumptions.push(assumption('non-finite', text));
  }
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) idx.push(i);
  const pick = (a: Float64Array) => Float64Array.from(idx, (i) => a[i]);
  const runCol = mapping.run ? findColumn(table, mapping.run) : undefined;
  return {
    x: Object.fromEntries(inputs.map((k) => [k, pick(x[k])])),
    y: pick(y),
    runs: runCol ? idx.map((i) => String(runCol.values[i])) : undefined,
    rows: idx.map((i) => i + 1),
    mapping: Object.fromEntries(Object.entries(mapping).filter(([r]) => inputs.includes(r) || r === 'loss' || r === 'run')),
    ...(options.exclude ? { excluded: options.exclude } : {}),
    warnings,
    assumptions,
    autoDerived,
  };
}
