// Issue 14: what a default fit with intervals and diagnostics costs on Epoch's 245 real points (no
// flags, as a new user runs it), for several bootstrap counts, and how stable its intervals are
// against a 4000-resample reference (Monte Carlo error of the interval endpoints). Built CLI, 2 threads.
// Usage: npm run bench trust   (BENCH_SEEDS=5 BENCH_COUNTS=0,50,100,200,400 to change the grid)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const REF = new URL('../../shared/reference-data/epoch_chinchilla/svg_extracted_data.csv', import.meta.url).pathname;
if (!existsSync('dist/cli.js')) { console.log('dist/cli.js missing: run npm run build first'); process.exit(1); }
if (!existsSync(REF)) { console.log(`skipped: ${REF} not found (reference data lives beside the repo in shared/)`); process.exit(0); }
const COUNTS = (process.env.BENCH_COUNTS ?? '0,50,100,200,400').split(',').map(Number);
const SEEDS = Number(process.env.BENCH_SEEDS ?? 5);
const REFERENCE_K = 4000;

function fit(k, seed) {
  const r = spawnSync(process.execPath, ['bench/lib/measure-cli.cjs', 'fit', REF, '--bootstrap', String(k), '--seed', String(seed), '--threads', '2', '--json', '--quiet'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(r.stderr);
  const m = JSON.parse(r.stderr.trim().split('\n').pop());
  return { seconds: m.seconds, cpu: m.cpuSeconds, report: JSON.parse(r.stdout) };
}

// Quantities a user reads, per bootstrap draw: the parameters, the compute-optimal tokens/param at
// the largest budget in the data, and the loss predicted at 70B parameters, 1.4T tokens.
const names = ['E', 'A', 'B', 'alpha', 'beta'];
function quantities(p, C) {
  const G = ((p.alpha * p.A) / (p.beta * p.B)) ** (1 / (p.alpha + p.beta));
  const a = p.beta / (p.alpha + p.beta), b = p.alpha / (p.alpha + p.beta);
  const N = G * (C / 6) ** a, D = (C / 6) ** b / G;
  return { ...Object.fromEntries(names.map((n) => [n, p[n]])), tokensPerParam: D / N, loss70B: p.E + p.A / 7e10 ** p.alpha + p.B / 1.4e12 ** p.beta };
}
function intervals(report) {
  const C = report.diagnostics.headline.answer.C;
  const draws = report.bootstrap.samples.map((s) => quantities(Object.fromEntries(names.map((n, j) => [n, s[j]])), C));
  const out = {};
  for (const q of Object.keys(draws[0])) {
    const v = draws.map((d) => d[q]).filter(Number.isFinite).sort((x, y) => x - y);
    const at = (f) => { const pos = f * (v.length - 1), lo = Math.floor(pos); return v[lo] + (v[Math.min(v.length - 1, lo + 1)] - v[lo]) * (pos - lo); };
    out[q] = [at(0.025), at(0.975)];
  }
  return out;
}

console.log(`Epoch's 245 points, no flags (4500 starts, diagnostics), ${SEEDS} seeds per count, 2 threads; reference: bootstrap ${REFERENCE_K}`);
// The diagnostics alone, in a fresh process (cold) and repeated (warm).
const diag = spawnSync(process.execPath, ['--import', 'tsx', 'bench/lib/diagnostics-time.ts', REF], { encoding: 'utf8' });
if (diag.status === 0) {
  const d = JSON.parse(diag.stdout.trim().split('\n').pop());
  console.log(`diagnostics alone: ${d.coldCpuMs.toFixed(0)} ms CPU cold, ${d.warmCpuMs.toFixed(0)} ms warm (${d.flagged} points flagged)`);
} else console.log('diagnostics timing failed:', diag.stderr);
const ref = fit(REFERENCE_K, 1000);
const refIv = intervals(ref.report);
console.log(`reference fit: ${ref.seconds.toFixed(2)} s`);
console.log('\n| bootstrap | wall s (median) | CPU s (median, all threads) | endpoint error vs reference: median | worst |');
console.log('|---|---|---|---|---|');
const rows = new Map(COUNTS.map((k) => [k, { times: [], cpu: [], errs: [] }]));
// Interleaved: every count once per round, so load on the machine hits all counts alike.
for (let s = 1; s <= SEEDS; s++) {
  for (const k of COUNTS) {
    const r = fit(k, s), row = rows.get(k);
    row.times.push(r.seconds);
    row.cpu.push(r.cpu);
    if (k >= 20) {
      const iv = intervals(r.report);
      for (const q of Object.keys(refIv)) {
        const w = refIv[q][1] - refIv[q][0];
        row.errs.push(Math.abs(iv[q][0] - refIv[q][0]) / w, Math.abs(iv[q][1] - refIv[q][1]) / w);
      }
    }
  }
}
const med = (v) => [...v].sort((x, y) => x - y)[v.length >> 1];
for (const [k, row] of rows) {
  console.log(`| ${k} | ${med(row.times).toFixed(2)} | ${med(row.cpu).toFixed(2)} | ${row.errs.length ? (100 * med(row.errs)).toFixed(0) + ' %' : '–'} | ${row.errs.length ? (100 * Math.max(...row.errs)).toFixed(0) + ' %' : '–'} |`);
}
console.log('\nendpoint error: |endpoint - reference endpoint| / reference interval width, over E, A, B, alpha, beta, tokens/param at the largest budget and the loss at 70B/1.4T, both endpoints, all seeds.');
