// User-requested value transforms at load time: columns stored as log10 (ColPret's opt_trajectories
// 'flops' = log10 FLOPs) become plain values 10^x, with a note in the table's warnings.
import type { Column, RunTable } from './runTable';

export function applyLog10(table: RunTable, names: string[]): RunTable {
  if (names.length === 0) return table;
  const warnings = [...table.warnings];
  const columns: Column[] = table.columns.map((c) => c);
  for (const name of names) {
    const i = columns.findIndex((c) => c.name === name);
    if (i < 0) throw new Error(`--log10 ${name}: no column named '${name}' (columns: ${table.columns.map((c) => c.name).join(', ')})`);
    const c = columns[i];
    if (c.kind !== 'number') throw new Error(`--log10 ${name}: column '${name}' is text, not numbers`);
    const v = new Float64Array(c.values.length);
    let big = 0;
    for (let k = 0; k < v.length; k++) {
      v[k] = 10 ** c.values[k];
      if (c.values[k] > 400) big++;
    }
    columns[i] = { ...c, values: v };
    warnings.push(`column '${name}' read as log10: values replaced by 10^x${big ? ` (${big} values above 400 overflow to Infinity: are they really log10?)` : ''}`);
  }
  return { ...table, columns, warnings };
}
