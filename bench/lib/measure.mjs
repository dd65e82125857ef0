// Runs one command as a whole process and measures it the way `time` would: wall seconds, the
// child's user+system CPU seconds (all its threads, so Node's GC and worker threads count) and its
// peak RSS. GNU time gives all three; without it a tiny Python wrapper reads RUSAGE_CHILDREN; with
// neither, only wall time (CPU and RSS become NaN and the table shows "—").
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GNU_TIME = '/usr/bin/time';
const RUSAGE_PY = fileURLToPath(new URL('./rusage.py', import.meta.url));

let how;
/** Which accounting this machine allows: 'gnu-time', 'python' (needs a python3) or 'wall'. */
export function accounting(python) {
  if (how) return how;
  if (existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%U', 'true'], { encoding: 'utf8' }).status === 0) how = { kind: 'gnu-time' };
  else if (python) how = { kind: 'python', python };
  else how = { kind: 'wall' };
  return how;
}

/** Runs cmd args to completion; returns {code, stdout, stderr, wall, cpu, maxRssMiB}. */
export function measure(cmd, args, { timeoutSeconds = 3600, python, env, input, cwd } = {}) {
  const acc = accounting(python);
  const dir = mkdtempSync(join(tmpdir(), 'sl-bench-ru-'));
  const ru = join(dir, 'ru');
  const [c, a] =
    acc.kind === 'gnu-time' ? [GNU_TIME, ['-f', '%U %S %M', '-o', ru, cmd, ...args]]
      : acc.kind === 'python' ? [acc.python, [RUSAGE_PY, ru, cmd, ...args]]
        : [cmd, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(c, a, { encoding: 'utf8', maxBuffer: 1 << 30, timeout: timeoutSeconds * 1000, env: env ?? process.env, input, cwd });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  let user = NaN, sys = NaN, rssKiB = NaN;
  try {
    // GNU time prefixes "Command exited with non-zero status" lines: the numbers are the last line.
    [user, sys, rssKiB] = readFileSync(ru, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
  } catch { /* no accounting (wall-only, or the child was killed) */ }
  rmSync(dir, { recursive: true, force: true });
  const code = r.error?.code === 'ETIMEDOUT' ? 'timeout' : r.status;
  return { code, stdout: r.stdout ?? '', stderr: r.stderr ?? '', wall, cpu: user + sys, maxRssMiB: rssKiB / 1024 };
}
