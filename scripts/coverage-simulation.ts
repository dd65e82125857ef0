// The coverage table of docs/TRUST.md: 200 synthetic data sets per noise model from a known
// Chinchilla law (test/support/coverage.ts), each fitted as the CLI does (4500-start grid, bootstrap),
// and the share whose confidence interval covers the true law and whose prediction interval covers a
// fresh observation. Usage: node --import tsx scripts/coverage-simulation.ts [--sets 200] [--bootstrap 200]
import { coverage, type Noise } from '../test/support/coverage';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const sets = flag('sets', 200), bootstrap = flag('bootstrap', 200), sigma = flag('sigma', 0.01);
  const noises: Noise[] = process.argv.includes('--t3-only') ? ['t3'] : process.argv.includes('--gaussian-only') ? ['gaussian'] : ['gaussian', 't3'];
  for (const noise of noises) {
    const t0 = Date.now();
    const rows = await coverage({ sets, bootstrap, noise, sigma, seed: 1, onSet: (d) => { if (d % 20 === 0) process.stderr.write(`${noise}: ${d}/${sets}\n`); } });
    const se = (p: number) => Math.sqrt((p * (1 - p)) / sets);
    console.log(`\n${noise === 'gaussian' ? 'Gaussian' : 'Student-t (3 d.o.f.)'} noise, s.d. ${(100 * sigma).toFixed(1)} % in log loss; ${sets} data sets, bootstrap ${bootstrap}, 95 % intervals (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
    console.log('| point | CI covers the true law | PI covers a new run | CI covers a new run | median CI width | median PI width |');
    console.log('|---|---|---|---|---|---|');
    for (const r of rows) {
      const pc = (p: number) => `${(100 * p).toFixed(1)} % ± ${(100 * se(p)).toFixed(1)}`;
      console.log(`| ${r.point} | ${pc(r.confidence)} | ${pc(r.prediction)} | ${pc(r.confidenceForNewRun)} | ${(100 * r.confidenceWidth).toFixed(2)} % | ${(100 * r.predictionWidth).toFixed(2)} % |`);
    }
  }
}

void main();
