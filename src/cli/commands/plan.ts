// scaling-laws plan (--fit FILE | --law chinchilla --params E=..,A=..,B=..,alpha=..,beta=..)
//   (--compute C | --target-loss L | --time SECONDS --peak-flops F) [--inference-tokens T]
//   [--family llama|gpt2] [--vocab V] [--seq-len T] [--batch-tokens B] [--n-convention total|Kaplan|...]
//   [--peak-flops F [--devices K] [--time-model mfu [--mfu U] | --time-model roofline --bandwidth BW]] [--json]
// One FLOP count throughout: the plan's C = 6·N·D (N under --n-convention) sizes the model and is the
// count the time estimate divides; one model of time (MFU alone, or a roofline from hardware numbers).
import { computeForTargetLoss, optimalForCompute, type Allocation, type ChinchillaParams } from '../../core/plan/computeOptimal';
import { closedFormApproach } from '../../core/plan/approaches';
import { stepLaw } from '../../core/plan/hparams';
import { inferenceAwareForLoss } from '../../core/plan/inference';
import { countParams, NON_EMBEDDING_CONVENTIONS, type NonEmbeddingConvention } from '../../core/plan/paramCount';
import { proposeRun, shapeLadder, type Family } from '../../core/plan/proposeConfig';
import { describeTime, estimateTrainingTime, planForTime, type Hardware, type TimeModel } from '../../core/plan/wallclock';
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
    'time-model': 'string', 'target-loss': 'number',
  });
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  const report = lawSource(flags);
  if (report.law !== 'chinchilla') throw new UsageError(`plan needs a chinchilla law (got '${report.law}')`);
  const p = asChinchilla(report.params);
  const C = flags.compute as number | undefined;
  const seconds = flags.time as number | undefined;
  const target = flags['target-loss'] as number | undefined;
  if ([C, seconds, target].filter((v) => v !== undefined).length !== 1) throw new UsageError('give exactly one of --compute C (FLOPs), --target-loss L or --time SECONDS (with --peak-flops)');
  if (C !== undefined && !(C > 0)) throw new UsageError('--compute must be positive');
  if (target !== undefined && !(target > 0)) throw new UsageError('--target-loss must be positive');
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
  const timeModel = (flags['time-model'] as string | undefined) ?? 'mfu';
  if (timeModel !== 'mfu' && timeModel !== 'roofline') throw new UsageError(`--time-model must be mfu or roofline (got '${timeModel}')`);
  const timeNotes: string[] = [];
  let hw: Hardware | undefined;
  if (flags['peak-flops'] !== undefined || flags.bandwidth !== undefined || seconds !== undefined || flags['time-model'] !== undefined) {
    if (flags['peak-flops'] === undefined) throw new UsageError('time estimates need --peak-flops (FLOP/s per device)');
    if (timeModel === 'roofline') {
      if (flags.bandwidth === undefined) throw new UsageError('--time-model roofline needs --bandwidth (bytes/s per device)');
      if (mfu !== undefined) throw new UsageError('--mfu goes with --time-model mfu: a measured MFU already contains the memory stalls the roofline adds, so the two are not combined');
    } else if (flags.bandwidth !== undefined) {
      timeNotes.push('--bandwidth is not used by the MFU model (a measured MFU already contains memory stalls); --time-model roofline uses it instead of an MFU');
    }
    hw = { peakFlops: flags['peak-flops'] as number, memoryBandwidth: flags.bandwidth as number | undefined, devices: flags.devices as number | undefined, utilization: timeModel === 'mfu' ? mfu : undefined };
  }
  const lawNName = nConv === 'total' ? 'total' : `non-embedding, ${nConv}`;
  const planFlops = `C = 6·N·D (the plan's budget; N: ${lawNName})`;
  const shapeOpts = {
    family, vocab: flags.vocab as number | undefined, seqLen: flags['seq-len'] as number | undefined,
    nConvention: nConv as 'total' | NonEmbeddingConvention, batchTokens: flags['batch-tokens'] as number | undefined,
  };
  const out: Record<string, unknown> = {};
  try {
    let best: Allocation;
    if (C !== undefined) {
      best = optimalForCompute(p, C);
    } else if (target !== undefined) {
      // Sardana et al.: with inference tokens, the N, D that reach the loss with least training + inference compute.
      if (inferenceTokens !== undefined) {
        const inf = inferenceAwareForLoss(p, target, inferenceTokens);
        best = { C: inf.trainFlops, N: inf.N, D: inf.D, loss: inf.loss, tokensPerParam: inf.tokensPerParam };
        out.inference = inf;
      } else best = computeForTargetLoss(p, target);
      out.targetLoss = target;
    } else {
      // plan by time: the shape and tokens with the lowest predicted loss that fit in the time budget
      const ladder = shapeLadder(1e6, 1e12, 121, shapeOpts);
      const tp = planForTime(p, seconds as number, hw as Hardware, ladder, {
        model: timeModel as TimeModel,
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
    if (report.bootstrap && (C !== undefined || (target !== undefined && inferenceTokens === undefined))) {
      for (const k of ['C', 'N', 'D', 'loss', 'tokensPerParam'] as const) {
        if ((k === 'C' && C !== undefined) || (k === 'loss' && target !== undefined)) continue;
        const iv = interval95(report, (q) => (C !== undefined ? optimalForCompute(asChinchilla(q), C) : computeForTargetLoss(asChinchilla(q), target as number))[k]);
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
    // The time of this plan divides the plan's own FLOP count (not the shape's attention-inclusive count).
    if (hw && seconds === undefined) out.time = estimateTrainingTime(proposal.arch, best.D, hw, { model: timeModel as TimeModel, flops: best.C, flopConvention: planFlops, batchTokens: proposal.batchTokens, seqLen: proposal.seqLen });
    if (inferenceTokens !== undefined && !out.inference) out.inference = inferenceAwareForLoss(p, best.loss, inferenceTokens);
    out.conventions = {
      flops: 'C = 6·N·D (Chinchilla closed form)', lawN: nConv, stepLawN: 'Kaplan (non-embedding block matrices)',
      ...(hw ? { time: `${timeModel}: ${timeModel === 'mfu' ? 'FLOPs ÷ (devices × peak × MFU)' : 'max(FLOPs ÷ (devices × peak), bytes ÷ (devices × bandwidth))'}; FLOPs = ${planFlops}` } : {}),
    };
    if (timeNotes.length) out.notes = timeNotes;
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
  if (out.time) io.out(`  time: ${describeTime(out.time as ReturnType<typeof estimateTrainingTime>)}\n`);
  if (out.timePlan) io.out(`  time budget ${((out.timePlan as { hours: number }).hours).toFixed(1)} h: estimate ${describeTime((out.timePlan as { estimate: ReturnType<typeof estimateTrainingTime> }).estimate)}\n`);
  if (out.inference) {
    const inf = out.inference as { N: number; D: number; savings: number; inferenceTokens: number };
    io.out(`inference-aware (${h(inf.inferenceTokens)} inference tokens, same loss): N = ${h(inf.N)}, D = ${h(inf.D)}, ${(inf.savings * 100).toFixed(1)} % less total compute\n`);
  }
  io.out(`config snippet:\n${pr.snippet}\n`);
  return 0;
}
