// Wall-clock estimates ("Time Matters: Scaling Laws for Any Budget"): time is not FLOPs alone;
// memory copies (weights/optimizer state every step, activations every token) add to it.
// Model (documented, every constant overridable):
//   compute time = training FLOPs / (devices · peak FLOP/s · utilisation)
//   memory time  = (steps · bytesPerParamPerStep · N_total + tokens · activationBytesPerToken)
//                  / (devices · bandwidth · bandwidthUtilisation)
//   activationBytesPerToken = layers · (34·d + 5·h·T) · 2  (Korthikanti et al. 2022 activation
//                  memory per token per layer in 16-bit, written in the forward pass and read in the backward)
//   bytesPerParamPerStep = 34: bf16 weights read forward + backward (2+2), bf16 grads written (2),
//                  AdamW reads fp32 master, m, v, grad (16) and writes master, m, v, bf16 copy (14)
//   total = compute + memory ('sum', no overlap: conservative) or max(compute, memory) ('max', roofline).

import type { ArchConfig } from './arch';
import type { ChinchillaParams } from './computeOptimal';
import { chinchillaLoss } from './computeOptimal';
import { flopsPerToken, type FlopOptions } from './flops';
import { countParams, type NonEmbeddingConvention } from './paramCount';

export interface Hardware {
  /** Peak FLOP/s per device (e.g. 989e12 for H100 bf16 dense). */
  peakFlops: number;
  /** Memory bandwidth per device, bytes/s (e.g. 3.35e12 for H100 SXM). */
  memoryBandwidth: number;
  devices?: number;
  /** Model FLOP utilisation of the peak (default 0.4). */
  utilization?: number;
  bandwidthUtilization?: number;
}

export interface TimeOptions extends FlopOptions {
  batchTokens?: number;
  bytesPerParamPerStep?: number;
  activationBytesPerToken?: number;
  combine?: 'sum' | 'max';
}

export interface TimeEstimate {
  seconds: number;
  hours: number;
  days: number;
  computeSeconds: number;
  memorySeconds: number;
  bound: 'compute' | 'memory';
  flops: number;
  bytes: number;
  steps?: number;
  tokens: number;
  secondsPerToken: number;
  assumptions: Record<string, number | string>;
}

export function activationBytesPerToken(arch: ArchConfig, seqLen: number): number {
  return arch.layers * (34 * arch.dModel + 5 * arch.heads * seqLen) * 2;
}

export function estimateTrainingTime(arch: ArchConfig, tokens: number, hw: Hardware, opts: TimeOptions = {}): TimeEstimate {
  if (!(hw.peakFlops > 0) || !(hw.memoryBandwidth > 0)) throw new RangeError('hardware needs positive peak FLOP/s and memory bandwidth');
  if (!(tokens > 0)) throw new RangeError('tokens must be positive');
  const devices = hw.devices ?? 1, mfu = hw.utilization ?? 0.4, bwu = hw.bandwidthUtilization ?? 1;
  if (!(mfu > 0 && mfu <= 1) || !(bwu > 0 && bwu <= 1)) throw new RangeError('utilisation must be in (0, 1]');
  const T = opts.seqLen ?? arch.seqLen ?? 2048;
  const fpt = flopsPerToken(arch, { ...opts, seqLen: T });
  const flops = fpt.total * tokens;
  const computeSeconds = flops / (devices * hw.peakFlops * mfu);
  const Ntotal = countParams(arch).total;
  const bpp = opts.bytesPerParamPerStep ?? 34;
  const act = opts.activationBytesPerToken ?? activationBytesPerToken(arch, T);
  const batchTokens = opts.batchTokens;
  const steps = batchTokens ? Math.ceil(tokens / batchTokens) : undefined;
  // Without a batch size, weight traffic is counted per 1M-token step.
  const stepCount = steps ?? tokens / 1e6;
  const bytes = stepCount * bpp * Ntotal + tokens * act;
  const memorySeconds = bytes / (devices * hw.memoryBandwidth * bwu);
  const combine = opts.combine ?? 'sum';
  const seconds = combine === 'sum' ? computeSeconds + memorySeconds : Math.max(computeSeconds, memorySeconds);
  return {
    seconds, hours: seconds / 3600, days: seconds / 86400, computeSeconds, memorySeconds,
    bound: computeSeconds >= memorySeconds ? 'compute' : 'memory', flops, bytes, steps, tokens, secondsPerToken: seconds / tokens,
    assumptions: {
      flopConvention: fpt.convention, utilization: mfu, bandwidthUtilization: bwu, devices, bytesPerParamPerStep: bpp,
      activationBytesPerToken: act, batchTokens: batchTokens ?? '1M (assumed)', combine,
    },
  };
}

export interface TimePlanCandidate {
  arch: ArchConfig;
  N: number;
  D: number;
  loss: number;
  time: TimeEstimate;
}

/**
 * Plan by time budget: for each candidate shape, the tokens that fit in `seconds`; the shape whose
 * predicted loss is lowest wins. `shapes` comes from proposeConfig's shape generator (or the caller).
 */
export function planForTime(
  p: ChinchillaParams,
  seconds: number,
  hw: Hardware,
  shapes: ArchConfig[],
  opts: TimeOptions & { lawN?: 'total' | NonEmbeddingConvention; batchTokensFor?: (arch: ArchConfig, D: number) => number } = {},
): { best: TimePlanCandidate; candidates: TimePlanCandidate[] } {
  if (!(seconds > 0)) throw new RangeError('time budget must be positive');
  const candidates: TimePlanCandidate[] = [];
  for (const arch of shapes) {
    const probe = estimateTrainingTime(arch, 1e9, hw, opts);
    let D = seconds / probe.secondsPerToken;
    if (opts.batchTokensFor) {
      // batch depends on D (Step Law): iterate a few times
      for (let i = 0; i < 3; i++) D = seconds / estimateTrainingTime(arch, D, hw, { ...opts, batchTokens: opts.batchTokensFor(arch, D) }).secondsPerToken;
    }
    const c = countParams(arch);
    const N = opts.lawN && opts.lawN !== 'total' ? c.conventions[opts.lawN] : c.total;
    const time = estimateTrainingTime(arch, D, hw, { ...opts, batchTokens: opts.batchTokensFor?.(arch, D) ?? opts.batchTokens });
    candidates.push({ arch, N, D, loss: chinchillaLoss(p, N, D), time });
  }
  if (candidates.length === 0) throw new RangeError('no candidate shapes');
  const best = candidates.reduce((a, b) => (b.loss < a.loss ? b : a));
  return { best, candidates };
}
