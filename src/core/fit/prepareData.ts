// Turn a RunTable plus the user's mapping, derived columns and filter into the arrays a law reads.
import { compileRowExpression, identifierFor } from '../expr/restrictedMath';
import { columnForRole, findColumn, isRole, type Column, type RunTable } from '../table/runTable';

export interface ShapeOptions {
  /** role → column name (overrides inference). */
  map?: Record<string, string>;
  /** name → mathjs expression over columns and roles, evaluated in order. */
  derive?: [string, string][];
  /** mathjs boolean expression; rows where it is false are dropped. */
  where?: string;
  /** k in C = k·N·D, for D derived from C when there is no token column (default 6). */
  flopsPerParamToken?: number;
}

export interface PreparedData {
  x: Record<string, Float64Array>;
  y: Float64Array;
  runs?: string[];
  /** role → column actually used. */
  mapping: Record<string, string>;
  /** Columns derived without being asked (e.g. D = C / (6 N) when there is no token column). */
  autoDerived?: [string, string][];
  warnings: string[];
}

/**
 * Scope of numbers by role and by column identifier, for expressions. A column's own name wins
 * over a role of the same name (with --map loss=err, `loss` in an expression is still the column
 * called loss); derived columns win over both.
 */
function expressionColumns(table: RunTable, mapping: Record<string, string>, extra: Record<string, Float64Array>): Record<string, ArrayLike<number> | string[]> {
  const cols: Record<string, ArrayLike<number> | string[]> = {};
  for (const [role, name] of Object.entries(mapping)) {
    const c = findColumn(table, name);
    if (c) cols[role] = c.values;
  }
  for (const c of table.columns) cols[identifierFor(c.name)] = c.values;
  Object.assign(cols, extra);
  return cols;
}

export function resolveMapping(table: RunTable, map: Record<string, string> = {}): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const c of table.columns) if (c.role) mapping[c.role] = c.name;
  for (const [role, name] of Object.entries(map)) {
    if (!isRole(role)) throw new Error(`--map ${role}=${name}: '${role}' is not a role (roles: N, D, C, loss, step, lr, run)`);
    if (!findColumn(table, name)) throw new Error(`--map ${role}=${name}: no column named '${name}' (columns: ${table.columns.map((c) => c.name).join(', ')})`);
    mapping[role] = name;
  }
  return mapping;
}

export function shapeData(table: RunTable, inputs: string[], options: ShapeOptions = {}): PreparedData {
  const warnings: string[] = [];
  const mapping = resolveMapping(table, options.map);
  const n = table.rowCount;
  const derived: Record<string, Float64Array> = {};
  for (const [name, expr] of options.derive ?? []) {
    const ev = compileRowExpression(expr, expressionColumns(table, mapping, derived), `derived column ${name}`);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Number(ev(i));
    derived[name] = out;
  }
  const numeric = (name: string): Float64Array | undefined => {
    if (derived[name]) return derived[name];
    const colName = mapping[name];
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
      derived.D = Float64Array.from(C, (c, i) => c / (k * N[i]));
      autoDerived.push(['D', `C / (${k} * N)`]);
      warnings.push(`no token column: D derived as C / (${k} N) (C = ${k}ND convention)`);
    }
  }
  const x: Record<string, Float64Array> = {};
  for (const name of inputs) {
    const v = numeric(name);
    if (!v) throw new Error(`the law needs ${name}, but no column has that role (columns: ${table.columns.map((c) => c.name).join(', ')}); use --map ${name}=COLUMN or --derive "${name}=EXPR"`);
    x[name] = v;
  }
  const y = numeric('loss');
  if (!y) throw new Error(`no loss column found (columns: ${table.columns.map((c) => c.name).join(', ')}); use --map loss=COLUMN`);
  const keep = new Uint8Array(n).fill(1);
  if (options.where) {
    const ev = compileRowExpression(options.where, expressionColumns(table, mapping, derived), '--where filter');
    let dropped = 0;
    for (let i = 0; i < n; i++) if (!ev(i)) { keep[i] = 0; dropped++; }
    if (dropped) warnings.push(`--where '${options.where}' dropped ${dropped} of ${n} rows`);
  }
  let bad = 0;
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    let ok = Number.isFinite(y[i]);
    for (const name of inputs) if (!(Number.isFinite(x[name][i]) && x[name][i] > 0)) ok = false;
    if (!ok) { keep[i] = 0; bad++; }
  }
  if (bad) warnings.push(`${bad} rows skipped: missing, non-finite or non-positive values in ${[...inputs, 'loss'].join(', ')}`);
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) idx.push(i);
  const pick = (a: Float64Array) => Float64Array.from(idx, (i) => a[i]);
  const runCol = mapping.run ? findColumn(table, mapping.run) : undefined;
  return {
    x: Object.fromEntries(inputs.map((k) => [k, pick(x[k])])),
    y: pick(y),
    runs: runCol ? idx.map((i) => String(runCol.values[i])) : undefined,
    mapping: Object.fromEntries(Object.entries(mapping).filter(([r]) => inputs.includes(r) || r === 'loss' || r === 'run')),
    warnings,
    autoDerived,
  };
}
