// scaling-laws diff old.json new.json [--at N=..,D=.. | --compute C] [--json]: what changed between
// two fits. Exit code 3 when the headline prediction left the old fit's 95 % interval (a CI guard).
import { diffText } from '../../core/report/diff';
import { diffTask } from '../../tasks/diff';
import { DIFF_FLAGS, diffRequestFromFlags } from '../../tasks/flags/diff';
import { nodeTaskContext } from '../../tasks/nodeContext';
import { parseArgs, UsageError, type CliIO } from '../args';
import type { CommandHelp } from '../help';

export const FLAGS = DIFF_FLAGS;

export const HELP: CommandHelp = {
  usage: '<old.json> <new.json> [--at ROLE=VALUE,... | --compute FLOPs] [--json]',
  flags: DIFF_FLAGS,
  notes: ['Exit code 3 when the headline left the old fit\'s 95 % interval (a CI guard); 0 otherwise.'],
  examples: [
    { run: 'diff fit-small.json fit.json', what: 'what the five largest runs changed: runs added, parameters, the compute-optimal N (fit-small.json from the `scaling-laws help where` example, fit.json from `scaling-laws fit examples/chinchilla-runs.csv --out fit.json`)' },
    { run: 'diff fit-small.json fit.json --at N=7B,D=1.4T --json', what: 'the same with the loss of a 7B model on 1.4T tokens as the headline, as JSON' },
  ],
};

/** Exit code when the headline moved out of its earlier interval (0 ok, 1 failed, 2 bad input). */
export const MOVED_EXIT = 3;

export { diffText };

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, HELP.flags);
  if (positional.length !== 2) throw new UsageError('diff needs two FitReports: old.json new.json');
  const d = diffTask(diffRequestFromFlags(positional[0], positional[1], flags), nodeTaskContext());
  io.out(flags.json ? JSON.stringify(d, null, 2) + '\n' : diffText(d));
  return d.moved ? MOVED_EXIT : 0;
}
