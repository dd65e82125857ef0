// Per-iteration cost of our L-BFGS-B itself (src/core/optimize/lbfgsb.ts), for the hot use: many
// small bounded solves (n = 5, m = 10). Three measurements (the first two for the dense and the
// compact representation of B), each reported in µs per iteration:
//   quad5       a 5-D bounded quartic-plus-quadratic with a trivial objective (~0.05 µs);
//   replay      the Chinchilla replication's 4500 grid starts + 500 bootstrap refits with the
//               objective replaced by a replay of recorded (f, g) values: optimizer-only cost on the
//               real iterate sequence (the replay is checked to consume exactly the recording);
//   chinchilla  the same 4500 starts with the real objective (optimizer + objective), with the
//               objective in WebAssembly SIMD (default) and in JavaScript.
// CPU time (process.cpuUsage) of chunks of ~100 solves, min over repeats, summed: robust on a
// loaded machine. BENCH_REPS (default 9) sets the repeats. The code is bundled with esbuild from
// src/ into a temp dir, so this measures the current sources (no npm run build needed).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const REF = resolve(root, '../shared/reference-data/epoch_chinchilla/svg_extracted_data.csv');
const REPS = Number(process.env.BENCH_REPS ?? 9);
const src = (p) => JSON.stringify(join(root, 'src', p));

