// Wall-clock time of a training run under one stated model of time, from one FLOP count:
//  - 'mfu' (default): seconds = FLOPs / (devices · peak FLOP/s · MFU). A measured MFU already contains
//    every stall (memory traffic, communication, bubbles), so nothing is added to it.
//  - 'roofline': from hardware numbers alone, seconds = max(FLOPs / (devices · peak),
//    bytes / (devices · bandwidth · bandwidthUtilisation)). No MFU: the memory term is the stall.
// Never both: adding memory time to MFU-discounted compute time counts the stalls twice.
// The FLOP count is the caller's (a plan passes its own C = 6·N·D, so time and budget agree); without
// one it is flopsPerToken under the named convention.
// Roofline memory traffic (documented, every constant overridable):
//   bytes = steps · bytesPerParamPerStep · N_total + tokens · activationBytesPerToken
//   activationBytesPerToken = layers · (34·d + 5·h·T) · 2  (Korthikanti et al. 2022 activation memory per
//                  token per layer in 16-bit, written in the forward pass and read in the backward)
//   bytesPerParamPerStep = 34: bf16 weights read forward + backward (2+2), bf16 grads written (2),
//                  AdamW reads fp32 master, m, v, grad (16) and writes master, m, v, bf16 copy (14)

import type { ArchConfig } from './arch';
import type { ChinchillaParams } from './computeOptimal';
import { chinchillaLoss } from './computeOptimal';
import { flopsPerToken, type FlopOptions } from './flops';
import { countParams, type NonEmbeddingConvention } from './paramCount';

export type TimeModel = 'mfu' | 'roofline';

export const TIME_MODELS: Record<TimeModel, string> = {
  mfu: 'FLOPs ÷ (devices × peak FLOP/s × MFU)',
  roofline: 'max(FLOPs ÷ (devices × peak FLOP/s), bytes ÷ (devices × bandwidth × bandwidth utilisation))',
};

/** Default model FLOP utilisation when none is given (an assumption, reported as such). */
export const DEFAULT_MFU = 0.4;

export interface Hardware {
  /** Peak FLOP/s per device (e.g. 989e12 for H100 bf16 dense). */
  peakFlops: number;
  /** Memory bandwidth per device, bytes/s (e.g. 3.35e12 for H100 SXM); the roofline model needs it. */
  memoryBandwidth?: number;
  devices?: number;
  /** Model FLOP utilisation of the peak (MFU model only; default 0.4). */
  utilization?: number;
  /** Fraction of the bandwidth reached (roofline only; default 1). */
  bandwidthUtilization?: number;
}

export interface TimeOptions extends FlopOptions {
  model?: TimeModel;
  /** The run's FLOP count (e.g. a plan's C); default flopsPerToken(arch, opts) · tokens. */
  flops?: number;
  /** Name of the convention behind `flops`. */
  flopConvention?: string;
  batchTokens?: number;
  bytesPerParamPerStep?: number;
  activationBytesPerToken?: number;
}

export interface TimeEstimate {
  model: TimeModel;
  /** The formula, in words. */
  formula: string;
  seconds: number;
  hours: number;
  days: number;
  /** MFU model: all of the time. Roofline: FLOPs at peak. */
  computeSeconds: number;
  /** Roofline: memory traffic at the bandwidth. MFU model: 0 (contained in the MFU). */
  memorySeconds: number;
  /** Roofline: which term sets the time; 'mfu' under the MFU model. */
  bound: 'compute' | 'memory' | 'mfu';
  flops: number;
  flopConvention: string;
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
  const model = opts.model ?? 'mfu';
  if (!(hw.peakFlops > 0)) throw new RangeError('hardware needs a positive peak FLOP/s');
  if (!(tokens > 0)) throw new RangeError('tokens must be positive');
  const devices = hw.devices ?? 1;
  if (!(devices > 0)) throw new RangeError('devices must be positive');
  const T = opts.seqLen ?? arch.seqLen ?? 2048;
  const counted = opts.flops === undefined ? flopsPerToken(arch, { ...opts, seqLen: T }) : undefined;
  const flops = opts.flops ?? counted!.total * tokens;
  const flopConvention = opts.flopConvention ?? counted?.convention ?? 'given';
  if (!(flops > 0)) throw new RangeError('the FLOP count must be positive');
  const batchTokens = opts.batchTokens;
  const steps = batchTokens ? Math.ceil(tokens / batchTokens) : undefined;
  const base = { model, formula: TIME_MODELS[model], flops, flopConvention, steps, tokens };
  if (model === 'mfu') {
    const mfu = hw.utilization ?? DEFAULT_MFU;
    if (!(mfu > 0 && mfu <= 1)) throw new RangeError('MFU must be in (0, 1]');
    const seconds = flops / (devices * hw.peakFlops * mfu);
    return {
      ...base, seconds, hours: seconds / 3600, days: seconds / 86400, computeSeconds: seconds, memorySeconds: 0, bound: 'mfu', bytes: 0,
      secondsPerToken: seconds / tokens,
      assumptions: { flopConvention, devices, peakFlops: hw.peakFlops, utilization: mfu, utilizationSource: hw.utilization === undefined ? `assumed (default ${DEFAULT_MFU})` : 'given' },
    };
  }
  if (hw.utilization !== undefined) throw new RangeError('the roofline model takes hardware numbers only: an MFU already contains the memory stalls the roofline adds (use the MFU model, or drop the MFU)');
  if (!(hw.memoryBandwidth !== undefined && hw.memoryBandwidth > 0)) throw new RangeError('the roofline model needs the memory bandwidth (bytes/s per device)');
  const bwu = hw.bandwidthUtilization ?? 1;
  if (!(bwu > 0 && bwu <= 1)) throw new RangeError('bandwidth utilisation must be in (0, 1]');
  const computeSeconds = flops / (devices * hw.peakFlops);
  const Ntotal = countParams(arch).total;
  const bpp = opts.bytesPerParamPerStep ?? 34;
  const act = opts.activationBytesPerToken ?? activationBytesPerToken(arch, T);
  // Without a batch size, weight traffic is counted per 1M-token step.
  const stepCount = steps ?? tokens / 1e6;
  const bytes = stepCount * bpp * Ntotal + tokens * act;
  const memorySeconds = bytes / (devices * hw.memoryBandwidth * bwu);
  const seconds = Math.max(computeSeconds, memorySeconds);
  return {
    ...base, seconds, hours: seconds / 3600, days: seconds / 86400, computeSeconds, memorySeconds,
    bound: computeSeconds >= memorySeconds ? 'compute' : 'memory', bytes, secondsPerToken: seconds / tokens,
    assumptions: {
      flopConvention, devices, peakFlops: hw.peakFlops, memoryBandwidth: hw.memoryBandwidth, bandwidthUtilization: bwu, bytesPerParamPerStep: bpp,
      activationBytesPerToken: act, batchTokens: batchTokens ?? '1M (assumed)',
    },
  };
}

