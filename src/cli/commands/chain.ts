// scaling-laws chain FIT.json... --compute C: a transfer chain (compute → loss → other loss →
// downstream error) at a budget with its joint interval, swept over compute (the transfer panel's task).
import { nodeTaskContext } from '../../tasks/nodeContext';
import { chainTask } from '../../tasks/transfer';
import { parseArgs, UsageError, type CliIO } from '../args';
import type { CommandHelp } from '../help';

export const FLAGS = {
  compute: { kind: 'number', unit: 'FLOPs', help: 'the budget of the headline prediction' },
  'sweep-decades': { kind: 'number', unit: 'DECADES', help: 'sweep C this many decades each side', default: '1.5' },
  'sweep-points': { kind: 'number', unit: 'COUNT', help: 'points of the sweep', default: '25' },
  json: { kind: 'boolean', help: 'print the chain as JSON' },
} as const;

export const HELP: CommandHelp = {
  usage: '<FIT.json>... --compute FLOPs [flags]',
  flags: FLAGS,
  notes: ['The FitReports are the stages: compute → loss first (a Chinchilla-form fit), then loss → other loss (loss-to-loss) and loss → error (downstream) fits; the joint interval carries every stage\'s bootstrap.'],
  examples: [
    { run: 'chain fit.json --compute 1e22', what: 'a one-stage chain: the loss at 1e22 FLOPs with its interval (fit.json from `scaling-laws fit examples/chinchilla-runs.csv --out fit.json`)' },
    { run: 'chain fit.json --compute 1e22 --sweep-decades 2 --sweep-points 9 --json', what: 'the chain swept over 1e20 … 1e24 FLOPs in 9 points, as JSON' },
  ],
};

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, HELP.flags);
  if (!positional.length) throw new UsageError('chain needs FitReport files, the compute → loss stage first (or any order: it is sorted)');
  if (flags.compute === undefined) throw new UsageError('chain needs --compute C (FLOPs)');
  const r = chainTask({
    fits: positional, C: flags.compute as number,
    ...(flags['sweep-decades'] !== undefined ? { sweepDecades: flags['sweep-decades'] as number } : {}),
    ...(flags['sweep-points'] !== undefined ? { sweepPoints: flags['sweep-points'] as number } : {}),
  }, nodeTaskContext());
  if (flags.json) io.out(JSON.stringify(r) + '\n');
  else {
    io.out(`C = ${r.C.toExponential(3)}: ${r.at.stages.map((s) => `${s.law} → ${s.prediction.toPrecision(5)}${s.interval ? ` [${s.interval[0].toPrecision(4)}, ${s.interval[1].toPrecision(4)}]` : ''}`).join('; ')}\n`);
    for (const w of r.at.warnings) io.err(`warning: ${w}\n`);
  }
  return 0;
}
