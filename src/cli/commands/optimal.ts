// scaling-laws optimal (--fit FILE | --law chinchilla --params ...) (--compute C | --target-loss L)
import { computeForTargetLoss, optimalForCompute, type Allocation, type ChinchillaParams } from '../../core/plan/computeOptimal';
import { extrapolationWarnings, interval95 } from '../../core/report/intervals';
import { parseArgs, RunError, UsageError, type CliIO } from '../args';
import { LAW_SOURCE_FLAGS, lawSource } from './predict';

function asChinchilla(p: Record<string, number>): ChinchillaParams {
  return { E: p.E, A: p.A, B: p.B, alpha: p.alpha, beta: p.beta };
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, { ...LAW_SOURCE_FLAGS, compute: 'number', 'target-loss': 'number' });
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  const report = lawSource(flags);
  if (report.law !== 'chinchilla') throw new UsageError(`optimal needs a chinchilla law (got '${report.law}')`);
  const C = flags.compute as number | undefined, target = flags['target-loss'] as number | undefined;
  if ((C === undefined) === (target === undefined)) throw new UsageError('give exactly one of --compute C or --target-loss L');
  if (C !== undefined && !(C > 0)) throw new UsageError('--compute must be positive');
  const solve = (p: Record<string, number>): Allocation =>
    C !== undefined ? optimalForCompute(asChinchilla(p), C) : computeForTargetLoss(asChinchilla(p), target as number);
  let best: Allocation;
  try {
    best = solve(report.params);
  } catch (e) {
    throw new RunError((e as Error).message);
  }
  const keys: (keyof Allocation)[] = ['C', 'N', 'D', 'loss', 'tokensPerParam'];
  const interval: Record<string, [number, number]> = {};
  if (report.bootstrap) {
    for (const k of keys) {
      if (C !== undefined && k === 'C') continue;
      if (target !== undefined && k === 'loss') continue;
      const iv = interval95(report, (p) => solve(p)[k]);
      if (iv) interval[k] = iv;
    }
  }
  const warnings = report.data ? extrapolationWarnings(report, { N: best.N, D: best.D }) : [];
  if (flags.json) {
    io.out(JSON.stringify({ ...best, interval, warnings }, null, 2) + '\n');
  } else {
    const f = (k: keyof Allocation) => `${best[k].toPrecision(4)}${interval[k] ? ` [${interval[k][0].toPrecision(3)}, ${interval[k][1].toPrecision(3)}]` : ''}`;
    io.out(`C = ${f('C')} FLOPs → N = ${f('N')} parameters, D = ${f('D')} tokens (${f('tokensPerParam')} tokens/param), loss ${f('loss')}\n`);
    for (const w of warnings) io.err(`warning: ${w}\n`);
  }
  return 0;
}
