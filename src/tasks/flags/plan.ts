// `scaling-laws plan` flags ↔ PlanRequest.
import type { PlanRequest } from '../../protocol/tasks';
import { type FlagSpec, type FlagValue } from './args';
import { LAW_SOURCE_FLAGS, lawSourceFromFlags } from './answers';

export const PLAN_FLAGS = {
  ...LAW_SOURCE_FLAGS,
  compute: { kind: 'number', unit: 'FLOPs', help: 'plan for this compute budget' },
  'target-loss': { kind: 'number', unit: 'LOSS', help: 'plan for the least compute that reaches this loss' },
  time: { kind: 'number', unit: 'SECONDS', help: 'plan for a wall-clock budget (with --peak-flops)' },
  'inference-tokens': { kind: 'number', unit: 'TOKENS', help: 'lifetime inference demand: also show (or with --target-loss, use) the inference-aware allocation' },
  family: { kind: 'string', unit: 'llama|gpt2', help: 'shape family of the proposed model', default: 'llama' },
  vocab: { kind: 'number', unit: 'TOKENS', help: 'vocabulary size of the proposed model' },
  'seq-len': { kind: 'number', unit: 'TOKENS', help: 'sequence length' },
  'batch-tokens': { kind: 'number', unit: 'TOKENS', help: 'batch size in tokens (default: Step Law)' },
  'n-convention': { kind: 'string', unit: 'total|Kaplan|Chinchilla|…', help: "which parameter count the law's N is", default: 'total' },
  'peak-flops': { kind: 'number', unit: 'FLOP/s', help: 'peak FLOP/s per device (for time estimates)' },
  bandwidth: { kind: 'number', unit: 'BYTES/s', help: 'memory bandwidth per device (--time-model roofline)' },
  devices: { kind: 'number', unit: 'COUNT', help: 'devices training in parallel', default: '1' },
  mfu: { kind: 'number', unit: 'FRACTION', help: 'model FLOP utilisation (--time-model mfu)', default: '0.4' },
  'time-model': { kind: 'string', unit: 'mfu|roofline', help: 'how time is estimated: FLOPs ÷ (peak × MFU), or a roofline from peak and bandwidth', default: 'mfu' },
} as const satisfies FlagSpec;

export function planRequestFromFlags(flags: Record<string, FlagValue>): PlanRequest {
  const n = (k: string) => flags[k] as number | undefined;
  const s = (k: string) => (flags[k] === undefined ? undefined : String(flags[k]));
  const req: PlanRequest = {
    ...lawSourceFromFlags(flags),
    compute: n('compute'), targetLoss: n('target-loss'), time: n('time'), inferenceTokens: n('inference-tokens'),
    family: s('family'), vocab: n('vocab'), seqLen: n('seq-len'), batchTokens: n('batch-tokens'), nConvention: s('n-convention'),
    peakFlops: n('peak-flops'), bandwidth: n('bandwidth'), devices: n('devices'), mfu: n('mfu'), timeModel: s('time-model'),
  };
  for (const k of Object.keys(req) as (keyof PlanRequest)[]) if (req[k] === undefined) delete req[k];
  return req;
}
