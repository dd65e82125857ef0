// scaling-laws predict (--fit FILE | --law ID --params ...) --at ROLE=VALUE,...   |   --chain a.json,b.json --at ...
import { nodeTaskContext } from '../../tasks/nodeContext';
import { chainPredictTask, predictTask } from '../../tasks/answers';
import { chainRequestFromFlags, PREDICT_FLAGS, predictRequestFromFlags } from '../../tasks/flags/answers';
import { parseArgs, UsageError, type CliIO } from '../args';
import type { CommandHelp } from '../help';

export const FLAGS = PREDICT_FLAGS;

export const HELP: CommandHelp = {
  usage: '(--fit FIT.json | --law ID --params NAME=VALUE,...) --at ROLE=VALUE,...   |   --chain FIT.json,FIT.json,... --at ...',
  flags: PREDICT_FLAGS,
  notes: ['With --fit the interval comes from the fit\'s bootstrap (95 %); --law with --params gives the point value only. --chain always prints JSON.'],
  examples: [
    { run: 'predict --fit fit.json --at N=7B,D=1.4T', what: 'loss of a 7B model trained on 1.4T tokens, with its interval (fit.json from `scaling-laws fit examples/chinchilla-runs.csv --out fit.json`)' },
    { run: 'predict --law chinchilla --params E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28 --at N=70B,D=1.4T --json', what: "the published Chinchilla parameters (Hoffmann et al.) at Chinchilla's own size, as JSON" },
  ],
};

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, HELP.flags);
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  const ctx = nodeTaskContext();
  if (flags.chain !== undefined) {
    // Always JSON: {"prediction","interval","stages":[...]}.
    const r = chainPredictTask(chainRequestFromFlags(flags), ctx);
    io.out(JSON.stringify({ prediction: r.prediction, ...(r.interval ? { interval: r.interval } : {}), at: r.at, stages: r.stages.map((s, i) => ({ fit: r.fits[i], ...s })), draws: r.draws, warnings: r.warnings }, null, 2) + '\n');
    if (!flags.json) for (const w of r.warnings) io.err(`warning: ${w}\n`);
    return 0;
  }
  const r = predictTask(predictRequestFromFlags(flags), ctx);
  if (flags.json) io.out(JSON.stringify(r, null, 2) + '\n');
  else {
    io.out(r.text + '\n');
    for (const w of r.warnings) io.err(`warning: ${w}\n`);
  }
  return 0;
}

/** The law a command's --fit / --law --params flags name (for commands not yet moved to a task). */
export { LAW_SOURCE_FLAGS } from '../../tasks/flags/answers';
import { reportOf } from '../../tasks/answers';
import { lawSourceFromFlags } from '../../tasks/flags/answers';
import type { FitReport } from '../../core/report/fitReport';
export function lawSource(flags: Record<string, unknown>): FitReport {
  return reportOf(lawSourceFromFlags(flags as never), nodeTaskContext());
}
