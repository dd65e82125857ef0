// scaling-laws optimal (--fit FILE | --law chinchilla --params ...) (--compute C | --target-loss L)
import { nodeTaskContext } from '../../node/taskContext';
import { optimalTask } from '../../tasks/answers';
import { OPTIMAL_FLAGS, optimalRequestFromFlags } from '../../tasks/flags/answers';
import { parseArgs, UsageError, type CliIO } from '../args';

export const FLAGS = OPTIMAL_FLAGS;

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, OPTIMAL_FLAGS);
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  const r = optimalTask(optimalRequestFromFlags(flags), nodeTaskContext());
  if (flags.json) io.out(JSON.stringify(r, null, 2) + '\n');
  else {
    io.out(r.text + '\n');
    for (const w of r.warnings) io.err(`warning: ${w}\n`);
  }
  return 0;
}
