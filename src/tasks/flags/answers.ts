// `scaling-laws predict` and `optimal` flags ↔ requests.
import type { ChainPredictRequest, LawSource, OptimalRequest, PredictRequest } from '../../protocol/tasks';
import { parseAssignments, UsageError, type FlagSpec, type FlagValue } from './args';

export const LAW_SOURCE_FLAGS = {
  fit: { kind: 'string', unit: 'FIT.json', help: 'a FitReport written by `scaling-laws fit --out` (intervals from its bootstrap)' },
  law: { kind: 'string', unit: 'ID', help: 'a law given by hand (with --params; no intervals)' },
  params: { kind: 'list', unit: 'NAME=VALUE,...', help: "the law's parameters, e.g. E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28" },
  x: { kind: 'string', unit: 'ROLE', help: 'the input of --law power' },
  formula: { kind: 'string', unit: 'EXPR', help: 'the formula of --law custom' },
  json: { kind: 'boolean', help: 'print the answer as JSON' },
} as const satisfies FlagSpec;

export const PREDICT_FLAGS = {
  ...LAW_SOURCE_FLAGS,
  at: { kind: 'list', unit: 'ROLE=VALUE,...', help: 'where to predict, e.g. N=7B,D=1.4T (numbers accept 7B, 1.4T, 5.76e23)' },
  chain: { kind: 'string', unit: 'FIT.json,FIT.json,...', help: 'chain fits (compute → loss → other loss → error) with a joint interval; --at feeds the first' },
} as const satisfies FlagSpec;

export const OPTIMAL_FLAGS = {
  ...LAW_SOURCE_FLAGS,
  compute: { kind: 'number', unit: 'FLOPs', help: 'the compute budget: best N and D for it' },
  'target-loss': { kind: 'number', unit: 'LOSS', help: 'the least compute (and its N, D) that reaches this loss' },
  'flops-per-param-token': { kind: 'number', unit: 'K', help: 'FLOP convention C = K·N·D', default: "the fit's, else 6" },
  'unique-tokens': { kind: 'number', unit: 'TOKENS', help: 'unique tokens available (with --law data-constrained: the data are repeated D/U times)' },
  'inference-tokens': { kind: 'number', unit: 'TOKENS', help: "lifetime inference demand: with --target-loss, the allocation that minimises training + inference compute (Sardana et al.)" },
} as const satisfies FlagSpec;

export function lawSourceFromFlags(flags: Record<string, FlagValue>): LawSource {
  const src: LawSource = {};
  if (flags.fit !== undefined) src.fit = String(flags.fit);
  if (flags.law !== undefined) src.law = String(flags.law);
  if (flags.params !== undefined) src.params = { ...parseAssignments(flags.params as string[], '--params') };
  if (flags.x !== undefined) src.x = String(flags.x);
  if (flags.formula !== undefined) src.formula = String(flags.formula);
  return src;
}

export function predictRequestFromFlags(flags: Record<string, FlagValue>): PredictRequest {
  return { ...lawSourceFromFlags(flags), at: { ...parseAssignments(flags.at as string[] | undefined, '--at') } };
}

export function chainRequestFromFlags(flags: Record<string, FlagValue>): ChainPredictRequest {
  if (flags.fit || flags.law || flags.params) throw new UsageError('--chain replaces --fit/--law/--params');
  return { chain: String(flags.chain).split(',').map((f) => f.trim()).filter(Boolean), at: { ...parseAssignments(flags.at as string[] | undefined, '--at') } };
}

export function optimalRequestFromFlags(flags: Record<string, FlagValue>): OptimalRequest {
  const req: OptimalRequest = lawSourceFromFlags(flags);
  if (flags.compute !== undefined) req.compute = flags.compute as number;
  if (flags['target-loss'] !== undefined) req.targetLoss = flags['target-loss'] as number;
  if (flags['flops-per-param-token'] !== undefined) req.flopsPerParamToken = flags['flops-per-param-token'] as number;
  if (flags['unique-tokens'] !== undefined) req.uniqueTokens = flags['unique-tokens'] as number;
  if (flags['inference-tokens'] !== undefined) req.inferenceTokens = flags['inference-tokens'] as number;
  return req;
}
