// scaling-laws envelope <curves> [--run COL] [--N COL] [--D COL | --C COL] [--loss COL] [--grid 250]
//     [--min-runs 2] [--keep-edges] [--bootstrap 200] [--seed 0] [--flops-per-param-token 6] [--json]
// Chinchilla Approach 1: training curves (one row per logged step) → the lowest loss over all runs
// at each of many log-spaced FLOP values → power laws N_opt ∝ C^a, D_opt ∝ C^b through the winners.
import { formatHumanNumber } from '../../core/table/numbers';
import { envelopeTask } from '../../tasks/envelope';
import { ANALYSIS_FLAGS, analysisColumns, analysisOptions } from '../../tasks/flags/analysis';
import { nodeTaskContext } from '../../tasks/nodeContext';
import { parseArgs, UsageError, type CliIO } from '../args';
import type { CommandHelp } from '../help';

const USAGE = 'usage: scaling-laws envelope <curves.csv|jsonl|folder> [--run COL] [--N COL] [--D COL | --C COL] [--loss COL] [--grid G] [--min-runs K] [--keep-edges] [--bootstrap K] [--seed S] [--json]';

export const FLAGS = {
  ...ANALYSIS_FLAGS,
  grid: { kind: 'number', unit: 'COUNT', help: 'log-spaced FLOP values on the envelope', default: '250' },
  'min-runs': { kind: 'number', unit: 'COUNT', help: 'runs a FLOP value needs to count', default: '2' },
  'keep-edges': { kind: 'boolean', help: 'keep envelope points won by the smallest or largest model' },
  run: { kind: 'string', unit: 'COLUMN', help: 'the column naming each run (default: run, run_id, name; else one run per model size)' },
} as const;

export const HELP: CommandHelp = {
  usage: '<curves.csv|jsonl|folder> [flags]',
  flags: FLAGS,
  notes: ['Rows are points of training curves (loss after D tokens of a run of size N); C = K·N·D unless a C column is given.'],
  examples: [
    { run: 'envelope examples/chinchilla-runs.csv --run N', what: 'treat the runs of each model size as one curve over D, and fit N_opt ∝ C^a, D_opt ∝ C^b through the lowest loss at each FLOP value' },
    { run: 'envelope examples/chinchilla-runs.csv --run N --grid 100 --bootstrap 0 --json', what: 'a coarser FLOP grid, no bootstrap, JSON' },
  ],
};

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, HELP.flags);
  if (positional.length !== 1) throw new UsageError(USAGE);
  const res = await envelopeTask({
    file: positional[0],
    columns: { ...analysisColumns(flags), run: flags.run === undefined ? undefined : String(flags.run) },
    ...analysisOptions(flags), grid: flags.grid as number | undefined, minRuns: flags['min-runs'] as number | undefined, keepEdges: Boolean(flags['keep-edges']),
  }, nodeTaskContext());
  if (flags.json) {
    io.out(JSON.stringify(res, null, 2) + '\n');
    return 0;
  }
  io.out(`Envelope (Chinchilla approach 1), ${res.runs} runs of ${res.sizes} sizes, ${res.envelope.length} FLOP values on the envelope\n`);
  const winners = new Map<string, { N: number; from: number; to: number; count: number }>();
  for (const e of res.envelope) {
    const w = winners.get(e.run) ?? { N: e.N, from: e.C, to: e.C, count: 0 };
    w.from = Math.min(w.from, e.C);
    w.to = Math.max(w.to, e.C);
    w.count++;
    winners.set(e.run, w);
  }
  io.out(`  ${'run'.padEnd(20)} ${'N'.padEnd(8)} wins C from … to\n`);
  for (const [id, w] of winners) io.out(`  ${id.slice(0, 20).padEnd(20)} ${formatHumanNumber(w.N).padEnd(8)} ${w.from.toExponential(2)} … ${w.to.toExponential(2)} (${w.count})\n`);
  const iv = (x?: [number, number]) => (x ? ` [${x[0].toFixed(3)}, ${x[1].toFixed(3)}]` : '');
  io.out(`N_opt ∝ C^a, a = ${res.N.exponent.toFixed(4)}${iv(res.N.ci95?.exponent)}\n`);
  io.out(`D_opt ∝ C^b, b = ${res.D.exponent.toFixed(4)}${iv(res.D.ci95?.exponent)}${res.bootstrap ? `  (95 % intervals, ${res.bootstrap.converged}/${res.bootstrap.k} run resamples, seed ${res.bootstrap.seed})` : ''}\n`);
  for (const w of res.warnings) io.err(`warning: ${w}\n`);
  return 0;
}
