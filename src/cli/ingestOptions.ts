// Ingestion flags shared by every command that reads logs (inspect, fit, report, ...).
import type { NonFinitePolicy } from '../core/ingest/tableBuilder';
import type { LoadOptions } from '../node/loadTable';
import { UsageError } from './args';

export const INGEST_FLAGS = {
  format: 'string',
  delimiter: 'string',
  log10: 'list',
  'ppl-to-loss': 'boolean',
  'non-finite': 'string',
  reduce: 'string',
  'last-fraction': 'number',
  'drop-before-tokens': 'number',
  'drop-before-fraction': 'number',
} as const;

export function loadOptionsFromFlags(flags: Record<string, unknown>): LoadOptions {
  const opts: LoadOptions = {};
  if (flags.format) opts.format = String(flags.format);
  if (flags.delimiter !== undefined) {
    const d = String(flags.delimiter) === '\\t' || String(flags.delimiter) === 'tab' ? '\t' : String(flags.delimiter);
    if (d.length !== 1) throw new UsageError(`--delimiter must be one character (or 'tab'), got '${flags.delimiter}'`);
    opts.delimiter = d;
  }
  if (flags.log10) opts.log10 = (flags.log10 as string[]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  if (flags['ppl-to-loss']) opts.pplToLoss = true;
  if (flags['non-finite'] !== undefined) {
    const p = String(flags['non-finite']);
    if (p !== 'missing' && p !== 'keep' && p !== 'error') throw new UsageError(`--non-finite must be missing, keep or error, got '${p}'`);
    opts.nonFinite = p as NonFinitePolicy;
  }
  if (flags.reduce !== undefined) {
    const r = String(flags.reduce);
    if (r !== 'last' && r !== 'min' && r !== 'mean-last') throw new UsageError(`--reduce must be last, min or mean-last, got '${r}'`);
    opts.reduce = {
      reduce: r,
      lastFraction: flags['last-fraction'] as number | undefined,
      dropBeforeTokens: flags['drop-before-tokens'] as number | undefined,
      dropBeforeFraction: flags['drop-before-fraction'] as number | undefined,
    };
  } else if (flags['last-fraction'] !== undefined || flags['drop-before-tokens'] !== undefined || flags['drop-before-fraction'] !== undefined) {
    throw new UsageError('--last-fraction, --drop-before-tokens and --drop-before-fraction need --reduce last|min|mean-last');
  }
  return opts;
}

