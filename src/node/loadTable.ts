// Node-side entry to ingestion: read a path (file or folder) into a RunTable.
// PLACEHOLDER until the ingestion work lands: plain CSV/TSV only, whole file in memory.
import { readFileSync, statSync } from 'node:fs';
import { inferRoles } from '../core/table/inferRoles';
import type { Column, RunTable } from '../core/table/runTable';
import { parseHumanNumber } from '../core/table/numbers';

export interface LoadOptions {
  /** Force a format instead of detecting it. */
  format?: string;
}

export class InputError extends Error {}

export async function loadTable(path: string, _options: LoadOptions = {}): Promise<RunTable> {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new InputError(`${path}: no such file or folder`);
  }
  if (st.isDirectory()) throw new InputError(`${path}: folders are not supported yet`);
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const sep = path.endsWith('.tsv') ? '\t' : ',';
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new InputError(`${path}:1:1: empty file`);
  const split = (l: string) => l.split(sep).map((s) => s.trim().replace(/^"(.*)"$/, '$1'));
  const header = split(lines[0]);
  const rows = lines.slice(1).map(split);
  const columns: Column[] = header.map((name, j) => {
    const raw = rows.map((r) => r[j] ?? '');
    const nums = raw.map((s) => parseHumanNumber(s));
    const numeric = raw.every((s, i) => s === '' || !Number.isNaN(nums[i]));
    return numeric ? { kind: 'number', name, values: Float64Array.from(nums) } : { kind: 'string', name, values: raw };
  });
  return inferRoles({ format: sep === ',' ? 'csv' : 'tsv', columns, rowCount: rows.length, warnings: [], inferred: [] });
}
