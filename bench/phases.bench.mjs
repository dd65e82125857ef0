// Issue 7's benchmark: the PLRF theory core next to a numpy implementation of the same recursion.
//  1. exact modal recursion, d = 4096 modes, 1e7 steps on the log-time grid (target < 2 s), vs numpy;
//  2. exact spectrum of one W (K = W^T D W + eigensolver) at d = 1024, ours vs numpy (BLAS + LAPACK eigh);
//  3. one compute-optimal exponent measurement at alpha = beta = 0.7, d = 64..1024 (target < 30 s),
//     with one exact W per d and with the deterministic equivalent;
//  4. a 20 × 20 (alpha, beta) heatmap: closed form where known, measured (d = 32..256) elsewhere.
// Run standalone: node bench/phases.bench.mjs  (loads the TypeScript sources through tsx).
// Env: PHASES_BENCH_QUICK=1 skips the heatmap.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Load the TypeScript sources through tsx: re-run this file under `node --import tsx` once.
if (!process.env.PHASES_BENCH_UNDER_TSX) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { stdio: 'inherit', env: { ...process.env, PHASES_BENCH_UNDER_TSX: '1' } });
  process.exit(r.status ?? 1);
}
const T = await import('../src/core/theory/index.ts');
const PY = '/usr/bin/python3';
const hasNumpy = spawnSync(PY, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
const peer = (input) => {
  const r = spawnSync(PY, [new URL('./peers/plrf_numpy.py', import.meta.url).pathname], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
};
const time = (f, reps = 1) => {
  let best = Infinity, out;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    out = f();
    best = Math.min(best, performance.now() - t0);
  }
  return [best / 1000, out];
};
const rows = [];
const row = (what, ours, numpy, target, note = '') => rows.push({ what, ours, numpy, target, note });

// 1. recursion on a d = 4096 spectrum. Building the exact spectrum of a d = 4096 W takes minutes in
// JS, so the recursion runs on the authors' cheap spectrum (theory_rhos: lambda_j = j^-2alpha,
// c_j = lambda_j (j^-2beta + c_beta/d)), the same arrays for both sides.
{
  const alpha = 0.7, beta = 0.7, d = 4096;
  const p = T.makeParams({ alpha, beta, d });
  const lam = new Float64Array(d), c = new Float64Array(d), w = new Float64Array(d).fill(1);
  let cb = 0;
  for (let j = 1; j <= d; j++) cb += j ** (-2 * beta);
  for (let j = 1; j <= d; j++) {
    lam[j - 1] = j ** (-2 * alpha);
    c[j - 1] = lam[j - 1] * (j ** (-2 * beta) + cb / d);
  }
  const spec = { lambda: lam, c, weight: w, pRes: T.limitLoss(alpha, beta, d, p.v).F0, p0: T.initialLoss(alpha, beta, p.v) };
  const steps = T.logStepGrid(1e7, 40);
  const [ours, loss] = time(() => T.modalCurve(spec, p, steps), 3);
  let numpy = null, maxRel = null;
  if (hasNumpy) {
    const r = peer({ curve: { lam: Array.from(lam), c: Array.from(c), w: Array.from(w), pRes: spec.pRes, lr: p.lr, batch: p.batch, steps, rho: 0.02 } });
    numpy = r.curve.seconds;
    maxRel = Math.max(...r.curve.loss.map((x, k) => Math.abs(x / loss[k] - 1)));
  }
  row('exact recursion d=4096, 1e7 steps (log grid)', ours, numpy, 2, maxRel === null ? '' : `max rel. diff vs numpy ${maxRel.toExponential(1)}`);
}

// 2. exact spectrum of one W at d = 1024 (v = 4096)
{
  const p = T.makeParams({ alpha: 0.7, beta: 0.7, d: 1024 });
  const [tK, KG] = time(() => T.buildKernelMatrix(p, 1));
  const [tE] = time(() => T.symEigenProject(KG.K, p.d, KG.g));
  let numpy = null;
  if (hasNumpy) numpy = peer({ eigen: { alpha: 0.7, beta: 0.7, d: 1024, v: 4096 } }).eigen.seconds;
  row('exact spectrum d=1024 (W^T D W + eigen)', tK + tE, numpy, null, `ours: K ${tK.toFixed(2)} s + tridiagonal QL ${tE.toFixed(2)} s; ml-matrix 6 eigen alone measured 7.3 s`);
}

// 3. one exponent measurement
{
  const [t, r] = time(() => T.measureExponents({ alpha: 0.7, beta: 0.7 }));
  row('exponents (0.7, 0.7), d=64..1024, exact 1 W/d', t, null, 30, `xi ${r.xi.toFixed(3)} eta ${r.eta.toFixed(3)} (closed form 0.5 / 0.643, paper measured 0.648)`);
  const [t2, r2] = time(() => T.measureExponents({ alpha: 0.7, beta: 0.7, method: 'deterministic' }));
  row('exponents (0.7, 0.7), d=64..1024, deterministic', t2, null, 30, `xi ${r2.xi.toFixed(3)} eta ${r2.eta.toFixed(3)} (W-averaged; finite-size bias)`);
}

// 4. 20 × 20 heatmap
if (!process.env.PHASES_BENCH_QUICK) {
  const alphas = Array.from({ length: 20 }, (_, i) => 0.15 + (i * 1.35) / 19);
  const betas = Array.from({ length: 20 }, (_, i) => 0.05 + (i * 1.95) / 19);
  const [t, cells] = time(() => T.exponentHeatmap(alphas, betas));
  const n = (s) => cells.filter((c) => c.source === s).length;
  row('heatmap 20x20', t, null, null, `${n('closed-form')} closed-form, ${n('measured')} measured, ${n('unknown')} unknown/undefined`);
}

const f = (x) => (x === null ? '—' : `${x.toFixed(3)} s`);
console.log(hasNumpy ? '' : `numpy peer skipped: ${PY} with numpy not found (apt-get install -y python3-numpy)`);
console.log('phases benchmark'.padEnd(52) + 'ours'.padStart(11) + 'numpy'.padStart(11) + 'ratio'.padStart(8) + 'target'.padStart(9) + '  note');
for (const r of rows) {
  const ratio = r.numpy ? (r.ours / r.numpy).toFixed(2) : '—';
  console.log(r.what.padEnd(52) + f(r.ours).padStart(11) + f(r.numpy).padStart(11) + ratio.padStart(8) + (r.target ? `< ${r.target} s` : '').padStart(9) + '  ' + r.note);
}
