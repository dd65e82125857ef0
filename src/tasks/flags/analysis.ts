// Flags the planning analyses share (isoflop, envelope): the columns they read, the bootstrap, the
// FLOP convention.
import type { AnalysisColumns } from '../../protocol/tasks';
import type { FlagSpec, FlagValue } from './args';

export const ANALYSIS_FLAGS = {
  json: { kind: 'boolean', help: 'print the analysis as JSON' },
  bootstrap: { kind: 'number', unit: 'COUNT', help: 'resamples for the intervals', default: '200' },
  seed: { kind: 'number', unit: 'INTEGER', help: 'seed of the resamples', default: '0' },
  'flops-per-param-token': { kind: 'number', unit: 'K', help: 'FLOP convention C = K·N·D', default: '6' },
  N: { kind: 'string', unit: 'COLUMN', help: 'the model-size column (default: the N role, params, model_size)' },
  C: { kind: 'string', unit: 'COLUMN', help: 'the compute column (default: the C role, flops, compute)' },
  D: { kind: 'string', unit: 'COLUMN', help: 'the token column (default: the D role, tokens)' },
  loss: { kind: 'string', unit: 'COLUMN', help: 'the loss column (default: the loss role)' },
} as const satisfies FlagSpec;

export function analysisColumns(flags: Record<string, FlagValue>): AnalysisColumns {
  const s = (k: string) => (flags[k] === undefined ? undefined : String(flags[k]));
  return { N: s('N'), C: s('C'), D: s('D'), loss: s('loss') };
}

export function analysisOptions(flags: Record<string, FlagValue>): { bootstrap?: number; seed?: number; flopsPerParamToken?: number } {
  return { bootstrap: flags.bootstrap as number | undefined, seed: flags.seed as number | undefined, flopsPerParamToken: flags['flops-per-param-token'] as number | undefined };
}
