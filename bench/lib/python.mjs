// The Python the peers run on. Debian's /usr/bin/python3 (python3-scipy/numpy/pandas, what .ci/run
// installs) comes first: a pyenv `python3` on PATH often lacks them. Returns the first interpreter
// that imports every module asked for, or undefined with the reason.
import { spawnSync } from 'node:child_process';

const CANDIDATES = ['/usr/bin/python3', 'python3'];
const cache = new Map();

export function findPython(modules) {
  const key = modules.join(',');
  if (cache.has(key)) return cache.get(key);
  let found = { python: undefined, why: `no python3 imports ${modules.join(', ')} (apt-get install -y ${modules.map((m) => `python3-${m}`).join(' ')})` };
  for (const py of CANDIDATES) {
    const r = spawnSync(py, ['-c', `import ${key}`], { encoding: 'utf8' });
    if (r.status === 0) { found = { python: py }; break; }
  }
  cache.set(key, found);
  return found;
}
