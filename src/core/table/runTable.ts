// RunTable: the one in-memory shape every ingest format produces and every fit consumes.
// Numeric columns are Float64Array (NaN = missing); text columns are string arrays.

export const ROLES = ['N', 'D', 'C', 'loss', 'step', 'lr', 'run'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

/** A unit read from the header that scaled the values ('Model Size (B)': factor 1e9, unit 'B'). */
export interface ColumnScale {
  factor: number;
  unit: string;
}

export interface NumericColumn {
  kind: 'number';
  name: string;
  values: Float64Array;
  role?: Role;
  unit?: string;
  /** Set when the values were multiplied by a unit written in the header (src/core/table/units.ts). */
  scale?: ColumnScale;
}

export interface TextColumn {
  kind: 'string';
  name: string;
  values: string[];
  role?: Role;
  unit?: string;
  scale?: undefined;
}

export type Column = NumericColumn | TextColumn;

/** Why a column got its role: shown to the user so inference is never silent. */
export interface RoleInference {
  column: string;
  role: Role;
  reason: string;
}

export interface RunTable {
  /** 'csv', 'tsv', 'jsonl', 'json', 'tfevents', 'mlflow', 'lightning', 'hf-trainer', 'wandb-csv', 'wandb-parquet', 'folder', ... */
  format: string;
  columns: Column[];
  rowCount: number;
  /** Number of distinct runs (1 when the table has no run column). */
  runCount?: number;
  warnings: string[];
  inferred: RoleInference[];
  /** For a folder: the runs found, the files each was read from, and every skipped file with its reason. */
  layout?: FolderLayout;
}

/** What a folder held (filled by the node loader from src/core/ingest/layout.ts's plan). */
export interface FolderLayout {
  root: string;
  kind: string;
  runs: { id: string; kind: string; dir: string; rows: number; sources: { path: string; role: string; note?: string }[] }[];
  skipped: { path: string; reason: string }[];
}

export function findColumn(table: RunTable, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

export function columnForRole(table: RunTable, role: Role): Column | undefined {
  return table.columns.find((c) => c.role === role);
}

export function numericColumn(values: ArrayLike<number>, name: string, role?: Role): NumericColumn {
  return { kind: 'number', name, values: Float64Array.from(values), role };
}

/** Keep only rows where keep[i] is true, in every column. */
export function filterRows(table: RunTable, keep: Uint8Array): RunTable {
  let count = 0;
  for (let i = 0; i < keep.length; i++) if (keep[i]) count++;
  const columns: Column[] = table.columns.map((c) => {
    if (c.kind === 'number') {
      const out = new Float64Array(count);
      let j = 0;
      for (let i = 0; i < c.values.length; i++) if (keep[i]) out[j++] = c.values[i];
      return { ...c, values: out };
    }
    return { ...c, values: c.values.filter((_, i) => keep[i]) };
  });
  return { ...table, columns, rowCount: count };
}
