// scaling-laws phases explore | heatmap: what the phases explorer shows, from a terminal
// (the same tasks the panel runs).
import { nodeTaskContext } from '../../tasks/nodeContext';
import { phasesExploreTask, phasesHeatmapTask } from '../../tasks/phases';
import { parseArgs, UsageError, type CliIO } from '../args';

const numberList = (v: unknown, flag: string): number[] => {
  const xs = String(v).split(',').map((t) => Number(t.trim()));
  if (!xs.length || !xs.every(Number.isFinite)) throw new UsageError(`--${flag} expects numbers separated by commas, got '${v}'`);
  return xs;
};

export const EXPLORE_FLAGS = {
  alpha: { kind: 'number', unit: 'ALPHA', help: 'spectral decay exponent of the data (> 0)' },
  beta: { kind: 'number', unit: 'BETA', help: 'target decay exponent (> 0)' },
  'd-min': { kind: 'number', unit: 'PARAMS', help: 'smallest model size d', default: '32' },
  'd-max': { kind: 'number', unit: 'PARAMS', help: 'largest model size d', default: '512' },
  'sgd-runs': { kind: 'number', unit: 'COUNT', help: 'SGD runs overlaid on the smallest d (0: none)', default: '4' },
  seed: { kind: 'number', unit: 'INTEGER', help: 'seed of the random features W and SGD', default: '1' },
  json: { kind: 'boolean', help: 'print the curves, frontier and measured exponents as JSON' },
} as const;

export async function explore(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, EXPLORE_FLAGS);
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  if (flags.alpha === undefined || flags.beta === undefined) throw new UsageError('phases explore needs --alpha and --beta');
  const r = phasesExploreTask({
    alpha: flags.alpha as number, beta: flags.beta as number,
    ...(flags['d-min'] !== undefined ? { dMin: flags['d-min'] as number } : {}),
    ...(flags['d-max'] !== undefined ? { dMax: flags['d-max'] as number } : {}),
    ...(flags['sgd-runs'] !== undefined ? { sgdRuns: flags['sgd-runs'] as number } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed as number } : {}),
  }, nodeTaskContext());
  if (flags.json) io.out(JSON.stringify(r) + '\n');
  else io.out(`phase ${r.classify.phase} at (${r.alpha}, ${r.beta}); ${r.curves.length} curves (d = ${r.curves.map((c) => c.d).join(', ')})${r.measured ? `; measured xi = ${r.measured.xi.toFixed(3)}, eta = ${r.measured.eta.toFixed(3)}` : `; ${r.measureNote ?? ''}`}\n`);
  return 0;
}

export const HEATMAP_FLAGS = {
  alphas: { kind: 'string', unit: 'A,A,...', help: 'alpha values of the grid' },
  betas: { kind: 'string', unit: 'B,B,...', help: 'beta values of the grid' },
  json: { kind: 'boolean', help: 'print the cells as JSON' },
} as const;

export async function heatmap(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, HEATMAP_FLAGS);
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  if (flags.alphas === undefined || flags.betas === undefined) throw new UsageError('phases heatmap needs --alphas and --betas');
  const cells = phasesHeatmapTask({ alphas: numberList(flags.alphas, 'alphas'), betas: numberList(flags.betas, 'betas') }, nodeTaskContext());
  if (flags.json) io.out(JSON.stringify(cells) + '\n');
  else for (const c of cells) io.out(`${JSON.stringify(c)}\n`);
  return 0;
}