const entry = `
import { readFileSync, existsSync } from 'node:fs';
import { lbfgsb } from ${src('core/optimize/lbfgsb')};
import { prepare, startPointGenerator, startCount, DEFAULT_TOLERANCES } from ${src('core/fit/problem')};
import { CHINCHILLA_OBJECTIVE } from ${src('core/optimize/objective')};
import { bootstrapWeights } from ${src('core/fit/engine')};
import { setSimdEnabled } from ${src('core/laws/chinchillaSimd')};

const REF = ${JSON.stringify(REF)};
const REPS = ${REPS};

function cpu(fn) {
  let best = Infinity;
  for (let r = 0; r < REPS; r++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    best = Math.min(best, c.user + c.system);
  }
  return best;
}

// Sum over chunks of the min CPU time of each chunk; run(k) solves job k.
function chunked(count, run, setup = () => {}) {
  let total = 0;
  for (let c = 0; c < count; c += 100) {
    const e = Math.min(count, c + 100);
    total += cpu(() => { setup(c); for (let k = c; k < e; k++) run(k); });
  }
  return total;
}

function quadJobs(count) {
  const a = [1, 3, 10, 30, 100], c = [-2, 3, 0.5, 4, -1];
  const fg = (x, g) => {
    let f = 0;
    for (let i = 0; i < 5; i++) { const r = x[i] - c[i]; const x2 = x[i] * x[i]; f += a[i] * r * r + 0.05 * x2 * x2; g[i] = 2 * a[i] * r + 0.2 * x2 * x[i]; }
    for (let i = 0; i < 4; i++) { f += 0.3 * x[i] * x[i + 1]; g[i] += 0.3 * x[i + 1]; g[i + 1] += 0.3 * x[i]; }
    return f;
  };
  const lower = Float64Array.of(-10, -10, 1, -10, -10), upper = Float64Array.of(10, 2.5, 10, 10, 10);
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const jobs = [];
  for (let k = 0; k < count; k++) jobs.push({ fg, x0: Float64Array.from({ length: 5 }, () => -10 + 20 * rnd()), opts: { lower, upper, gtol: 1e-9, ftol: 1e-15 } });
  return jobs;
}

function chinchillaJobs(nboot) {
  const lines = readFileSync(REF, 'utf8').trim().split('\\n');
  const h = lines[0].split(',');
  const iN = h.indexOf('Model Size'), iC = h.indexOf('Training FLOP'), iL = h.indexOf('loss');
  const rows = lines.slice(1).map((l) => l.split(',')).map((c) => ({ N: +c[iN], C: +c[iC], loss: +c[iL] }));
  const cutoff = rows.map((r) => r.loss).sort((a, b) => a - b)[rows.length - 5];
  const kept = rows.filter((r) => r.loss < cutoff); // the replication drops the 5 highest losses
  const problem = {
    lawId: 'chinchilla', lawOptions: {}, objective: CHINCHILLA_OBJECTIVE, fixed: {}, starts: { kind: 'grid', name: 'chinchilla' }, seed: 7,
    tolerances: { ...DEFAULT_TOLERANCES },
    x: { N: Float64Array.from(kept, (r) => r.N), D: Float64Array.from(kept, (r) => r.C / (6 * r.N)) },
    y: Float64Array.from(kept, (r) => r.loss),
  };
  const t = problem.tolerances;
  const prep = prepare(problem);
  const gen = startPointGenerator(problem, prep);
  const jobs = [];
  for (let s = 0; s < startCount(problem, prep); s++) jobs.push({ fg: prep.objective.fg, x0: gen(s), opts: { lower: prep.lower, upper: prep.upper, m: t.m, ftol: t.ftol, gtol: t.gtol, maxIter: t.maxIter, maxFun: t.maxFun } });
  const starts = jobs.length;
  let best = Infinity, bx = jobs[0].x0;
  for (const j of jobs) { const r = lbfgsb(j.fg, j.x0, j.opts); if (r.status === 0 && r.fun < best) { best = r.fun; bx = Float64Array.from(r.x); } }
  for (let b = 0; b < nboot; b++) {
    const pb = prepare(problem, bootstrapWeights(problem.y.length, problem.seed, b));
    jobs.push({ fg: pb.objective.fg, x0: Float64Array.from(bx), opts: { lower: pb.lower, upper: pb.upper, m: t.m, ftol: t.refineFtol, gtol: t.refineGtol, maxIter: t.maxIter, maxFun: t.maxFun } });
  }
  return { jobs, starts };
}

function withRep(jobs, representation) {
  return jobs.map((j) => ({ ...j, opts: { ...j.opts, representation } }));
}

function direct(label, jobs) {
  let nit = 0, nfev = 0;
  for (const j of jobs) { const r = lbfgsb(j.fg, j.x0, j.opts); nit += r.nit; nfev += r.nfev; }
  const us = chunked(jobs.length, (k) => lbfgsb(jobs[k].fg, jobs[k].x0, jobs[k].opts));
  return { label, solves: jobs.length, nit, nfev, us };
}

function replay(label, jobs) {
  const n = jobs[0].x0.length;
  let log = new Float64Array(1 << 20), len = 0, nit = 0, nfev = 0;
  const off = [];
  for (const j of jobs) {
    off.push(len);
    const r = lbfgsb((x, g) => {
      const f = j.fg(x, g);
      if (len + n + 1 > log.length) { const nl = new Float64Array(2 * log.length); nl.set(log); log = nl; }
      log[len++] = f;
      for (let i = 0; i < n; i++) log[len++] = g[i];
      return f;
    }, j.x0, j.opts);
    nit += r.nit; nfev += r.nfev;
  }
  let p = 0;
  const fg = (_x, g) => { const f = log[p++]; for (let i = 0; i < n; i++) g[i] = log[p++]; return f; };
  let k2 = 0;
  for (const j of jobs) { if (p !== off[k2++]) throw new Error('replay diverged from the recording'); lbfgsb(fg, j.x0, j.opts); }
  if (p !== len) throw new Error('replay diverged from the recording');
  const us = chunked(jobs.length, (k) => lbfgsb(fg, jobs[k].x0, jobs[k].opts), (c) => { p = off[c]; });
  return { label, solves: jobs.length, nit, nfev, us };
}

const out = [];
// Each measurement for both representations of B (LbfgsbOptions.representation): the dense one is
// the default at these sizes, the compact one is the Fortran code's (scipy's arithmetic).
const quad = quadJobs(2000);
for (const rep of ['dense', 'compact']) out.push(direct('quad5 (trivial objective, n=5, m=10, bounded), ' + rep + ' B', withRep(quad, rep)));
if (existsSync(REF)) {
  const { jobs, starts } = chinchillaJobs(500);
  for (const rep of ['dense', 'compact']) out.push(replay('Chinchilla ' + starts + ' starts + 500 bootstrap refits, objective replayed (optimizer only), ' + rep + ' B', withRep(jobs, rep)));
  out.push(direct('Chinchilla ' + starts + ' starts, real objective (optimizer + objective), default (dense) B', jobs.slice(0, starts)));
  setSimdEnabled(false);
  out.push(direct('the same with the objective in JavaScript instead of WebAssembly SIMD', jobs.slice(0, starts)));
  setSimdEnabled(true);
} else {
  out.push({ skipped: 'Chinchilla measurements skipped: ' + REF + ' not found' });
}
console.log(JSON.stringify(out));
`;

const dir = mkdtempSync(join(tmpdir(), 'sl-lbfgsb-bench-'));
try {
  writeFileSync(join(dir, 'entry.ts'), entry);
  await build({ entryPoints: [join(dir, 'entry.ts')], bundle: true, platform: 'node', format: 'esm', outfile: join(dir, 'entry.mjs'), logLevel: 'warning' });
  const r = spawnSync(process.execPath, [join(dir, 'entry.mjs')], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    console.log('lbfgsb bench failed:', r.stderr);
    process.exit(1);
  }
  const results = JSON.parse(r.stdout.trim().split('\n').pop());
  console.log(`L-BFGS-B per-iteration cost (CPU time, per-chunk min of ${REPS} repeats, node ${process.version})`);
  for (const m of results) {
    if (m.skipped) { console.log('  ' + m.skipped); continue; }
    console.log(`  ${m.label}`);
    console.log(`    ${m.solves} solves, ${m.nit} iterations, ${m.nfev} evaluations: ${(m.us / m.nit).toFixed(2)} µs/iteration, ${(m.us / m.solves).toFixed(1)} µs/solve, ${(m.us / 1e6).toFixed(3)} s`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
