// Numeric columns for the planning commands (isoflop, envelope): by an explicit --FLAG name, else
// by inferred role or a usual name; a missing or non-numeric column is a usage error naming the file.
import { InputError } from '../core/errors';
import { namedNumeric, pickNumeric } from '../core/plan/columns';
import type { Role, RunTable } from '../core/table/runTable';

export type ColumnPicker = (flag: string, role: Role, names: string[]) => { name: string; values: Float64Array } | undefined;

export function columnPicker(table: RunTable, path: string, names: Record<string, string | undefined>): ColumnPicker {
  return (flag, role, candidates) => {
    try {
      const named = Object.hasOwn(names, flag) ? names[flag] : undefined;
      return named ? namedNumeric(table, named) : pickNumeric(table, role, candidates);
    } catch (e) {
      throw new InputError(`${path}: ${(e as Error).message}`);
    }
  };
}
