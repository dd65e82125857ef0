// The table of docs/DESIGN-RUNS.md: designed runs vs the same compute on a naive grid, over many
// seeds (test/support/designSimulation.ts). Usage:
//   node --import tsx scripts/design-simulation.ts [--seeds 100] [--bootstrap 200] [--k 4] [--budget 3e20] [--starts 256] [--target compute|loss] [--noise gaussian|t3]
import { designSimulation, type Arm } from '../test/support/designSimulation';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const seeds = flag('seeds', 100), bootstrap = flag('bootstrap', 200), k = flag('k', 4), budget = flag('budget', 3e20), sigma = flag('sigma', 0.01), starts = flag('starts', 256);
  const byLoss = process.argv.includes('loss');
  const noise = process.argv.includes('t3') ? ('t3' as const) : ('gaussian' as const);
  const target = byLoss ? { kind: 'loss' as const, at: { N: 7e10, D: 1.4e12 } } : { kind: 'compute' as const, C: 1e23, flopsPerParamToken: 6 };
  const t0 = Date.now();
  const r = await designSimulation({ seeds, bootstrap, sigma, noise, k, budget, target, starts: { kind: 'random', count: starts }, onSeed: (d) => { if (d % 10 === 0) process.stderr.write(`${d}/${seeds}\n`); } });
  const med = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const se = (p: number) => Math.sqrt((p * (1 - p)) / seeds);
  const pc = (x: number) => `${(100 * x).toFixed(1)} %`;
  console.log(`\ntarget: ${byLoss ? 'loss at N 70B, D 1.4T' : 'compute-optimal N at C = 1e23'}; ${k} new runs, ${budget.toExponential(1)} FLOPs; ${seeds} seeds, bootstrap ${bootstrap}, ${starts} starts, ${noise === 't3' ? 'Student-t (3 d.o.f.)' : 'Gaussian'} noise of s.d. ${pc(sigma)} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
  console.log('| runs | mean CI width | median CI width | covers the truth |');
  console.log('|---|---|---|---|');
  const row = (name: string, a: Arm) => console.log(`| ${name} | ${pc(mean(a.widths))} | ${pc(med(a.widths))} | ${pc(a.covered / seeds)} ± ${pc(se(a.covered / seeds))} |`);
  row('starting sweep (35 runs)', r.before);
  row(`+ ${k} designed`, r.designed);
  row(`+ ${k} naive grid, same compute`, r.naive);
  const ratio = r.designed.widths.map((w, i) => w / r.naive.widths[i]);
  console.log(`\ndesigned/naive width per seed: median ${med(ratio).toFixed(2)}, mean ${mean(ratio).toFixed(2)}; designed narrower in ${ratio.filter((x) => x < 1).length}/${seeds} seeds; the design's forecast of the ratio: median ${med(r.forecastRatio).toFixed(2)}`);
}

void main();
