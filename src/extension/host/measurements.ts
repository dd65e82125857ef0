// Measurements (activation, event-loop lag, panel timings) go to the output channel, and to files
// when the e2e harness asks for them (SCALING_LAWS_E2E_OUT), so journeys can print them as numbers.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeMeasurement(name: string, value: unknown): void {
  const dir = process.env.SCALING_LAWS_E2E_OUT;
  if (!dir) return;
  try {
    writeFileSync(join(dir, name), JSON.stringify(value, null, 2));
  } catch {
    /* best effort */
  }
}

/** One line per event in `name` (JSON Lines), for timelines of several panels. */
export function appendMeasurement(name: string, value: unknown): void {
  const dir = process.env.SCALING_LAWS_E2E_OUT;
  if (!dir) return;
  try {
    appendFileSync(join(dir, name), JSON.stringify(value) + '\n');
  } catch {
    /* best effort */
  }
}
