// scaling-laws isoflop <runs> [--budget-column NAME] [--tolerance 0.1] [--bootstrap 200] [--seed 0] [--json]
// Chinchilla Approach 2: per FLOP budget a parabola of loss in ln N, its minimum, power laws through the minima.
import { formatHumanNumber } from '../../core/table/numbers';
import { ANALYSIS_FLAGS, analysisColumns, analysisOptions } from '../../tasks/flags/analysis';
import { isoflopTask } from '../../tasks/isoflop';
import { nodeTaskContext } from '../../tasks/nodeContext';
import { parseArgs, UsageError, type CliIO } from '../args';
import type { CommandHelp } from '../help';

export const FLAGS = {
  ...ANALYSIS_FLAGS,
  tolerance: { kind: 'number', unit: 'FRACTION', help: 'runs whose C agree within this relative tolerance share a budget', default: '0.1' },
  'budget-column': { kind: 'string', unit: 'COLUMN', help: "a column naming each run's budget (instead of grouping by C)" },
  'min-points': { kind: 'number', unit: 'COUNT', help: 'sizes a budget needs for its parabola', default: '3' },
} as const;

export const HELP: CommandHelp = {
  usage: '<runs.csv|folder> [flags]',
  flags: FLAGS,
  notes: ['One row per run (final loss). Runs are grouped into FLOP budgets; each budget with enough sizes gets a parabola of loss in ln N, and power laws go through the minima.'],
  examples: [
    { run: 'isoflop examples/isoflop-runs.csv', what: 'N_opt ∝ C^a and D_opt ∝ C^b from the IsoFLOP minima, with 95 % bootstrap intervals' },
    { run: "isoflop examples/isoflop-runs.csv --N 'Model Size' --C 'Training FLOP' --bootstrap 0 --json", what: 'name the columns yourself, no bootstrap, JSON' },
  ],
};

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, HELP.flags);
  if (positional.length !== 1) throw new UsageError('usage: scaling-laws isoflop <runs.csv> [--bootstrap K] [--seed S] [--tolerance REL] [--budget-column NAME] [--json]');
  const res = await isoflopTask({
    file: positional[0],
    columns: { ...analysisColumns(flags), budget: flags['budget-column'] === undefined ? undefined : String(flags['budget-column']) },
    ...analysisOptions(flags), tolerance: flags.tolerance as number | undefined, minPoints: flags['min-points'] as number | undefined,
  }, nodeTaskContext());
  if (flags.json) {
    io.out(JSON.stringify(res, null, 2) + '\n');
    return 0;
  }
  io.out(`IsoFLOP (Chinchilla approach 2), ${res.runs} runs, ${res.budgets.length} budgets\n`);
  io.out(`  ${'C'.padEnd(10)} ${'runs'.padStart(4)}  ${'N_opt'.padEnd(24)} ${'D_opt'.padEnd(10)} loss_min\n`);
  for (const b of res.budgets) {
    const ci = b.ci95 ? ` [${formatHumanNumber(b.ci95.N[0])}, ${formatHumanNumber(b.ci95.N[1])}]` : '';
    io.out(`  ${b.C.toExponential(2).padEnd(10)} ${String(b.points).padStart(4)}  ${(formatHumanNumber(b.Nopt) + ci).padEnd(24)} ${formatHumanNumber(b.Dopt).padEnd(10)} ${b.lossMin.toFixed(4)}${b.interior ? '' : '  (outside sampled sizes)'}\n`);
  }
  for (const sk of res.skipped) io.out(`  skipped C = ${sk.C.toExponential(2)}: ${sk.reason}\n`);
  const iv = (x?: [number, number]) => (x ? ` [${x[0].toFixed(3)}, ${x[1].toFixed(3)}]` : '');
  io.out(`N_opt ∝ C^a, a = ${res.N.exponent.toFixed(4)}${iv(res.N.ci95?.exponent)}\n`);
  io.out(`D_opt ∝ C^b, b = ${res.D.exponent.toFixed(4)}${iv(res.D.ci95?.exponent)}${res.bootstrap ? `  (95 % intervals, ${res.bootstrap.converged}/${res.bootstrap.k} bootstrap resamples within budgets, seed ${res.bootstrap.seed})` : ''}\n`);
  if (res.approach3) io.out(`check without the parabola (approach 3, the Chinchilla law by variable projection on the same runs): a = ${res.approach3.a.toFixed(4)}, b = ${res.approach3.b.toFixed(4)}\n`);
  if (res.bias) io.out(`sampling bias of approach 2 (noiseless losses of that law at the sampled sizes): exponent a off by ${res.bias.exponentDrift >= 0 ? '+' : ''}${res.bias.exponentDrift.toFixed(4)}, D_opt at C = ${res.bias.target.C.toExponential(2)} off by ${(100 * res.bias.target.relativeBias).toFixed(1)} %\n`);
  for (const w of res.warnings) io.err(`warning: ${w}\n`);
  return 0;
}
