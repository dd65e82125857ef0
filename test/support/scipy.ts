// Side-by-side checks call Debian's python3 with scipy; tests skip with a message when absent.
import { spawnSync } from 'node:child_process';

export const SYSTEM_PYTHON = '/usr/bin/python3';

let cached: boolean | undefined;
export function hasScipy(): boolean {
  if (cached === undefined) {
    const r = spawnSync(SYSTEM_PYTHON, ['-c', 'import scipy, numpy'], { encoding: 'utf8' });
    cached = r.status === 0;
  }
  return cached;
}

export const NO_SCIPY = `${SYSTEM_PYTHON} with scipy and numpy is not installed (apt-get install python3-scipy python3-numpy)`;

/** Run a python script with JSON on stdin, return parsed JSON from stdout. */
export function runPythonJson<T>(script: string, input: unknown, timeoutMs = 600_000): T {
  const r = spawnSync(SYSTEM_PYTHON, [script], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 28, timeout: timeoutMs });
  if (r.status !== 0) throw new Error(`python ${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
