// Units written in column headers scale the column: 'Model Size (B)' holds billions of parameters,
// 'FLOPs (1E21)' multiples of 1e21, 'Tokens (T)' trillions, 'params_M' millions, 'Compute (PF-days)' PF-days.
// Only count columns (parameters, tokens, FLOPs) are scaled; the factor is recorded on the column
// (Column.scale) so provenance can show it, and a warning says what was done.
import type { Column, RunTable } from './runTable';

export interface HeaderUnit {
  /** The name without its unit: 'Model Size (B)' → 'Model Size'. */
  base: string;
  factor: number;
  /** The unit as written: 'B', '1E21', 'PF-days'. */
  unit: string;
}

const LETTER: Record<string, number> = { k: 1e3, m: 1e6, mn: 1e6, b: 1e9, bn: 1e9, g: 1e9, t: 1e12 };
const WORD: Record<string, number> = { thousands: 1e3, millions: 1e6, billions: 1e9, trillions: 1e12 };
/** One petaFLOP/s-day (Kaplan et al.'s compute unit) in FLOPs. */
export const PF_DAY = 1e15 * 86400;

/** Names that count things, the only columns a unit scales. */
const COUNT = /^(n|d|c|params|parameters|param|n_params|num_params|nparams|model_size|model_params|size|non_embedding_params|tokens|num_tokens|n_tokens|train_tokens|training_tokens|tokens_seen|dataset_size|data_size|data|flops|flop|training_flops|training_flop|train_flops|total_flops|compute|c_flops)$/;

function normalise(s: string): string {
  return s.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

function factorOf(unit: string): number | undefined {
  const u = unit.trim().replace(/^(x|×)\s*/i, '');
  const l = u.toLowerCase();
  if (Object.hasOwn(LETTER, l)) return LETTER[l];
  if (Object.hasOwn(WORD, l)) return WORD[l];
  if (/^pf[-_ ]?s?[-_ ]?days?$/.test(l)) return PF_DAY;
  let m = /^(\d+(?:\.\d+)?)?e([+-]?\d+)$/i.exec(u);
  if (m) return Number(`${m[1] ?? '1'}e${m[2]}`);
  m = /^10\s*\^\s*([+-]?\d+)$/.exec(u);
  if (m) return 10 ** Number(m[1]);
  return undefined;
}

/** The unit in a header, when it names a count column: 'Tokens (T)' → {base 'Tokens', factor 1e12}. */
export function headerUnit(name: string): HeaderUnit | undefined {
  let m = /^(.*?)\s*[([]\s*([^()[\]]+?)\s*[)\]]\s*$/.exec(name);
  if (m && m[1] && COUNT.test(normalise(m[1]))) {
    const f = factorOf(m[2]);
    if (f !== undefined) return { base: m[1].trim(), factor: f, unit: m[2].trim() };
  }
  m = /^(.*?)[_ ]((?:[kKmMbBgGtT])|bn|mn|BN|MN)$/.exec(name.trim());
  if (m && m[1] && COUNT.test(normalise(m[1]))) return { base: m[1], factor: factorOf(m[2])!, unit: m[2] };
  return undefined;
}

/** Values at least this large are taken to be written out already ('Model Size (B)' holding 7e9): not scaled. */
const ALREADY_SCALED = 1e6;

/** Scale count columns by the unit in their header; the factor is kept in Column.scale. */
export function applyHeaderUnits(table: RunTable): RunTable {
  let changed = false;
  const warnings = [...table.warnings];
  const columns: Column[] = table.columns.map((c) => {
    if (c.kind !== 'number' || c.scale) return c;
    const u = headerUnit(c.name);
    if (!u) return c;
    let max = 0;
    for (const v of c.values) if (Math.abs(v) > max) max = Math.abs(v);
    if (max >= ALREADY_SCALED && u.factor >= 1e3) {
      warnings.push(`column '${c.name}': the header says '${u.unit}' but the values reach ${max.toPrecision(3)}, so they look written out already: not scaled`);
      return c;
    }
    changed = true;
    const values = new Float64Array(c.values.length);
    for (let i = 0; i < values.length; i++) values[i] = c.values[i] * u.factor;
    warnings.push(`column '${c.name}': values multiplied by ${u.factor.toExponential().replace('e+', 'e')} (unit '${u.unit}' in its header)`);
    return { ...c, values, scale: { factor: u.factor, unit: u.unit } };
  });
  return changed ? { ...table, columns, warnings } : { ...table, warnings };
}
