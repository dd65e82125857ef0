// Ingest benchmark: our streaming CSV/JSONL parsers vs papaparse vs pandas.read_csv on the same files,
// in the same run. Files are generated in a temp dir (~200 MB CSV, multi-million-line JSONL), each parser
// runs in its own child process so its peak RSS (getrusage maxRSS) is its own. Prints a table.
// Run: node bench/ingest.bench.mjs   (or via node scripts/bench.mjs). Env: INGEST_BENCH_MB (CSV size, default 200),
// INGEST_BENCH_JSONL_LINES (default 3e6), INGEST_BENCH_KEEP=1 keeps the temp dir.
import { mkdtempSync, rmSync, writeFileSync, statSync, openSync, writeSync, closeSync, existsSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(repo, 'package.json'));
const CSV_MB = Number(process.env.INGEST_BENCH_MB ?? 200);
const JSONL_LINES = Number(process.env.INGEST_BENCH_JSONL_LINES ?? 3e6);
const PY = '/usr/bin/python3';
const dir = mkdtempSync(join(tmpdir(), 'ingest-bench-'));
const t0 = Date.now();
const loadAtStart = loadavg();

// ------------------------------------------------------------------ data
function lcg(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function writeCsv(path, targetBytes) {
  const rnd = lcg(1);
  const fd = openSync(path, 'w');
  writeSync(fd, 'run,step,tokens,params,loss,val_loss,lr,grad_norm,throughput,wall_time\n');
  let bytes = 0;
  let rows = 0;
  const sizes = [125e6, 350e6, 760e6, 1.3e9, 2.7e9, 6.7e9];
  while (bytes < targetBytes) {
    const parts = [];
    for (let k = 0; k < 20000; k++) {
      const run = rows % 64;
      const step = (rows >> 6) + 1;
      const loss = 1.8 + 400 / Math.sqrt(step + 10) + rnd() * 0.05;
      parts.push(
        `run_${run},${step},${step * 524288},${sizes[run % 6]},${loss.toFixed(6)},${(loss + 0.02 + rnd() * 0.01).toFixed(6)},${(3e-4 * (1 - step / 1e6)).toExponential(6)},${(rnd() * 2).toFixed(4)},${Math.round(1e5 + rnd() * 1e4)},${(1.7e9 + rows * 0.37).toFixed(3)}\n`,
      );
      rows++;
    }
    const s = parts.join('');
    writeSync(fd, s);
    bytes += s.length;
  }
  closeSync(fd);
  return rows;
}

function writeJsonl(path, lines) {
  const rnd = lcg(2);
  const fd = openSync(path, 'w');
  for (let i = 0; i < lines; ) {
    const parts = [];
    for (let k = 0; k < 20000 && i < lines; k++, i++) {
      const loss = 1.8 + 400 / Math.sqrt(i + 10) + rnd() * 0.05;
      parts.push(`{"_step": ${i}, "train/loss": ${loss.toFixed(6)}, "train/lr": ${(3e-4 * rnd()).toExponential(4)}, "tokens": ${i * 524288}, "run": "r${i % 8}"}\n`);
    }
    writeSync(fd, parts.join(''));
  }
  closeSync(fd);
}

// ------------------------------------------------------------------ harnesses
const oursEntry = join(dir, 'ours-entry.ts');
writeFileSync(
  oursEntry,
  `import { createReadStream } from 'node:fs';
import { CsvParser } from ${JSON.stringify(join(repo, 'src/core/ingest/csv.ts'))};
import { JsonlParser } from ${JSON.stringify(join(repo, 'src/core/ingest/json.ts'))};
const [kind, file] = process.argv.slice(2);
const t = performance.now();
const p = kind === 'csv' ? new CsvParser({ file }) : new JsonlParser({ file });
const s = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
s.on('data', (c) => p.push(c));
s.on('end', () => {
  const table = p.end();
  const ms = performance.now() - t;
  let check = 0;
  for (const c of table.columns) if (c.kind === 'number') for (let i = 0; i < c.values.length; i += 997) check += c.values[i] || 0;
  console.log(JSON.stringify({ ms, rows: table.rowCount, numeric: table.columns.filter((c) => c.kind === 'number').length, maxRssKB: process.resourceUsage().maxRSS, cpuMs: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000, check }));
});
`,
);
const papaHarness = join(dir, 'papa.cjs');
writeFileSync(
  papaHarness,
  `const Papa = require(${JSON.stringify(require.resolve('papaparse'))});
const fs = require('node:fs');
const file = process.argv[2];
const t = performance.now();
// Same job as ours: keep every numeric column as a growable Float64Array, text columns as arrays.
let cols = null, names = null, n = 0;
function push(row) {
  if (!cols) { names = Object.keys(row); cols = names.map((k) => (typeof row[k] === 'number' ? { num: true, v: new Float64Array(1 << 16) } : { num: false, v: [] })); }
  for (let j = 0; j < names.length; j++) {
    const c = cols[j]; const x = row[names[j]];
    if (c.num) { if (n >= c.v.length) { const a = new Float64Array(c.v.length * 2); a.set(c.v); c.v = a; } c.v[n] = typeof x === 'number' ? x : NaN; }
    else c.v.push(x);
  }
  n++;
}
Papa.parse(fs.createReadStream(file), {
  header: true, dynamicTyping: true, skipEmptyLines: true,
  chunk(res) { for (const r of res.data) push(r); },
  complete() {
    const ms = performance.now() - t;
    const u = process.resourceUsage();
    console.log(JSON.stringify({ ms, rows: n, numeric: cols.filter((c) => c.num).length, maxRssKB: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
  },
  error(e) { console.error(e); process.exit(1); },
});
`,
);
const naiveJsonl = join(dir, 'naive-jsonl.cjs');
writeFileSync(
  naiveJsonl,
  `const fs = require('node:fs'); const readline = require('node:readline');
const t = performance.now(); let n = 0; const cols = {};
const rl = readline.createInterface({ input: fs.createReadStream(process.argv[2]), crlfDelay: Infinity });
rl.on('line', (l) => { if (!l) return; const o = JSON.parse(l); for (const k in o) (cols[k] ??= []).push(o[k]); n++; });
rl.on('close', () => { const u = process.resourceUsage(); console.log(JSON.stringify({ ms: performance.now() - t, rows: n, maxRssKB: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 })); });
`,
);
const pyHarness = join(dir, 'pandas_read.py');
writeFileSync(
  pyHarness,
  `import sys, time, json, resource
import pandas as pd
kind, path = sys.argv[1], sys.argv[2]
t = time.perf_counter()
r0 = resource.getrusage(resource.RUSAGE_SELF)
df = pd.read_csv(path) if kind == 'csv' else pd.read_json(path, lines=True)
ms = (time.perf_counter() - t) * 1000
r1 = resource.getrusage(resource.RUSAGE_SELF)
cpu = (r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1000
print(json.dumps({"ms": ms, "cpuMs": cpu, "rows": int(len(df)), "numeric": int(sum(1 for d in df.dtypes if d.kind in 'fiu')), "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "version": pd.__version__}))
`,
);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24, timeout: 120000 });
  if (r.status !== 0) return { error: (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').slice(-1)[0] };
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    return { error: `unexpected output: ${r.stdout.slice(0, 200)}` };
  }
}

