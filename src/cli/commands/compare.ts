// scaling-laws compare <file> --laws A,B,C: several laws fitted to one file with the same roles,
// derived columns, filter and exclusions, ranked by cross-validated error, AIC/BIC beside it.
import { comparisonMarkdown } from '../../core/report/comparison';
import { compareTask } from '../../tasks/compare';
import { FIT_OUTPUT_FLAGS, FIT_REQUEST_FLAGS, fitRequestFromFlags } from '../../tasks/flags/fit';
import { parseArgs, UsageError, type CliIO } from '../args';
import { cliContext } from '../context';
import type { CommandHelp } from '../help';

const { law: _law, x: _x, formula: _formula, procedure: _procedure, ...SHARED } = FIT_REQUEST_FLAGS;
const { out: _out, ...OUTPUT } = FIT_OUTPUT_FLAGS;

export const FLAGS = {
  laws: { kind: 'string', unit: 'ID,ID,…', help: 'the laws to compare (fitted to the same points)', default: 'chinchilla,kaplan,kaplan-e' },
  ...SHARED,
  ...OUTPUT,
  json: { kind: 'boolean', help: 'print the comparison (rows, failures, figures, notes) as JSON' },
} as const;

export const HELP: CommandHelp = {
  usage: '<file|folder> [--laws ID,ID,…] [fit flags]',
  flags: FLAGS,
  notes: ['Every law is fitted to the same rows (same --map, --derive, --where, exclusions) and ranked by cross-validated error; AIC/BIC and the error on the held-out largest runs are shown beside it.'],
  examples: [
    { run: 'compare examples/chinchilla-runs.csv --bootstrap 0', what: 'Chinchilla, Kaplan and Kaplan with E ranked on the bundled runs, as a Markdown table' },
    { run: 'compare examples/chinchilla-runs.csv --laws chinchilla,kaplan --bootstrap 50 --json', what: 'two laws with bootstrap intervals, as JSON' },
    { run: "compare examples/isoflop-runs.csv --map 'N=Model Size' --map 'C=Training FLOP' --derive 'D=C/(6*N)' --laws chinchilla,kaplan-e --bootstrap 0", what: 'columns picked by name and D derived from C = 6·N·D before comparing' },
  ],
};

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, HELP.flags);
  if (positional.length !== 1) throw new UsageError('compare needs exactly one input <file>');
  const laws = String(flags.laws ?? FLAGS.laws.default).split(',').map((s) => s.trim()).filter(Boolean);
  const r = await compareTask({ fit: fitRequestFromFlags(positional[0], flags), laws }, cliContext(flags, io));
  io.out(flags.json ? JSON.stringify(r) + '\n' : comparisonMarkdown(r));
  return 0;
}
