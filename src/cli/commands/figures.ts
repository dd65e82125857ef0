// scaling-laws figures --fit FIT.json [--json]: the figures of a FitReport, as every panel and the
// HTML report draw them (axes with titles, traces with bands and hover text).
import { nodeTaskContext } from '../../tasks/nodeContext';
import { figuresTask } from '../../tasks/figures';
import { parseArgs, UsageError, type CliIO } from '../args';
import type { CommandHelp } from '../help';

export const FLAGS = {
  fit: { kind: 'string', unit: 'FIT.json', help: 'a FitReport written by `scaling-laws fit --out`' },
  'flops-per-param-token': { kind: 'number', unit: 'K', help: 'FLOP convention C = K·N·D', default: "the fit's, else 6" },
  'max-band-draws': { kind: 'number', unit: 'COUNT', help: 'bootstrap draws evaluated for the bands', default: '400' },
  json: { kind: 'boolean', help: 'print the figures as JSON (the default: a one-line summary per figure)' },
} as const;

export const HELP: CommandHelp = {
  usage: '--fit FIT.json [flags]',
  flags: FLAGS,
  examples: [
    { run: 'figures --fit fit.json', what: 'one line per figure: its title, axes (log or linear) and traces (fit.json from `scaling-laws fit examples/chinchilla-runs.csv --out fit.json`)' },
    { run: 'figures --fit fit.json --max-band-draws 100 --json', what: 'the figures as JSON (axes, traces, bands, hover text), bands from 100 draws' },
  ],
};

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, HELP.flags);
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  if (flags.fit === undefined) throw new UsageError('figures needs --fit FIT.json');
  const set = figuresTask({ fit: String(flags.fit), ...(flags['flops-per-param-token'] !== undefined ? { flopsPerParamToken: flags['flops-per-param-token'] as number } : {}), ...(flags['max-band-draws'] !== undefined ? { maxBandDraws: flags['max-band-draws'] as number } : {}) }, nodeTaskContext());
  if (flags.json) io.out(JSON.stringify(set) + '\n');
  else for (const f of set.figures) io.out(`${f.id}: ${f.title} — x: ${f.x.title}${f.x.log ? ' (log)' : ''}, y: ${f.y.title}${f.y.log ? ' (log)' : ''}, ${f.traces.length} traces${f.note ? ` — ${f.note}` : ''}\n`);
  return 0;
}
