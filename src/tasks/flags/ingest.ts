// Ingest flags (how a log is read), shared by every command that reads logs: argv ↔ IngestOptions.
import type { IngestOptions } from '../../core/ingest/options';
import { UsageError, type FlagSpec, type FlagValue } from './args';

export const INGEST_FLAGS = {
  format: { kind: 'string', unit: 'NAME', help: 'read as this format instead of detecting it: csv, tsv, jsonl, json, tfevents, parquet, lightning, hf-trainer, wandb-csv, mlflow' },
  delimiter: { kind: 'string', unit: 'CHAR', help: "CSV delimiter ('tab' for a tab); sniffed when absent" },
  log10: { kind: 'list', unit: 'COLUMN[,COLUMN]', help: 'columns stored as log10 values (converted to 10^x)' },
  'ppl-to-loss': { kind: 'boolean', help: 'add loss = ln(perplexity) when a file has perplexity but no loss' },
  'non-finite': { kind: 'string', unit: 'missing|keep|error', help: 'what NaN/Infinity cells become', default: 'missing' },
  reduce: { kind: 'string', unit: 'last|min|mean-last', help: 'reduce each run\'s training curve to one row' },
  'last-fraction': { kind: 'number', unit: 'FRACTION', help: 'with --reduce mean-last: share of each run\'s last points averaged, e.g. 0.1' },
  'drop-before-tokens': { kind: 'number', unit: 'TOKENS', help: 'with --reduce: drop rows below this token count' },
  'drop-before-fraction': { kind: 'number', unit: 'FRACTION', help: 'with --reduce: drop rows before this fraction of each run' },
  loss: { kind: 'string', unit: 'COLUMN', help: 'the loss column (default: the documented rule in docs/CONVENTIONS.md picks one and says why)' },
} as const satisfies FlagSpec;

export function ingestFromFlags(flags: Record<string, FlagValue>): IngestOptions {
  const opts: IngestOptions = {};
  if (flags.format) opts.format = String(flags.format);
  if (flags.delimiter !== undefined) {
    const d = String(flags.delimiter) === '\\t' || String(flags.delimiter) === 'tab' ? '\t' : String(flags.delimiter);
    if (d.length !== 1) throw new UsageError(`--delimiter must be one character (or 'tab'), got '${flags.delimiter}'`);
    opts.delimiter = d;
  }
  if (flags.log10) opts.log10 = (flags.log10 as string[]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  if (flags['ppl-to-loss']) opts.pplToLoss = true;
  if (flags.loss !== undefined) opts.loss = String(flags.loss);
  if (flags['non-finite'] !== undefined) {
    const p = String(flags['non-finite']);
    if (p !== 'missing' && p !== 'keep' && p !== 'error') throw new UsageError(`--non-finite must be missing, keep or error, got '${p}'`);
    opts.nonFinite = p;
  }
  const fraction = (name: string) => {
    const v = flags[name] as number | undefined;
    if (v !== undefined && !(v > 0 && v <= 1)) throw new UsageError(`--${name} must be a fraction in (0, 1], got ${v}`);
    return v;
  };
  if (flags.reduce !== undefined) {
    const r = String(flags.reduce);
    if (r !== 'last' && r !== 'min' && r !== 'mean-last') throw new UsageError(`--reduce must be last, min or mean-last, got '${r}'`);
    const dropBeforeTokens = flags['drop-before-tokens'] as number | undefined;
    if (dropBeforeTokens !== undefined && !(dropBeforeTokens >= 0)) throw new UsageError(`--drop-before-tokens must be 0 or more, got ${dropBeforeTokens}`);
    opts.reduce = {
      reduce: r,
      ...(flags['last-fraction'] !== undefined ? { lastFraction: fraction('last-fraction') } : {}),
      ...(dropBeforeTokens !== undefined ? { dropBeforeTokens } : {}),
      ...(flags['drop-before-fraction'] !== undefined ? { dropBeforeFraction: fraction('drop-before-fraction') } : {}),
    };
  } else if (flags['last-fraction'] !== undefined || flags['drop-before-tokens'] !== undefined || flags['drop-before-fraction'] !== undefined) {
    throw new UsageError('--last-fraction, --drop-before-tokens and --drop-before-fraction need --reduce last|min|mean-last');
  }
  return opts;
}

export function ingestToFlags(o: IngestOptions | undefined): Record<string, FlagValue> {
  if (!o) return {};
  return {
    format: o.format,
    delimiter: o.delimiter === '\t' ? 'tab' : o.delimiter,
    log10: o.log10?.length ? [o.log10.join(',')] : undefined,
    'ppl-to-loss': o.pplToLoss || undefined,
    loss: o.loss,
    'non-finite': o.nonFinite,
    reduce: o.reduce?.reduce,
    'last-fraction': o.reduce?.lastFraction,
    'drop-before-tokens': o.reduce?.dropBeforeTokens,
    'drop-before-fraction': o.reduce?.dropBeforeFraction,
  };
}