function baselineRssKB() {
  const r = spawnSync(process.execPath, ['-e', 'console.log(process.resourceUsage().maxRSS)'], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

try {
  const { build } = await import(require.resolve('esbuild'));
  const oursBundle = join(dir, 'ours.cjs');
  await build({ entryPoints: [oursEntry], outfile: oursBundle, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error', absWorkingDir: repo, mainFields: ['module', 'main'] });

  const csv = join(dir, 'runs.csv');
  const jsonl = join(dir, 'metrics.jsonl');
  process.stderr.write(`generating ${CSV_MB} MB CSV and ${JSONL_LINES} JSONL lines in ${dir} ...\n`);
  const csvRows = writeCsv(csv, CSV_MB * 1e6);
  writeJsonl(jsonl, JSONL_LINES);
  const csvMB = statSync(csv).size / 1e6;
  const jsonlMB = statSync(jsonl).size / 1e6;
  const havePandas = spawnSync(PY, ['-c', 'import pandas'], { encoding: 'utf8' }).status === 0;
  const nodeBase = baselineRssKB();

  const results = [];
  const add = (file, mb, parser, r) => results.push({ file, mb, parser, ...r });
  process.stderr.write('CSV: ours ...\n');
  add('csv', csvMB, 'ours (streaming, typed columns)', run(process.execPath, [oursBundle, 'csv', csv]));
  process.stderr.write('CSV: papaparse ...\n');
  add('csv', csvMB, 'papaparse (stream, dynamicTyping)', run(process.execPath, [papaHarness, csv]));
  if (havePandas) {
    process.stderr.write('CSV: pandas ...\n');
    add('csv', csvMB, 'pandas.read_csv', run(PY, [pyHarness, 'csv', csv]));
  } else add('csv', csvMB, 'pandas.read_csv', { error: `skipped: ${PY} has no pandas (apt-get install -y python3-pandas)` });
  process.stderr.write('JSONL: ours ...\n');
  add('jsonl', jsonlMB, 'ours (streaming, typed columns)', run(process.execPath, [oursBundle, 'jsonl', jsonl]));
  process.stderr.write('JSONL: readline + JSON.parse ...\n');
  add('jsonl', jsonlMB, 'readline + JSON.parse (arrays)', run(process.execPath, [naiveJsonl, jsonl]));
  if (havePandas) {
    process.stderr.write('JSONL: pandas ...\n');
    add('jsonl', jsonlMB, 'pandas.read_json(lines=True)', run(PY, [pyHarness, 'jsonl', jsonl]));
  } else add('jsonl', jsonlMB, 'pandas.read_json(lines=True)', { error: 'skipped: no pandas' });
  // Issue 16: a tiny wide file must cost memory for its cells, not columns × a block (was 5.4 GB).
  const wide = join(dir, 'wide.csv');
  const names = Array.from({ length: 20000 }, (_, j) => `c${j}`);
  writeFileSync(wide, names.join(',') + '\n' + names.map((_, j) => String(j % 97)).join(',') + '\n');
  process.stderr.write('wide CSV (20 000 columns x 1 row): ours ...\n');
  const wr = run(process.execPath, [oursBundle, 'csv', wide]);
  add('wide csv', statSync(wide).size / 1e6, 'ours, 20 000 columns × 1 row', { ...wr, ...(wr.maxRssKB > 200 * 1024 ? { error: `peak RSS ${(wr.maxRssKB / 1024).toFixed(0)} MB is over the 200 MB budget` } : {}) });

  const rows = results.map((r) =>
    r.error
      ? [r.file, r.parser, `${r.mb.toFixed(0)} MB`, '', '', '', '', '', r.error]
      : [r.file, r.parser, `${r.mb.toFixed(0)} MB`, String(r.rows), (r.ms / 1000).toFixed(2), (r.mb / (r.ms / 1000)).toFixed(0), r.cpuMs ? (r.mb / (r.cpuMs / 1000)).toFixed(0) : '?', (r.maxRssKB / 1024).toFixed(0), ''],
  );
  const head = ['file', 'parser', 'size', 'rows', 'seconds', 'MB/s wall', 'MB/s CPU', 'peak RSS MB', 'note'];
  const w = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (r) => r.map((x, j) => x.padEnd(w[j])).join('  ').trimEnd();
  console.log(`\ningest benchmark (node ${process.version}; CSV ${csvRows} rows × 10 columns, 9 numeric; JSONL ${JSONL_LINES} lines; idle node process RSS ${(nodeBase / 1024).toFixed(0)} MB)`);
  console.log(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average at start ${loadAtStart.map((x) => x.toFixed(1)).join(' ')}, at end ${loadavg().map((x) => x.toFixed(1)).join(' ')}: compare rows of one run, not runs on different machines; 'MB/s CPU' divides by the process's user+system CPU time (includes Node's GC threads), which is steadier than wall time on a busy machine`);
  console.log(line(head));
  console.log(line(w.map((n) => '-'.repeat(n))));
  for (const r of rows) console.log(line(r));
  console.log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const outDir = join(repo, 'bench', 'results');
  if (existsSync(join(repo, 'bench'))) {
    try {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(outDir, { recursive: true });
      writeFileSync(join(outDir, 'ingest.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2));
    } catch {
      /* results are optional */
    }
  }
} finally {
  if (!process.env.INGEST_BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}
