// Why each mapped column holds its role, for the record every answer carries: a column named on the
// command line says so; an inferred one repeats the inference's reason (for the loss, the documented
// rule and the columns it passed over).
import type { RunTable } from './runTable';

/** Role → the reason its column was chosen, for the roles in `mapping`. */
export function roleReasons(table: RunTable, mapping: Record<string, string>, given: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [role, column] of Object.entries(mapping)) {
    if (Object.hasOwn(given, role) && given[role] === column) out[role] = `named on the command line (${role}=${column})`;
    else {
      const inferred = table.inferred.find((i) => i.role === role && i.column === column);
      if (inferred) out[role] = inferred.reason;
    }
  }
  return out;
}
