// scaling-laws approaches --fit FIT.json: Chinchilla approaches 1–3 side by side for a fit (the
// planning panel's task): N_opt ∝ C^a, D_opt ∝ C^b from each, with intervals.
import { nodeTaskContext } from '../../tasks/nodeContext';
import { approachesTask } from '../../tasks/approaches';
import { parseArgs, UsageError, type CliIO } from '../args';
import type { CommandHelp } from '../help';

export const FLAGS = {
  fit: { kind: 'string', unit: 'FIT.json', help: 'a Chinchilla-form FitReport (`scaling-laws fit --out`)' },
  'flops-per-param-token': { kind: 'number', unit: 'K', help: 'FLOP convention C = K·N·D', default: '6' },
  resamples: { kind: 'number', unit: 'COUNT', help: 'resamples for the bands of approaches 1 and 2', default: '100' },
  seed: { kind: 'number', unit: 'INTEGER', help: 'seed of those resamples', default: '0' },
  json: { kind: 'boolean', help: 'print the frontiers as JSON' },
} as const;

export const HELP: CommandHelp = {
  usage: '--fit FIT.json [flags]',
  flags: FLAGS,
  examples: [
    { run: 'approaches --fit fit.json', what: 'the exponents a (N_opt ∝ C^a) and b (D_opt ∝ C^b) by approaches 1, 2 and 3 (fit.json from `scaling-laws fit examples/chinchilla-runs.csv --out fit.json`)' },
    { run: 'approaches --fit fit.json --resamples 50 --json', what: 'fewer resamples for the bands, the frontiers as JSON' },
  ],
};

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, HELP.flags);
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  if (flags.fit === undefined) throw new UsageError('approaches needs --fit FIT.json');
  const r = approachesTask({
    fit: String(flags.fit),
    ...(flags['flops-per-param-token'] !== undefined ? { flopsPerParamToken: flags['flops-per-param-token'] as number } : {}),
    ...(flags.resamples !== undefined ? { resamples: flags.resamples as number } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed as number } : {}),
  }, nodeTaskContext());
  if (flags.json) io.out(JSON.stringify(r) + '\n');
  else {
    const iv = (x?: [number, number]) => (x ? ` [${x[0].toFixed(3)}, ${x[1].toFixed(3)}]` : '');
    for (const f of r.frontiers) io.out(`${f.name}: a = ${f.a.toFixed(3)}${iv(f.aCi)}, b = ${f.b.toFixed(3)}${iv(f.bCi)}\n`);
    for (const e of r.errors) io.err(`${e.name}: ${e.message}\n`);
  }
  return 0;
}
