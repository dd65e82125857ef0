// PLRF benchmarks (issue 18 items 1 and 5, issue 17 item 3), on the bench harness (bench/lib/harness.mjs):
//  1. what `scaling-laws phases curve --method exact` really does, 1e7 steps, at a moderate d = 2048
//     (d = 4096 with --big: ~2 minutes a run), as a whole process, interleaved with the numpy peer
//     (bench/peers/plrf_numpy.py: numpy's BLAS syrk for K, numpy.linalg.eigh, the same recursion) on
//     the same W (the peer ports our per-row generator), so the loss curves must agree number for
//     number (FAIL otherwise). The peer also times numpy's own generator for the same W shape.
//  1b. the cheap analytic-spectrum preview (`--method approximate`), which the old bench reported as
//     "exact recursion d = 4096: 0.045 s": same recursion, no W and no eigen-decomposition;
//  2. the flop rates of our two O(d³) kernels (bench/phases-kernels.mjs, in-process timers).
//  3. the compute-optimal exponent measurement: quick and default runs measure the II/III point; --big
//     adds the deterministic equivalent and one point each in Ic, IVa and IVb; the check compares
//     the closed form with what was measured (raw interval or extrapolation), FAIL when neither holds.
// Run: npm run bench -- phases [--quick] [--big] [--runs N]   (node bench/phases.bench.mjs does the same)
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
  const D = quick ? 256 : ctx.big ? 4096 : 2048;
  const numpy = ctx.py ? {} : { skip: 'no python3 with numpy (apt-get install -y python3-numpy)' };
  // ---- 1. phases curve --method exact vs numpy
  {
    const d = D, steps = quick ? '1e5' : '1e7';
    const model = ['--alpha', '0.7', '--beta', '0.7', '--d', String(d), '--steps', steps, '--seed', '1'];
    await ctx.compare({
      id: 'plrf-exact',
      title: `phases curve --method exact, d = ${d}, ${steps} steps`,
      note: 'same W on both sides (per-row sfc32 streams); the peer draws K with BLAS syrk and uses numpy.linalg.eigh',
      sides: [
        ctx.ours('ours (WebAssembly SIMD)', ['phases', 'curve', ...model, '--method', 'exact', '--json'], (out) => JSON.parse(out)),
        {
          label: 'numpy (BLAS + LAPACK)', cmd: ctx.py, args: [PEER, ...model], parse: (out) => JSON.parse(out), ...numpy,
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
    const d = D, steps = quick ? '1e5' : '1e7';
    const model = ['--alpha', '0.7', '--beta', '0.7', '--d', String(d), '--steps', steps];
    await ctx.compare({
      id: 'plrf-approximate',
      title: `phases curve --method approximate (analytic spectrum λ_j = j^-2α, not exact), d = ${d}, ${steps} steps`,
      note: 'the authors\' theory_rhos preview: O(d) spectrum, the same recursion; no W, no eigen-decomposition',
      sides: [
        ctx.ours('ours', ['phases', 'curve', ...model, '--method', 'approximate', '--json'], (out) => JSON.parse(out)),
        { label: 'numpy', cmd: ctx.py, args: [PEER, ...model, '--spectrum', 'approximate'], parse: (out) => JSON.parse(out), ...numpy },
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
    const d = quick ? 512 : D;
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
    : !ctx.big ? [{ id: 'exp-II/III-exact', a: 0.7, b: 0.7, args: ['--d-min', '32', '--d-max', '1024', '--draws', '4'] }]
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

// ---- standalone run: the same as `node scripts/bench.mjs phases ...` (one table, one harness)
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, [join(repo, 'scripts', 'bench.mjs'), 'phases', ...process.argv.slice(2)], { stdio: 'inherit', cwd: repo });
  process.exit(r.status ?? 1);
}
