// npm run bench: runs every bench/*.bench.mjs in turn (each compares us with the peer a user
// would pick, in the same run) and prints their reports. Pass substrings to run a subset.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const filters = process.argv.slice(2);
const files = readdirSync('bench').filter((f) => f.endsWith('.bench.mjs') && (filters.length === 0 || filters.some((s) => f.includes(s)))).sort();
let failed = 0;
for (const f of files) {
  console.log(`\n===== ${f} =====`);
  const r = spawnSync(process.execPath, [`bench/${f}`], { stdio: 'inherit' });
  if (r.status !== 0) { failed++; console.log(`${f} exited with ${r.status}`); }
}
process.exit(failed ? 1 : 0);
