// Numeric columns for the planning commands (isoflop, envelope): by an explicit --FLAG name, else
// by inferred role or a usual name; a missing or non-numeric column is a usage error naming the file.
import { namedNumeric, pickNumeric } from '../core/plan/columns';
import type { Role, RunTable } from '../core/table/runTable';
import { UsageError } from './args';

export type ColumnPicker = (flag: string, role: Role, names: string[]) => { name: string; values: Float64Array } | undefined;

export function columnPicker(table: RunTable, path: string, flags: Record<string, unknown>): ColumnPicker {
  return (flag, role, names) => {
    try {
      return flags[flag] ? namedNumeric(table, String(flags[flag])) : pickNumeric(table, role, names);
    } catch (e) {
      throw new UsageError(`${path}: ${(e as Error).message}`);
    }
  };
}
