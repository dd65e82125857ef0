// scaling-laws fit <file> [...]: flags → FitRequest → the fit task → FitReport printed or saved.
import { reportToMarkdown } from '../../core/report/markdown';
import { writeFileSafely, assertNotAnInput } from '../../node/safeWrite';
import { fitTask } from '../../tasks/fit';
import { FIT_FLAGS, fitRequestFromFlags } from '../../tasks/flags/fit';
import { parseArgs, UsageError, type CliIO } from '../args';
import { cliContext } from '../context';

export const FLAGS = FIT_FLAGS;

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, FIT_FLAGS);
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
