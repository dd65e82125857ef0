// Real public data lives in ../shared/reference-data (never copied into the project).
// Tests that use it call refData(...) and skip with a clear message when it is absent.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REFERENCE_DATA_DIR = resolve(__dirname, '../../../shared/reference-data');

/** Absolute path of a reference-data file, or undefined when it is not on this machine. */
export function refData(relative: string): string | undefined {
  const p = join(REFERENCE_DATA_DIR, relative);
  return existsSync(p) ? p : undefined;
}

export function missingRefData(relative: string): string {
  return `reference data ${relative} not found under ${REFERENCE_DATA_DIR} (it ships in the project's shared/ folder, not in this repo)`;
}
