// Pick numeric columns from a RunTable by inferred role or by name, for the planning commands.
import { columnForRole, type Role, type RunTable } from '../table/runTable';

/** The column for `role`, else the first column whose name matches one of `names` (case-insensitive). */
export function pickNumeric(table: RunTable, role: Role | undefined, names: string[]): { name: string; values: Float64Array } | undefined {
  const byRole = role ? columnForRole(table, role) : undefined;
  const lower = names.map((n) => n.toLowerCase());
  const c = byRole ?? table.columns.find((col) => lower.includes(col.name.trim().toLowerCase()));
  if (!c) return undefined;
  if (c.kind !== 'number') throw new RangeError(`column '${c.name}' is not numeric`);
  return { name: c.name, values: c.values };
}

/** A column chosen explicitly by name. */
export function namedNumeric(table: RunTable, name: string): { name: string; values: Float64Array } {
  const c = table.columns.find((col) => col.name === name);
  if (!c) throw new RangeError(`no column '${name}' (columns: ${table.columns.map((x) => x.name).join(', ')})`);
  if (c.kind !== 'number') throw new RangeError(`column '${name}' is not numeric`);
  return { name: c.name, values: c.values };
}

export function pickText(table: RunTable, role: Role | undefined, names: string[]): { name: string; values: string[] } | undefined {
  const byRole = role ? columnForRole(table, role) : undefined;
  const lower = names.map((n) => n.toLowerCase());
  const c = byRole ?? table.columns.find((col) => lower.includes(col.name.trim().toLowerCase()));
  if (!c) return undefined;
  return { name: c.name, values: c.kind === 'string' ? c.values : Array.from(c.values, String) };
}
