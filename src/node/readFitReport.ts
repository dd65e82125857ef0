// Read a FitReport written by `fit --out` (or the extension), with clear errors.
import { readFileSync } from 'node:fs';
import { notAFitReport, type FitReport } from '../core/report/fitReport';
import { InputError } from './loadTable';

export function readFitReport(path: string): FitReport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(`${path}: cannot read fit report`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${path}: not JSON (${(e as Error).message})`);
  }
  const problem = notAFitReport(json);
  if (problem) throw new InputError(`${path}: ${problem}`);
  return json as FitReport;
}
