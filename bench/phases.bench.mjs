// PLRF benchmarks (issue 18 items 1 and 5, issue 17 item 3), on the shared bench harness interface
// (bench/lib/harness.mjs; bench/phases-harness-shim.mjs stands in until it is on main):
//  1. what `scaling-laws phases curve --method exact` really does at d = 4096, 1e7 steps, as a whole
//     process, interleaved with the numpy peer (bench/peers/plrf_numpy.py: numpy's BLAS syrk for K,
//     numpy.linalg.eigh, the same recursion) on the same W (the peer ports our per-row generator), so
//     the loss curves must agree number for number (FAIL otherwise). The peer also times numpy's own
//     generator for the same W shape; its stage times are shown.
//  1b. the cheap analytic-spectrum preview (`--method approximate`), which the old bench reported as
//     "exact recursion d = 4096: 0.045 s": same recursion, no W and no eigen-decomposition;
//  2. the flop rates of our two O(d³) kernels at d = 4096 (bench/phases-kernels.mjs, in-process timers).
//  3. the full compute-optimal exponent measurement: at the II/III point (exact, W-averaged over 4 draws,
//     and the deterministic equivalent), and one point each in Ic, IVa and IVb; the check compares
//     the closed form with what was measured (raw interval or extrapolation), FAIL when neither holds.
// Standalone: node bench/phases.bench.mjs [--quick] [--runs N]   (needs npm run build first)
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const PEER = join(here, 'peers', 'plrf_numpy.py');

const maxRel = (a, b) => {
  let w = 0;
  for (let k = 0; k < a.length; k++) w = Math.max(w, Math.abs(a[k] - b[k]) / Math.max(Math.abs(a[k]), Math.abs(b[k]), 1e-300));
  return w;
};

