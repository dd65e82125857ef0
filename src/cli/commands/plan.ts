// scaling-laws plan (--fit FILE | --law chinchilla --params E=..,A=..,B=..,alpha=..,beta=..)
//   (--compute C | --time SECONDS --peak-flops F --bandwidth BW) [--inference-tokens T]
//   [--family llama|gpt2] [--vocab V] [--seq-len T] [--batch-tokens B] [--n-convention total|Kaplan|...]
//   [--devices K] [--mfu U] [--json]
import { optimalForCompute, type Allocation, type ChinchillaParams } from '../../core/plan/computeOptimal';
import { closedFormApproach } from '../../core/plan/approaches';
import { stepLaw } from '../../core/plan/hparams';
import { inferenceAwareForLoss } from '../../core/plan/inference';
import { countParams, NON_EMBEDDING_CONVENTIONS, type NonEmbeddingConvention } from '../../core/plan/paramCount';
import { proposeRun, shapeLadder, type Family } from '../../core/plan/proposeConfig';
import { estimateTrainingTime, planForTime, type Hardware } from '../../core/plan/wallclock';
import { bootstrapDraws, interval95 } from '../../core/report/intervals';
import { formatHumanNumber } from '../../core/table/numbers';
import { parseArgs, RunError, UsageError, type CliIO } from '../args';
import { LAW_SOURCE_FLAGS, lawSource } from './predict';

