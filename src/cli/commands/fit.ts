// scaling-laws fit <file> [...]: flags → FitRequest → the fit task → FitReport printed or saved.
import { reportToMarkdown } from '../../core/report/markdown';
import { writeFileSafely, assertNotAnInput } from '../../node/safeWrite';
import { fitTask } from '../../tasks/fit';
import { FIT_FLAGS, fitRequestFromFlags } from '../../tasks/flags/fit';
import { parseArgs, UsageError, type CliIO } from '../args';
import { cliContext } from '../context';
import type { CommandHelp } from '../help';

export const FLAGS = FIT_FLAGS;

export const HELP: CommandHelp = {
  usage: '<file|folder> [flags]',
  flags: FIT_FLAGS,
  notes: [
    'Input: csv, tsv, jsonl, json, TensorBoard events, Parquet, MLflow or W&B exports, or a folder of runs; `scaling-laws inspect` shows the roles it infers.',
    'Numbers accept 7e9, 7B, 1.4T. Bad flags or input exit 2; a fit that fails exits 1. --where/--derive syntax: scaling-laws help where.',
  ],
  examples: [
    { run: 'fit examples/chinchilla-runs.csv --out fit.json', what: 'fit the Chinchilla law L = E + A/N^alpha + B/D^beta with 400 bootstrap resamples and save the FitReport (predict, optimal, plan read it)' },
    { run: 'fit examples/chinchilla-runs.csv --law kaplan --bootstrap 0', what: 'a different law, point estimates only (no intervals), printed as Markdown' },
    { run: "fit examples/isoflop-runs.csv --map 'N=Model Size' --map 'C=Training FLOP' --derive 'D=C/(6*N)' --where 'loss < 3.4' --bootstrap 100 --json", what: 'pick columns by name, derive D from C = 6·N·D, keep rows below loss 3.4, print JSON' },
  ],
};

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, HELP.flags);
  if (positional.length !== 1) throw new UsageError('fit needs exactly one input <file>');
  const req = fitRequestFromFlags(positional[0], flags);
  const out = flags.out === undefined ? undefined : String(flags.out);
  if (out) assertNotAnInput(out, [req.file]);
  const report = await fitTask(req, cliContext(flags, io));
  const json = JSON.stringify(report, null, 2) + '\n';
  if (out) writeFileSafely(out, json, [req.file]);
  if (flags.json) io.out(json);
  else if (!out || !flags.quiet) io.out(reportToMarkdown(report));
  return 0;
}
