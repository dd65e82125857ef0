// npm run bench [-- --quick] [--runs N] [--big] [NAME ...]
// Runs the harness benches (bench/<name>.bench.mjs exporting a default (ctx) => rows; see
// bench/lib/harness.mjs) in one BenchContext and writes ONE table: bench/results/bench.{md,json}
// (gitignored) and, for a complete timed run, docs/BENCHMARKS.md, which the README quotes.
//   --quick   one run each on small data: the same-result checks only (CI); nothing is timed or asserted
//   --runs N  runs per side (default 5)
//   --big     the large sizes (6M-row CSV, phases at d = 4096)
//   NAME      only the benches whose name contains NAME; the older single-purpose scripts
//             (lbfgsb, trust, vpnls) run only when named, as scripts.
// Exit code 1 when a same-result check FAILs.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BenchContext } from '../bench/lib/harness.mjs';
import { accounting } from '../bench/lib/measure.mjs';
import { markdown, machine, summary } from '../bench/lib/table.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HARNESS = ['fit', 'ingest', 'curves', 'phases'];
const SCRIPTS = ['lbfgsb', 'trust', 'vpnls'];
const START = '<!-- bench:start (written by npm run bench) -->', END = '<!-- bench:end -->';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const big = argv.includes('--big');
const ri = argv.indexOf('--runs');
const runs = ri >= 0 ? Number(argv[ri + 1]) : undefined;
if (ri >= 0 && !(runs >= 1)) { console.error('--runs needs a count >= 1'); process.exit(2); }
const filters = argv.filter((a, i) => !a.startsWith('--') && i !== ri + 1);
const pick = (names) => names.filter((n) => filters.length === 0 || filters.some((f) => n.includes(f)));

if (!existsSync(join(repo, 'dist', 'cli.js'))) { console.error('dist/cli.js is missing: run npm run build first'); process.exit(2); }

let failed = false;
for (const name of filters.length ? pick(SCRIPTS) : []) {
  console.log(`\n===== bench/${name}.bench.mjs (script) =====`);
  const r = spawnSync(process.execPath, [`bench/${name}.bench.mjs`], { stdio: 'inherit', cwd: repo });
  if (r.status !== 0) failed = true;
}

const benches = pick(HARNESS);
if (benches.length) {
  const started = new Date().toISOString();
  const loadStart = loadavg();
  const rows = [];
  for (const name of benches) {
    console.error(`\n===== ${name} =====`);
    const ctx = new BenchContext({ repo, quick, runs, big, bench: name });
    const mod = await import(pathToFileURL(join(repo, 'bench', `${name}.bench.mjs`)).href);
    await mod.default(ctx);
    rows.push(...ctx.rows);
  }
  const acc = accounting();
  const info = {
    rows, started, finished: new Date().toISOString(), loadStart, loadEnd: loadavg(), runs: rows[0]?.runs ?? runs ?? 5, quick, big,
    accounting: acc.kind === 'gnu-time' ? 'GNU time' : acc.kind === 'python' ? 'getrusage of the child' : 'not available: wall only',
  };
  const md = markdown(info);
  console.log('\n' + md);
  const out = join(repo, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'bench.md'), md);
  writeFileSync(join(out, 'bench.json'), JSON.stringify({ machine: machine(), ...info }, null, 2) + '\n');
  if (!quick && filters.length === 0) {
    writeFileSync(join(repo, 'docs', 'BENCHMARKS.md'), `# Benchmarks\n\nWritten by \`npm run bench${big ? ' -- --big' : ''}\` (scripts/bench.mjs, bench/lib/); the README quotes this table. ` +
      'Each row runs the command a user runs next to the peer a user would pick, as whole processes on the same data, and checks that both reach the same result.\n\n' + md);
    // The README quotes the same run between its markers, so its figures cannot go stale silently.
    const readme = join(repo, 'README.md');
    const text = readFileSync(readme, 'utf8');
    const a = text.indexOf(START), b = text.indexOf(END);
    if (a >= 0 && b > a) writeFileSync(readme, text.slice(0, a + START.length) + '\n' + summary(info) + text.slice(b));
    console.log(`wrote docs/BENCHMARKS.md${a >= 0 && b > a ? ' and the README\'s quote' : ''}`);
  }
  console.log(`wrote bench/results/bench.md and bench.json`);
  if (rows.some((r) => r.check.ok === false)) {
    failed = true;
    console.log(`FAIL: ${rows.filter((r) => r.check.ok === false).map((r) => r.id).join(', ')}`);
  }
}
process.exit(failed ? 1 : 0);