function asChinchilla(p: Record<string, number>): ChinchillaParams {
  return { E: p.E, A: p.A, B: p.B, alpha: p.alpha, beta: p.beta };
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, {
    ...LAW_SOURCE_FLAGS, compute: 'number', 'inference-tokens': 'number', family: 'string', vocab: 'number', 'seq-len': 'number',
    'batch-tokens': 'number', 'n-convention': 'string', time: 'number', 'peak-flops': 'number', bandwidth: 'number', devices: 'number', mfu: 'number',
  });
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  const report = lawSource(flags);
  if (report.law !== 'chinchilla') throw new UsageError(`plan needs a chinchilla law (got '${report.law}')`);
  const p = asChinchilla(report.params);
  const C = flags.compute as number | undefined;
  const seconds = flags.time as number | undefined;
  if ((C === undefined) === (seconds === undefined)) throw new UsageError('give exactly one of --compute C (FLOPs) or --time SECONDS (with --peak-flops and --bandwidth)');
  if (C !== undefined && !(C > 0)) throw new UsageError('--compute must be positive');
  const family = ((flags.family as string | undefined) ?? 'llama') as Family;
  if (family !== 'llama' && family !== 'gpt2') throw new UsageError(`--family must be llama or gpt2 (got '${family}')`);
  const nConv = (flags['n-convention'] as string | undefined) ?? 'total';
  if (nConv !== 'total' && !(nConv in NON_EMBEDDING_CONVENTIONS)) throw new UsageError(`--n-convention must be total or one of ${Object.keys(NON_EMBEDDING_CONVENTIONS).join(', ')}`);
  const inferenceTokens = flags['inference-tokens'] as number | undefined;
  if (inferenceTokens !== undefined && !(inferenceTokens >= 0)) throw new UsageError('--inference-tokens must be >= 0');
  for (const f of ['vocab', 'seq-len', 'batch-tokens', 'peak-flops', 'bandwidth', 'devices', 'time'] as const) {
    if (flags[f] !== undefined && !((flags[f] as number) > 0)) throw new UsageError(`--${f} must be positive`);
  }
  const mfu = flags.mfu as number | undefined;
  if (mfu !== undefined && !(mfu > 0 && mfu <= 1)) throw new UsageError('--mfu must be in (0, 1]');
  let hw: Hardware | undefined;
  if (flags['peak-flops'] !== undefined || flags.bandwidth !== undefined || seconds !== undefined) {
    if (flags['peak-flops'] === undefined || flags.bandwidth === undefined) throw new UsageError('time estimates need both --peak-flops (FLOP/s per device) and --bandwidth (bytes/s per device)');
    hw = { peakFlops: flags['peak-flops'] as number, memoryBandwidth: flags.bandwidth as number, devices: flags.devices as number | undefined, utilization: mfu };
  }
  const shapeOpts = {
    family, vocab: flags.vocab as number | undefined, seqLen: flags['seq-len'] as number | undefined,
    nConvention: nConv as 'total' | NonEmbeddingConvention, batchTokens: flags['batch-tokens'] as number | undefined,
  };
  const out: Record<string, unknown> = {};
  try {
    let best: Allocation;
    if (C !== undefined) {
      best = optimalForCompute(p, C);
    } else {
      // plan by time: the shape and tokens with the lowest predicted loss that fit in the time budget
      const ladder = shapeLadder(1e6, 1e12, 121, shapeOpts);
      const tp = planForTime(p, seconds as number, hw as Hardware, ladder, {
        lawN: shapeOpts.nConvention,
        seqLen: shapeOpts.seqLen,
        batchTokensFor: (arch, D) => shapeOpts.batchTokens ?? Math.max(1, Math.round(stepLaw(countParams(arch).conventions.Kaplan, D).batchTokens / (arch.seqLen ?? 2048))) * (arch.seqLen ?? 2048),
      });
      const b = tp.best;
      best = { C: 6 * b.N * b.D, N: b.N, D: b.D, loss: b.loss, tokensPerParam: b.D / b.N };
      out.timePlan = { seconds, hours: (seconds as number) / 3600, estimate: b.time, flopOptimalAtSameCompute: optimalForCompute(p, 6 * b.N * b.D) };
    }
    Object.assign(out, best);
    const interval: Record<string, [number, number]> = {};
    if (report.bootstrap && C !== undefined) {
      for (const k of ['N', 'D', 'loss', 'tokensPerParam'] as const) {
        const iv = interval95(report, (q) => optimalForCompute(asChinchilla(q), C)[k]);
        if (iv) interval[k] = iv;
      }
    }
    out.interval = interval;
    const approach3 = closedFormApproach(p, bootstrapDraws(report).map(asChinchilla));
    out.exponents = { a: approach3.N.exponent, b: approach3.D.exponent, aInterval: approach3.N.ci95?.exponent, bInterval: approach3.D.ci95?.exponent };
    const proposal = proposeRun(best.N, best.D, shapeOpts);
    out.proposed = {
      family: proposal.family, dModel: proposal.arch.dModel, layers: proposal.arch.layers, heads: proposal.arch.heads, kvHeads: proposal.arch.kvHeads,
      headDim: proposal.arch.headDim, mlp: proposal.arch.mlp, vocab: proposal.arch.vocab, tied: proposal.arch.tied,
      params: proposal.params, tokens: proposal.tokens, seqLen: proposal.seqLen, batchTokens: proposal.batchTokens, batchSequences: proposal.batchSequences,
      steps: proposal.steps, lr: proposal.lr, snippet: proposal.snippet, trainingSnippet: proposal.trainingSnippet, notes: proposal.notes,
    };
    const hp = stepLaw(proposal.params.conventions.Kaplan, best.D);
    out.hparams = { lr: hp.lr, batchTokens: hp.batchTokens, law: hp.law, N: proposal.params.conventions.Kaplan, nConvention: hp.nConvention };
    if (hw && C !== undefined) out.time = estimateTrainingTime(proposal.arch, best.D, hw, { batchTokens: proposal.batchTokens });
    if (inferenceTokens !== undefined) out.inference = inferenceAwareForLoss(p, best.loss, inferenceTokens);
    out.conventions = { flops: 'C = 6·N·D (Chinchilla closed form)', lawN: nConv, stepLawN: 'Kaplan (non-embedding block matrices)' };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new RunError((e as Error).message);
  }
  if (flags.json) {
    io.out(JSON.stringify(out, null, 2) + '\n');
    return 0;
  }
  const h = formatHumanNumber;
  const iv = (out.interval ?? {}) as Record<string, [number, number]>;
  const withIv = (k: string, v: number) => `${h(v)}${iv[k] ? ` [${h(iv[k][0])}, ${h(iv[k][1])}]` : ''}`;
  io.out(`C = ${(out.C as number).toExponential(3)} FLOPs → N = ${withIv('N', out.N as number)}, D = ${withIv('D', out.D as number)} tokens (${(out.tokensPerParam as number).toFixed(1)} tokens/param), loss ${(out.loss as number).toFixed(4)}\n`);
  const pr = out.proposed as Record<string, unknown>;
  io.out(`proposed ${pr.family}: d_model ${pr.dModel}, ${pr.layers} layers, ${pr.heads} heads (${pr.kvHeads} kv), MLP ${pr.mlp}, vocab ${pr.vocab} → ${h((pr.params as { total: number }).total)} parameters\n`);
  io.out(`  ${pr.steps} steps × ${pr.batchSequences} sequences of ${pr.seqLen} (${h(pr.batchTokens as number)} tokens), learning rate ${(pr.lr as number).toPrecision(3)} (Step Law)\n`);
  if (out.time) io.out(`  time: ${((out.time as { hours: number }).hours).toFixed(1)} h (${(out.time as { bound: string }).bound}-bound)\n`);
  if (out.timePlan) io.out(`  time budget ${((out.timePlan as { hours: number }).hours).toFixed(1)} h: estimate ${(((out.timePlan as { estimate: { hours: number } }).estimate).hours).toFixed(1)} h\n`);
  if (out.inference) {
    const inf = out.inference as { N: number; D: number; savings: number; inferenceTokens: number };
    io.out(`inference-aware (${h(inf.inferenceTokens)} inference tokens, same loss): N = ${h(inf.N)}, D = ${h(inf.D)}, ${(inf.savings * 100).toFixed(1)} % less total compute\n`);
  }
  io.out(`config snippet:\n${pr.snippet}\n`);
  return 0;
}