export default async function phasesBench(ctx) {
  const quick = ctx.quick;
  // ---- 1. phases curve --method exact vs numpy
  {
    const d = quick ? 256 : 4096, steps = quick ? '1e5' : '1e7';
    const model = ['--alpha', '0.7', '--beta', '0.7', '--d', String(d), '--steps', steps, '--seed', '1'];
    await ctx.compare({
      id: 'plrf-exact',
      title: `phases curve --method exact, d = ${d}, ${steps} steps`,
      note: 'same W on both sides (per-row sfc32 streams); the peer draws K with BLAS syrk and uses numpy.linalg.eigh',
      sides: [
        ctx.ours('ours (WebAssembly SIMD)', ['phases', 'curve', ...model, '--method', 'exact', '--json'], (out) => JSON.parse(out)),
        {
          label: 'numpy (BLAS + LAPACK)', cmd: ctx.py, args: [PEER, ...model], parse: (out) => JSON.parse(out),
          metrics: (r) => {
            const s = r.seconds;
            return {
              stages: `W ${s.w.toFixed(1)} s (our generator ported; numpy's own ${s.w_numpy.toFixed(1)} s), K ${s.kernel.toFixed(1)} s, eigh ${s.eigh.toFixed(1)} s, curve ${s.curve.toFixed(1)} s`,
              'total with numpy\'s generator': `${(s.total - s.w + s.w_numpy).toFixed(1)} s`,
            };
          },
        },
      ],
      check: ([a, b]) => {
        if (JSON.stringify(a.step) !== JSON.stringify(b.step)) return { ok: false, detail: 'step grids differ' };
        const w = maxRel(a.loss, b.loss);
        return { ok: w <= 1e-8, detail: `${a.loss.length} loss values agree to ${w.toExponential(1)} relative${w <= 1e-8 ? '' : ' > 1e-8'}` };
      },
      timeout: 3600,
    });
  }
  // ---- 1b. the cheap analytic-spectrum path, named for what it is (the old "exact recursion 0.045 s" row)
  {
    const d = quick ? 256 : 4096, steps = quick ? '1e5' : '1e7';
    const model = ['--alpha', '0.7', '--beta', '0.7', '--d', String(d), '--steps', steps];
    await ctx.compare({
      id: 'plrf-approximate',
      title: `phases curve --method approximate (analytic spectrum λ_j = j^-2α, not exact), d = ${d}, ${steps} steps`,
      note: 'the authors\' theory_rhos preview: O(d) spectrum, the same recursion; no W, no eigen-decomposition',
      sides: [
        ctx.ours('ours', ['phases', 'curve', ...model, '--method', 'approximate', '--json'], (out) => JSON.parse(out)),
        { label: 'numpy', cmd: ctx.py, args: [PEER, ...model, '--spectrum', 'approximate'], parse: (out) => JSON.parse(out) },
      ],
      check: ([a, b]) => {
        if (JSON.stringify(a.step) !== JSON.stringify(b.step)) return { ok: false, detail: 'step grids differ' };
        const w = maxRel(a.loss, b.loss);
        return { ok: w <= 1e-10, detail: `${a.loss.length} loss values agree to ${w.toExponential(1)} relative${w <= 1e-10 ? '' : ' > 1e-10'}` };
      },
    });
  }
  // ---- 2. kernel flop rates
  {
    const d = quick ? 512 : 4096;
    await ctx.compare({
      id: 'plrf-kernels',
      title: `exact spectrum kernels at d = ${d} (one thread)`,
      note: 'K = Wᵀ D W: v·d² flops (v = 4d) including drawing W; tridiagonalisation: 4d³/3 flops',
      sides: [{
        label: 'ours (WebAssembly SIMD)', cmd: ctx.node, args: ['--import', 'tsx', join(here, 'phases-kernels.mjs'), String(d)], parse: (out) => JSON.parse(out),
        metrics: (r) => (r.wasm ? {
          K: `${r.kernelSeconds.toFixed(1)} s = ${r.kernelGflops.toFixed(1)} GFlop/s (${r.kernelGflopsPerCpuSecond.toFixed(1)} per CPU-second)`,
          tridiagonal: `${r.tridiagonalSeconds.toFixed(1)} s = ${r.tridiagonalGflops.toFixed(1)} GFlop/s (${r.tridiagonalGflopsPerCpuSecond.toFixed(1)} per CPU-second)`,
          QL: `${r.qlSeconds.toFixed(2)} s`,
        } : { note: 'no WebAssembly SIMD: JavaScript fallback' }),
      }],
      check: ([r]) => ({ ok: r.wasm === true, detail: r.wasm ? 'WebAssembly SIMD kernels in use' : 'WebAssembly SIMD unavailable' }),
      timeout: 3600,
    });
  }
  // ---- 3. exponent measurements
  const points = quick
    ? [{ id: 'exp-II/III-exact', a: 0.7, b: 0.7, args: ['--d-min', '32', '--d-max', '256', '--draws', '2'] }]
    : [
      { id: 'exp-II/III-exact', a: 0.7, b: 0.7, args: ['--d-min', '32', '--d-max', '2048', '--draws', '4'] },
      { id: 'exp-II/III-det', a: 0.7, b: 0.7, args: ['--method', 'deterministic', '--d-min', '16', '--d-max', '2048', '--per-octave', '4'] },
      { id: 'exp-Ic-det', a: 0.2, b: 1.0, args: ['--method', 'deterministic', '--d-min', '16', '--d-max', '2048', '--per-octave', '4'] },
      { id: 'exp-IVa-det', a: 0.4, b: 1.0, args: ['--method', 'deterministic', '--d-min', '16', '--d-max', '2048', '--per-octave', '4'] },
      { id: 'exp-IVb-det', a: 0.27, b: 1.5, args: ['--method', 'deterministic', '--d-min', '16', '--d-max', '2048', '--per-octave', '4'] },
      { id: 'exp-IVa-exact', a: 0.4, b: 1.0, args: ['--d-min', '32', '--d-max', '1024', '--draws', '4'] },
      { id: 'exp-IVb-exact', a: 0.27, b: 1.5, args: ['--d-min', '32', '--d-max', '1024', '--draws', '4'] },
    ];
  for (const pt of points) {
    const args = ['phases', 'exponents', '--alpha', String(pt.a), '--beta', String(pt.b), ...pt.args, '--json'];
    await ctx.compare({
      id: pt.id,
      title: `phases exponents (${pt.a}, ${pt.b}) ${pt.args.join(' ')}`,
      note: 'measured vs closed form; the check asks the closed form to lie in the raw interval or within the extrapolation ± its uncertainty',
      sides: [ctx.ours('ours', args, (out) => JSON.parse(out), {
        metrics: (r) => {
          const e = r.extrapolated;
          const f = (x, u) => (x === null ? '—' : `${x.toFixed(3)} ± ${u.toFixed(3)}`);
          return {
            phase: `${r.closedForm.phase}: closed form xi ${r.closedForm.xi.toFixed(3)}, eta ${r.closedForm.eta.toFixed(3)}`,
            measured: `xi ${r.xi.toFixed(3)} [${r.xiInterval.map((x) => x.toFixed(3)).join(', ')}], eta ${r.eta.toFixed(3)} [${r.etaInterval.map((x) => x.toFixed(3)).join(', ')}]`,
            'd_max → ∞': `xi ${f(e.xi, e.xiUncertainty)}, eta ${f(e.eta, e.etaUncertainty)}`,
            'finite size': r.finiteSize.map((q) => `${q.dMax}: ${q.xi.toFixed(3)}/${q.eta.toFixed(3)}`).join(', '),
            ...(r.perDraw.length > 1 ? { 'W spread (sd)': `xi ${r.spread.xiSd.toFixed(3)}, eta ${r.spread.etaSd.toFixed(3)} over ${r.perDraw.length} draws` } : {}),
          };
        },
      })],
      check: ([r]) => {
        const cf = r.closedForm, e = r.extrapolated;
        const agrees = (x, lo, hi, ex, u) => (x >= lo && x <= hi) || (ex !== null && Math.abs(ex - x) <= u);
        const okXi = agrees(cf.xi, r.xiInterval[0], r.xiInterval[1], e.xi, e.xiUncertainty);
        const okEta = agrees(cf.eta, r.etaInterval[0], r.etaInterval[1], e.eta, e.etaUncertainty);
        return { ok: okXi && okEta, detail: `closed form xi ${cf.xi.toFixed(3)} ${okXi ? 'agrees' : 'DISAGREES'}, eta ${cf.eta.toFixed(3)} ${okEta ? 'agrees' : 'DISAGREES'} with the measurement` };
      },
      timeout: 7200,
    });
  }
}

// ---- standalone run (scripts/bench.mjs on main runs every bench file as a script)
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const ri = argv.indexOf('--runs');
  const runs = ri >= 0 ? Math.max(1, Number(argv[ri + 1])) : quick ? 1 : 5;
  if (!existsSync(join(repo, 'dist', 'cli.js'))) {
    console.error('dist/cli.js is missing: run npm run build first');
    process.exit(2);
  }
  const harness = join(here, 'lib', 'harness.mjs');
  const log = (s) => process.stderr.write(s + '\n');
  const { BenchContext } = existsSync(harness) ? await import(pathToFileURL(harness).href) : {};
  const { ShimContext } = await import('./phases-harness-shim.mjs');
  const ctx = BenchContext ? new BenchContext({ repo, quick, runs, bench: 'phases', log }) : new ShimContext({ repo, quick, runs, bench: 'phases', log });
  await phasesBench(ctx);
  if (ctx.markdown) console.log(ctx.markdown());
  else console.log(JSON.stringify(ctx.rows, null, 2));
  process.exit(ctx.rows.some((r) => r.check.ok === false) ? 1 : 0);
}
