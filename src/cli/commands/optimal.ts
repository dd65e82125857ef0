// scaling-laws optimal (--fit FILE | --law chinchilla --params ...) (--compute C | --target-loss L)
import { nodeTaskContext } from '../../tasks/nodeContext';
import { optimalTask } from '../../tasks/answers';
import { OPTIMAL_FLAGS, optimalRequestFromFlags } from '../../tasks/flags/answers';
import { parseArgs, UsageError, type CliIO } from '../args';
import type { CommandHelp } from '../help';

export const FLAGS = OPTIMAL_FLAGS;

export const HELP: CommandHelp = {
  usage: '(--fit FIT.json | --law ID --params NAME=VALUE,...) (--compute FLOPs | --target-loss LOSS)',
  flags: OPTIMAL_FLAGS,
  examples: [
    { run: 'optimal --fit fit.json --compute 5.76e23', what: "the best N and D for Chinchilla's budget under the fitted law, with intervals (fit.json from `scaling-laws fit examples/chinchilla-runs.csv --out fit.json`)" },
    { run: 'optimal --fit fit.json --target-loss 2.1 --json', what: 'the least compute (and its N, D) that reaches loss 2.1, as JSON' },
    { run: 'optimal --law chinchilla --params E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28 --compute 1e21 --flops-per-param-token 8', what: 'published parameters, counting 8·N·D FLOPs (activation recomputation)' },
  ],
};

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, HELP.flags);
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  const r = optimalTask(optimalRequestFromFlags(flags), nodeTaskContext());
  if (flags.json) io.out(JSON.stringify(r, null, 2) + '\n');
  else {
    io.out(r.text + '\n');
    for (const w of r.warnings) io.err(`warning: ${w}\n`);
  }
  return 0;
}