/** The breakdown of an estimate in one line, e.g. for the CLI. */
export function describeTime(t: TimeEstimate): string {
  const h = (s: number) => `${(s / 3600).toFixed(1)} h`;
  const a = t.assumptions;
  if (t.model === 'mfu') {
    return `${h(t.seconds)} = ${t.flops.toExponential(3)} FLOPs (${t.flopConvention}) ÷ (${a.devices} device(s) × ${Number(a.peakFlops).toExponential(3)} FLOP/s × MFU ${a.utilization}${a.utilizationSource === 'given' ? '' : ', assumed'})`;
  }
  return `${h(t.seconds)} = max(compute ${h(t.computeSeconds)} = ${t.flops.toExponential(3)} FLOPs (${t.flopConvention}) ÷ (${a.devices} × ${Number(a.peakFlops).toExponential(3)} FLOP/s), memory ${h(t.memorySeconds)} = ${t.bytes.toExponential(3)} bytes ÷ (${a.devices} × ${Number(a.memoryBandwidth).toExponential(3)} B/s × ${a.bandwidthUtilization})): ${t.bound}-bound roofline`;
}

export interface TimePlanCandidate {
  arch: ArchConfig;
  N: number;
  D: number;
  loss: number;
  time: TimeEstimate;
}

/**
 * Plan by time budget: for each candidate shape, the tokens that fit in `seconds` when the run's
 * FLOPs are the plan's own count kFlops·N·D (N under the law's convention); the shape whose predicted
 * loss is lowest wins. `shapes` comes from proposeConfig's shape generator (or the caller).
 */
export function planForTime(
  p: ChinchillaParams,
  seconds: number,
  hw: Hardware,
  shapes: ArchConfig[],
  opts: Omit<TimeOptions, 'flops' | 'flopConvention'> & { lawN?: 'total' | NonEmbeddingConvention; flopsPerParamToken?: number; batchTokensFor?: (arch: ArchConfig, D: number) => number } = {},
): { best: TimePlanCandidate; candidates: TimePlanCandidate[] } {
  if (!(seconds > 0)) throw new RangeError('time budget must be positive');
  const k = opts.flopsPerParamToken ?? 6;
  const lawN = opts.lawN ?? 'total';
  const convention = `${k}·N·D (N: ${lawN === 'total' ? 'total' : `non-embedding, ${lawN}`})`;
  const candidates: TimePlanCandidate[] = [];
  for (const arch of shapes) {
    const c = countParams(arch);
    const N = lawN !== 'total' ? c.conventions[lawN] : c.total;
    const at = (D: number) => estimateTrainingTime(arch, D, hw, { ...opts, flops: k * N * D, flopConvention: convention, batchTokens: opts.batchTokensFor?.(arch, D) ?? opts.batchTokens });
    // Seconds per token is constant under the MFU model; under the roofline the weight traffic per
    // step depends on the batch, which may depend on D (Step Law): iterate a few times.
    let D = seconds / at(1e9).secondsPerToken;
    for (let i = 0; i < 4; i++) D = seconds / at(D).secondsPerToken;
    candidates.push({ arch, N, D, loss: chinchillaLoss(p, N, D), time: at(D) });
  }
  if (candidates.length === 0) throw new RangeError('no candidate shapes');
  const best = candidates.reduce((a, b) => (b.loss < a.loss ? b : a));
  return { best, candidates };
}
