// Fit rows (issue 18): Epoch's reconstruction of the Chinchilla data (245 points, D = C/6N, the
// law's default 4500-start grid, Huber 1e-3 on log loss) as a user fits it, `scaling-laws fit FILE`,
// next to scipy L-BFGS-B from the same grid with an analytic gradient (bench/peers/chinchilla_scipy.py
// --csv: pandas reads the same file); then with a 4000-resample bootstrap; then 2 threads vs 1.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rel } from './lib/stats.mjs';

const NAMES = ['E', 'A', 'B', 'alpha', 'beta'];
// Same optimum: the objective to 1e-7 relative, each parameter to 1e-4 (the grid's best start ends
// where L-BFGS-B's tolerances stop it; 1e-4 is far below any standard error).
const OBJ_TOL = 1e-7, PARAM_TOL = 1e-4;
// Bootstrap standard errors of independent 4000-resample runs (different generators): their Monte
// Carlo error is ~1-2 %, heavier for A and B; 10 % on E, alpha, beta flags a different procedure.
const SE_TOL = 0.1;

const ourFit = (out) => JSON.parse(out);
const peerFit = (out) => JSON.parse(out);

function sameOptimum(ours, peer) {
  const dObj = rel(ours.objective.value, peer.fun);
  const dPar = Math.max(...NAMES.map((k) => rel(ours.params[k], peer.params[k])));
  const rows = ours.n === peer.n;
  const ok = rows && dObj <= OBJ_TOL && dPar <= PARAM_TOL;
  return { ok, detail: `${ours.n} vs ${peer.n} rows; objective ${ours.objective.value.toPrecision(8)} vs ${peer.fun.toPrecision(8)} (rel. diff ${dObj.toExponential(1)}, tol ${OBJ_TOL}); params max rel. diff ${dPar.toExponential(1)} (tol ${PARAM_TOL})` };
}

export default async function fitBench(ctx) {
  const REF = join(ctx.repo, '..', 'shared', 'reference-data', 'epoch_chinchilla', 'svg_extracted_data.csv');
  if (!existsSync(REF)) {
    ctx.skip('fit-epoch', 'Epoch fit', `${REF} not found (reference data lives beside the repo in shared/)`);
    return;
  }
  const py = ctx.peerPython(['scipy', 'pandas']);
  const peer = (label, extra) => ({ label, cmd: py.python, args: [join(ctx.repo, 'bench', 'peers', 'chinchilla_scipy.py'), '--csv', REF, ...extra], parse: peerFit, skip: py.why });
  const seconds = (r) => ({ converged: `${r.starts?.converged ?? r.converged}/${r.starts?.total ?? r.starts}` });

  // Quick mode (CI) keeps one peer fit: the bootstrap row checks the same optimum and the s.e.
  if (ctx.quick) ctx.skip('fit-epoch', 'Epoch fit, 245 points, 4500-start grid', 'quick mode: the bootstrap row below checks the same optimum');
  else await ctx.compare({
    id: 'fit-epoch',
    title: 'Epoch fit, 245 points, 4500-start grid',
    note: 'same data, same grid, same bounds, same Huber objective; scipy gets the analytic gradient',
    sides: [
      ctx.ours('scaling-laws fit (2 threads)', ['fit', REF, '--bootstrap', '0', '--json', '--quiet'], ourFit, { metrics: seconds }),
      peer('scipy L-BFGS-B (multi-start)', []),
    ],
    check: ([o, p]) => sameOptimum(o, p),
  });

  // Variable projection (issue 21): a 2D search over (alpha, beta) with E, A, B solved exactly, on
  // the same Huber objective; it must reach the multi-start optimum or lower.
  if (!ctx.quick) await ctx.compare({
    id: 'fit-epoch-vpnls',
    title: 'Epoch fit by variable projection (--procedure vpnls)',
    note: 'same data and Huber objective; ours searches (alpha, beta) and solves E, A, B at each point; scipy runs the 4500-start grid',
    sides: [
      ctx.ours('scaling-laws fit --procedure vpnls', ['fit', REF, '--procedure', 'vpnls', '--bootstrap', '0', '--json', '--quiet'], ourFit),
      peer('scipy L-BFGS-B (multi-start)', []),
    ],
    check: ([o, p]) => {
      const d = (o.objective.value - p.fun) / Math.abs(p.fun);
      const dPar = Math.max(...NAMES.map((k) => rel(o.params[k], p.params[k])));
      return { ok: o.n === p.n && d <= OBJ_TOL && dPar <= PARAM_TOL, detail: `objective ${o.objective.value.toPrecision(10)} vs ${p.fun.toPrecision(10)} (ours − scipy, relative: ${d.toExponential(1)}; must be ≤ ${OBJ_TOL}); params max rel. diff ${dPar.toExponential(1)}` };
    },
  });

  const K = ctx.quick ? 200 : 4000;
  await ctx.compare({
    id: 'fit-epoch-bootstrap',
    title: `Epoch fit + ${K} bootstrap refits`,
    note: 'bootstrap refits warm-start from the optimum on both sides, with the same tight tolerances (ftol 1e-15, gtol 1e-9)',
    sides: [
      ctx.ours('scaling-laws fit (2 threads)', ['fit', REF, '--bootstrap', String(K), '--seed', '1', '--json', '--quiet'], ourFit),
      peer('scipy L-BFGS-B', ['--bootstrap', String(K), '--seed', '1']),
    ],
    check: ([o, p]) => {
      const opt = sameOptimum(o, p);
      const se = ['E', 'alpha', 'beta'].map((k) => [k, rel(o.bootstrap.se[k], p.bootstrap.se[k])]);
      const worst = Math.max(...se.map(([, d]) => d));
      const tol = ctx.quick ? 0.5 : SE_TOL; // 200 resamples: ~5 % Monte Carlo error each
      return { ok: opt.ok && worst <= tol, detail: `${opt.detail}; bootstrap s.e. of E, alpha, beta differ by ${se.map(([k, d]) => `${k} ${(100 * d).toFixed(1)} %`).join(', ')} (tol ${100 * tol} %)` };
    },
  });

  await ctx.compare({
    id: 'fit-threads',
    title: 'Epoch fit, 2 threads vs 1 (2nd ÷ 1st above 1: threads help)',
    note: '--threads 2 is the default on 2 cores; results must be identical for any count',
    sides: [
      ctx.ours('scaling-laws fit --threads 2', ['fit', REF, '--bootstrap', '0', '--threads', '2', '--json', '--quiet'], ourFit),
      ctx.ours('scaling-laws fit --threads 1', ['fit', REF, '--bootstrap', '0', '--threads', '1', '--json', '--quiet'], ourFit),
    ],
    check: ([a, b]) => {
      const same = NAMES.every((k) => a.params[k] === b.params[k]) && a.objective.value === b.objective.value;
      return { ok: same, detail: same ? 'identical parameters and objective' : `differ: objective ${a.objective.value} vs ${b.objective.value}` };
    },
  });
}
