// `scaling-laws diff` flags ↔ DiffRequest.
import type { DiffRequest } from '../../protocol/tasks';
import { parseAssignments, type FlagSpec, type FlagValue } from './args';

export const DIFF_FLAGS = {
  at: { kind: 'list', unit: 'ROLE=VALUE,...', help: 'headline: the loss at these inputs, e.g. N=7B,D=1.4T' },
  compute: { kind: 'number', unit: 'FLOPs', help: 'headline: the compute-optimal N at this budget (Chinchilla laws)', default: 'the largest budget of the old data' },
  'flops-per-param-token': { kind: 'number', unit: 'K', help: 'FLOP convention C = K·N·D', default: "the old fit's, else 6" },
  json: { kind: 'boolean', help: 'print the diff as JSON' },
} as const satisfies FlagSpec;

export function diffRequestFromFlags(oldFile: string, newFile: string, flags: Record<string, FlagValue>): DiffRequest {
  const req: DiffRequest = { old: oldFile, new: newFile };
  const at = parseAssignments(flags.at as string[] | undefined, '--at');
  if (Object.keys(at).length) req.at = { ...at };
  if (flags.compute !== undefined) req.compute = flags.compute as number;
  if (flags['flops-per-param-token'] !== undefined) req.flopsPerParamToken = flags['flops-per-param-token'] as number;
  return req;
}
