// `scaling-laws design` flags ↔ DesignRequest: the fit's request flags (same data, law, bootstrap,
// exclusions) plus the experiment budget and the target.
import type { DesignRequest } from '../../protocol/tasks';
import { flagsToArgv, UsageError, type FlagSpec, type FlagValue } from './args';
import { FIT_REQUEST_FLAGS, fitRequestFromFlags, fitRequestToArgv } from './fit';

export const DESIGN_REQUEST_FLAGS = {
  'budget-flops': { kind: 'number', unit: 'FLOPs', help: 'total compute of the new runs (each run gets at most an equal share of what is left)' },
  k: { kind: 'number', unit: 'COUNT', help: 'how many new runs to propose', default: '4' },
  'target-compute': { kind: 'number', unit: 'FLOPs', help: 'target: the compute-optimal N (and D) at this budget (--law chinchilla)' },
  'target-n': { kind: 'number', unit: 'PARAMS', help: 'target: the loss at this model size (with --target-d)' },
  'target-d': { kind: 'number', unit: 'TOKENS', help: 'target: the loss at this many tokens (with --target-n)' },
  'max-n': { kind: 'number', unit: 'PARAMS', help: 'largest model a new run may have' },
  'max-d': { kind: 'number', unit: 'TOKENS', help: 'most tokens a new run may train on' },
  'min-tokens-per-param': { kind: 'number', unit: 'RATIO', help: 'fewest tokens per parameter of a new run', default: "the data's, at least 1" },
  'max-tokens-per-param': { kind: 'number', unit: 'RATIO', help: 'most tokens per parameter of a new run', default: "the data's" },
  ...FIT_REQUEST_FLAGS,
} as const satisfies FlagSpec;

export const DESIGN_FLAGS = {
  ...DESIGN_REQUEST_FLAGS,
  json: { kind: 'boolean', help: 'print the design as JSON' },
  quiet: { kind: 'boolean', help: 'no progress' },
  threads: { kind: 'number', unit: 'COUNT', help: 'worker threads for the fit (results are identical for any count)', default: 'min(2, cores)' },
} as const satisfies FlagSpec;

export function designRequestFromFlags(file: string, flags: Record<string, FlagValue>): DesignRequest {
  const budget = flags['budget-flops'] as number | undefined;
  if (budget === undefined) throw new UsageError('design needs --budget-flops F (total compute of the new runs)');
  const k = (flags.k as number | undefined) ?? 4;
  if (!(Number.isInteger(k) && k >= 1)) throw new UsageError(`--k must be a whole number of runs, got ${k}`);
  const req: DesignRequest = { ...fitRequestFromFlags(file, flags), budgetFlops: budget, k };
  const n = (f: string) => flags[f] as number | undefined;
  const opt = { targetCompute: n('target-compute'), targetN: n('target-n'), targetD: n('target-d'), maxN: n('max-n'), maxD: n('max-d'), minTokensPerParam: n('min-tokens-per-param'), maxTokensPerParam: n('max-tokens-per-param') };
  for (const [key, v] of Object.entries(opt)) if (v !== undefined) (req as unknown as Record<string, number>)[key] = v;
  return req;
}

/** The flags (without the file) that parse back into `req`. */
export function designRequestToArgv(req: DesignRequest): string[] {
  const { budgetFlops, k, targetCompute, targetN, targetD, maxN, maxD, minTokensPerParam, maxTokensPerParam, ...fit } = req;
  return [
    ...flagsToArgv({ 'budget-flops': budgetFlops, k, 'target-compute': targetCompute, 'target-n': targetN, 'target-d': targetD, 'max-n': maxN, 'max-d': maxD, 'min-tokens-per-param': minTokensPerParam, 'max-tokens-per-param': maxTokensPerParam }),
    ...fitRequestToArgv(fit),
  ];
}
