// scaling-laws optimal (--fit FILE | --law chinchilla --params ...) (--compute C | --target-loss L) [--inference-tokens T]
// scaling-laws optimal (--fit FILE | --law data-constrained --params ...) --compute C --unique-tokens U
//   chinchilla: the closed-form allocation of C (Hoffmann et al.), or the least C reaching L; with
//   --inference-tokens and --target-loss, Sardana et al.'s allocation (least training + inference compute).
//   data-constrained: Muennighoff et al.'s allocation of C when only U unique tokens exist.
import { computeForTargetLoss, optimalForCompute, type Allocation, type ChinchillaParams } from '../../core/plan/computeOptimal';
import { dataConstrainedOptimal } from '../../core/plan/dataConstrainedOptimal';
import { inferenceAwareForLoss } from '../../core/plan/inference';
import type { DataConstrainedParams } from '../../core/laws/dataConstrained';
import { extrapolationWarnings, interval95 } from '../../core/report/intervals';
import { parseArgs, RunError, UsageError, type CliIO } from '../args';
import { LAW_SOURCE_FLAGS, lawSource } from './predict';

function asChinchilla(p: Record<string, number>): ChinchillaParams {
  return { E: p.E, A: p.A, B: p.B, alpha: p.alpha, beta: p.beta };
}

function asDataConstrained(p: Record<string, number>): DataConstrainedParams {
  return { E: p.E, A: p.A, B: p.B, alpha: p.alpha, beta: p.beta, RD_star: p.RD_star, RN_star: p.RN_star };
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, { ...LAW_SOURCE_FLAGS, compute: 'number', 'target-loss': 'number', 'unique-tokens': 'number', 'inference-tokens': 'number' });
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  const report = lawSource(flags);
  const C = flags.compute as number | undefined, target = flags['target-loss'] as number | undefined;
  const U = flags['unique-tokens'] as number | undefined, T = flags['inference-tokens'] as number | undefined;
  if ((C === undefined) === (target === undefined)) throw new UsageError('give exactly one of --compute C or --target-loss L');
  if (C !== undefined && !(C > 0)) throw new UsageError('--compute must be positive');
  if (U !== undefined && !(U > 0)) throw new UsageError('--unique-tokens must be positive');
  if (T !== undefined && !(T >= 0)) throw new UsageError('--inference-tokens must be >= 0');
  if (report.law === 'data-constrained') return dataConstrained(report, flags, io, C, target, U, T);
  if (report.law !== 'chinchilla') throw new UsageError(`optimal needs a chinchilla or data-constrained law (got '${report.law}')`);
  if (U !== undefined) throw new UsageError('--unique-tokens goes with --law data-constrained (the Chinchilla law assumes unlimited unique data)');
  const sardana = T !== undefined && target !== undefined;
  const solve = (p: Record<string, number>): Allocation => {
    if (sardana) {
      const a = inferenceAwareForLoss(asChinchilla(p), target as number, T as number);
      return { C: a.trainFlops, N: a.N, D: a.D, loss: a.loss, tokensPerParam: a.tokensPerParam };
    }
    return C !== undefined ? optimalForCompute(asChinchilla(p), C) : computeForTargetLoss(asChinchilla(p), target as number);
  };
  let best: Allocation;
  let inference;
  try {
    best = solve(report.params);
    if (T !== undefined) inference = inferenceAwareForLoss(asChinchilla(report.params), sardana ? (target as number) : best.loss, T);
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
    io.out(JSON.stringify({ ...best, interval, ...(inference ? { inference } : {}), warnings }, null, 2) + '\n');
  } else {
    const f = (k: keyof Allocation) => `${best[k].toPrecision(4)}${interval[k] ? ` [${interval[k][0].toPrecision(3)}, ${interval[k][1].toPrecision(3)}]` : ''}`;
    io.out(`C = ${f('C')} FLOPs → N = ${f('N')} parameters, D = ${f('D')} tokens (${f('tokensPerParam')} tokens/param), loss ${f('loss')}${sardana ? ' (inference-aware, Sardana et al.)' : ''}\n`);
    if (inference) {
      io.out(`with ${(T as number).toExponential(3)} inference tokens (${inference.convention}): N = ${inference.N.toPrecision(4)}, D = ${inference.D.toPrecision(4)}; `
        + `total ${inference.totalFlops.toPrecision(4)} FLOPs vs ${inference.chinchilla.totalFlops.toPrecision(4)} for the Chinchilla-optimal model of that loss (${(inference.savings * 100).toFixed(1)} % less)\n`);
    }
    for (const w of warnings) io.err(`warning: ${w}\n`);
  }
  return 0;
}

function dataConstrained(report: ReturnType<typeof lawSource>, flags: Record<string, unknown>, io: CliIO, C: number | undefined, target: number | undefined, U: number | undefined, T: number | undefined): number {
  if (target !== undefined || C === undefined) throw new UsageError('--law data-constrained takes --compute C with --unique-tokens U (a target loss is not supported for it)');
  if (U === undefined) throw new UsageError('--law data-constrained needs --unique-tokens U: the unique tokens available (the data are repeated D / U times)');
  if (T !== undefined) throw new UsageError('--inference-tokens goes with --law chinchilla');
  const solve = (p: Record<string, number>) => dataConstrainedOptimal(asDataConstrained(p), C, U);
  let best;
  try {
    best = solve(report.params);
  } catch (e) {
    throw new RunError((e as Error).message);
  }
  const interval: Record<string, [number, number]> = {};
  if (report.bootstrap) {
    for (const k of ['N', 'D', 'loss', 'tokensPerParam', 'epochs'] as const) {
      const iv = interval95(report, (p) => solve(p)[k]);
      if (iv) interval[k] = iv;
    }
  }
  if (flags.json) {
    io.out(JSON.stringify({ ...best, interval, warnings: [] }, null, 2) + '\n');
    return 0;
  }
  const f = (k: 'N' | 'D' | 'loss' | 'epochs') => `${best[k].toPrecision(4)}${interval[k] ? ` [${interval[k][0].toPrecision(3)}, ${interval[k][1].toPrecision(3)}]` : ''}`;
  io.out(`C = ${C.toPrecision(4)} FLOPs with ${U.toPrecision(4)} unique tokens → N = ${f('N')} parameters, D = ${f('D')} tokens (${f('epochs')} epochs), loss ${f('loss')} (data-constrained law, Muennighoff et al.)\n`);
  io.out(`  the Chinchilla allocation of the same budget: N = ${best.chinchilla.N.toPrecision(4)}, D = ${best.chinchilla.D.toPrecision(4)} (${best.chinchilla.epochs.toPrecision(3)} epochs), loss ${best.chinchilla.loss.toPrecision(5)} under this law\n`);
  return 0;
}
