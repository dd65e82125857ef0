// The plan task (`scaling-laws plan`): a run for a compute budget, a target loss or a time budget
// under a Chinchilla law — the allocation with intervals, a proposed shape with its config snippet,
// Step Law hyperparameters, a time estimate and the inference-aware alternative.
// One FLOP count throughout: the plan's C = 6·N·D (N under --n-convention) sizes the model and is the
// count the time estimate divides; one model of time (MFU alone, or a roofline from hardware numbers).
import { InputError, RunError } from '../core/errors';
import { computeForTargetLoss, optimalForCompute, type Allocation, type ChinchillaParams } from '../core/plan/computeOptimal';
import { closedFormApproach } from '../core/plan/approaches';
import { stepLaw } from '../core/plan/hparams';
import { inferenceAwareForLoss } from '../core/plan/inference';
import { countParams, NON_EMBEDDING_CONVENTIONS, type NonEmbeddingConvention } from '../core/plan/paramCount';
import { proposeRun, shapeLadder, type Family } from '../core/plan/proposeConfig';
import { estimateTrainingTime, planForTime, type Hardware, type TimeModel } from '../core/plan/wallclock';
import { bootstrapDraws, interval95 } from '../core/report/intervals';
import type { PlanRequest } from '../protocol/tasks';
import { reportOf } from './answers';
import type { TaskContext } from './context';

function asChinchilla(p: Record<string, number>): ChinchillaParams {
  return { E: p.E, A: p.A, B: p.B, alpha: p.alpha, beta: p.beta };
}

export function planTask(req: PlanRequest, ctx: TaskContext): Record<string, unknown> {
  const report = reportOf(req, ctx);
  if (report.law !== 'chinchilla') throw new InputError(`plan needs a chinchilla law (got '${report.law}')`);
  const p = asChinchilla(report.params);
  const C = req.compute;
  const seconds = req.time;
  const target = req.targetLoss;
  if ([C, seconds, target].filter((v) => v !== undefined).length !== 1) throw new InputError('give exactly one of --compute C (FLOPs), --target-loss L or --time SECONDS (with --peak-flops)');
  if (C !== undefined && !(C > 0)) throw new InputError('--compute must be positive');
  if (target !== undefined && !(target > 0)) throw new InputError('--target-loss must be positive');
  const family = (req.family ?? 'llama') as Family;
  if (family !== 'llama' && family !== 'gpt2') throw new InputError(`--family must be llama or gpt2 (got '${family}')`);
  const nConv = req.nConvention ?? 'total';
  if (nConv !== 'total' && !(nConv in NON_EMBEDDING_CONVENTIONS)) throw new InputError(`--n-convention must be total or one of ${Object.keys(NON_EMBEDDING_CONVENTIONS).join(', ')}`);
  const inferenceTokens = req.inferenceTokens;
  if (inferenceTokens !== undefined && !(inferenceTokens >= 0)) throw new InputError('--inference-tokens must be >= 0');
  const positive: [string, number | undefined][] = [['vocab', req.vocab], ['seq-len', req.seqLen], ['batch-tokens', req.batchTokens], ['peak-flops', req.peakFlops], ['bandwidth', req.bandwidth], ['devices', req.devices], ['time', req.time]];
  for (const [f, v] of positive) if (v !== undefined && !(v > 0 && Number.isFinite(v))) throw new InputError(`--${f} must be a positive number`);
  const mfu = req.mfu;
  if (mfu !== undefined && !(mfu > 0 && mfu <= 1)) throw new InputError('--mfu must be in (0, 1]');
  const timeModel = req.timeModel ?? 'mfu';
  if (timeModel !== 'mfu' && timeModel !== 'roofline') throw new InputError(`--time-model must be mfu or roofline (got '${timeModel}')`);
  const timeNotes: string[] = [];
  let hw: Hardware | undefined;
  if (req.peakFlops !== undefined || req.bandwidth !== undefined || seconds !== undefined || req.timeModel !== undefined) {
    if (req.peakFlops === undefined) throw new InputError('time estimates need --peak-flops (FLOP/s per device)');
    if (timeModel === 'roofline') {
      if (req.bandwidth === undefined) throw new InputError('--time-model roofline needs --bandwidth (bytes/s per device)');
      if (mfu !== undefined) throw new InputError('--mfu goes with --time-model mfu: a measured MFU already contains the memory stalls the roofline adds, so the two are not combined');
    } else if (req.bandwidth !== undefined) {
      timeNotes.push('--bandwidth is not used by the MFU model (a measured MFU already contains memory stalls); --time-model roofline uses it instead of an MFU');
    }
    hw = { peakFlops: req.peakFlops as number, memoryBandwidth: req.bandwidth, devices: req.devices, utilization: timeModel === 'mfu' ? mfu : undefined };
  }
  const lawNName = nConv === 'total' ? 'total' : `non-embedding, ${nConv}`;
  const planFlops = `C = 6·N·D (the plan's budget; N: ${lawNName})`;
  const shapeOpts = {
    family, vocab: req.vocab, seqLen: req.seqLen,
    nConvention: nConv as 'total' | NonEmbeddingConvention, batchTokens: req.batchTokens,
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
    if (e instanceof InputError) throw e;
    throw new RunError((e as Error).message);
  }
  return out;
}
