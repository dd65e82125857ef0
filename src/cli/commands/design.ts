// scaling-laws design <file|folder> --budget-flops F --k K (--target-compute C | --target-n N --target-d D)
//   [--max-n N] [--max-d D] [fit flags] [--json]: the next k runs that shrink the target's interval most.
import { formatHumanNumber as h } from '../../core/table/numbers';
import { designTask } from '../../tasks/design';
import { DESIGN_FLAGS, designRequestFromFlags } from '../../tasks/flags/design';
import type { DesignResult } from '../../protocol/tasks';
import { parseArgs, UsageError, type CliIO } from '../args';
import { cliContext } from '../context';
import type { CommandHelp } from '../help';

export const FLAGS = DESIGN_FLAGS;

export const HELP: CommandHelp = {
  usage: '<file|folder> --budget-flops FLOPs --k COUNT (--target-compute FLOPs | --target-n PARAMS --target-d TOKENS) [flags] [fit flags]',
  flags: DESIGN_FLAGS,
  notes: ['The runs are fitted first (same fit flags as scaling-laws fit); the design then picks the k runs that shrink the target\'s interval most, next to a naive grid of the same compute (docs/DESIGN-RUNS.md).'],
  examples: [
    { run: 'design examples/chinchilla-runs.csv --budget-flops 1e20 --k 4 --target-compute 1e22', what: 'four new runs within 1e20 FLOPs that pin down the compute-optimal N at 1e22 FLOPs best, with the reason for each' },
    { run: 'design examples/chinchilla-runs.csv --budget-flops 5e19 --k 3 --target-n 7B --target-d 1.4T --max-n 3B --json', what: 'three runs of at most 3B parameters for the loss of a 7B model on 1.4T tokens, as JSON' },
  ],
};

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

export function designText(r: DesignResult): string {
  const lines: string[] = [];
  const iv = r.target.interval ? ` [${h(r.target.interval[0])}, ${h(r.target.interval[1])}]` : '';
  lines.push(`target: ${r.target.label} = ${h(r.target.value)}${iv}`);
  lines.push(`budget: ${r.budget.flops.toExponential(2)} FLOPs over ${r.budget.k} runs (the designed runs use ${r.budget.designedFlops.toExponential(2)}); allowed: ${r.region}`);
  lines.push('');
  lines.push('| # | N | D | tokens/param | FLOPs | config | why |');
  lines.push('|---|---|---|---|---|---|---|');
  r.runs.forEach((run, i) => {
    const c = run.config ? `${run.config.layers}×${run.config.dModel}, ${run.config.steps} steps, lr ${run.config.lr.toPrecision(2)}` : '';
    lines.push(`| ${i + 1} | ${h(run.N)} | ${h(run.D)} | ${run.tokensPerParam.toFixed(1)} | ${run.flops.toExponential(2)} | ${c} | ${run.why.text} |`);
  });
  lines.push('');
  const w = r.width;
  lines.push(`expected 95 % interval width of the target (relative): now ${pct(w.before.relative)}, after the designed runs ${pct(w.designed.relative)}, after a naive grid of the same compute ${pct(w.naive.relative)} (designed/naive ${w.designedVsNaive.toFixed(2)})`);
  lines.push(`naive grid: ${r.naive.map((c) => `N ${h(c.N)} D ${h(c.D)}`).join('; ')}`);
  lines.push(`method: ${r.method}; ${r.ensemble.draws} draws over ${r.ensemble.free.join(', ')}`);
  for (const warning of r.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n') + '\n';
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, HELP.flags);
  if (positional.length !== 1) throw new UsageError('design needs exactly one input <file|folder>');
  const result = await designTask(designRequestFromFlags(positional[0], flags), cliContext(flags, io));
  io.out(flags.json ? JSON.stringify(result, null, 2) + '\n' : designText(result));
  return 0;
}
