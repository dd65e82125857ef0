// Tiny CSV reader for the reference-data tests (papaparse, header row, strings kept as strings).
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

export function readCsv(path: string): Record<string, string>[] {
  const r = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
  return r.data;
}

export const num = (s: string | undefined): number => (s === undefined || s === '' ? NaN : Number(s));
