// scaling-laws hparams --N X --D Y [--law steplaw] [--loss L] [--json]
// Power Lines (AdamW timescale tau = B/(eta·lambda·D)): --weight-decay L reports tau for the suggested (or --lr/--batch-tokens)
// settings; --tau-c C --tau-m M (user-fitted tau_opt = C·(D/N)^M) report the weight decay that reaches tau_opt.
// scaling-laws hparams --sweep FILE [--threshold 0.0025] [--bootstrap K --seed S] [--N X --D Y] [--json]
// scaling-laws hparams --law power-lines --D Y (--b-opt-c C --b-opt-m M) (--b-crit-c C --b-crit-m M) [--json]
// Power Lines batch sizes: B_opt = c·D^m and B_crit = c·D^m (tokens), independent of N, with the user's constants.
import {
  adamwTimescale, criticalBatch, fitHparamSweep, optimalTimescale, powerLinesBatch, weightDecayForTimescale, stepLaw, STEP_LAW,
  type PowerLinesBatchConstants, type StepLawConstants, type SweepRow,
} from '../../core/plan/hparams';
import { pickNumeric } from '../../core/plan/columns';
import { formatHumanNumber } from '../../core/table/numbers';
import { loadTable } from '../../node/loadTable';
import { parseArgs, RunError, UsageError, type CliIO } from '../args';
import type { CommandHelp } from '../help';

export const HELP: CommandHelp = {
  usage: '--N PARAMS --D TOKENS [flags]   |   --sweep FILE [flags]   |   --law power-lines --D TOKENS (--b-opt-c C --b-opt-m M) [flags]',
  flags: {
    N: { kind: 'number', unit: 'PARAMS', help: 'model size (non-embedding, as Step Law counts it), e.g. 1B' },
    D: { kind: 'number', unit: 'TOKENS', help: 'training tokens, e.g. 20B' },
    law: { kind: 'string', unit: 'steplaw|power-lines', help: 'Step Law (Li et al. 2025) learning rate and batch, or Power Lines (Bergsma et al. 2025) batch sizes from your constants', default: 'steplaw' },
    sweep: { kind: 'string', unit: 'FILE', help: 'fit your own lr/batch law to a sweep (columns N, D, lr, batch_tokens or bs, loss) instead of the Step Law constants' },
    threshold: { kind: 'number', unit: 'FRACTION', help: 'with --sweep: rows within this relative loss of each (N, D) optimum count as near-optimal', default: '0.0025' },
    bootstrap: { kind: 'number', unit: 'COUNT', help: 'with --sweep: resamples for intervals of the exponents (0: none)', default: '0' },
    seed: { kind: 'number', unit: 'INTEGER', help: 'seed of those resamples', default: '0' },
    'seq-len': { kind: 'number', unit: 'TOKENS', help: 'with --sweep: sequence length, to turn a batch in sequences (bs) into tokens', default: '2048' },
    loss: { kind: 'number', unit: 'LOSS', help: 'also the critical batch size at this loss (Kaplan et al. 2020)' },
    lr: { kind: 'number', unit: 'RATE', help: 'your learning rate, for the AdamW timescale (default: the suggested one)' },
    'batch-tokens': { kind: 'number', unit: 'TOKENS', help: 'your batch size in tokens, for the AdamW timescale (default: the suggested one)' },
    'weight-decay': { kind: 'number', unit: 'LAMBDA', help: 'AdamW weight decay: report the timescale tau = B/(eta·lambda·D)' },
    'tau-c': { kind: 'number', unit: 'C', help: 'with --tau-m: your fitted tau_opt = C·(D/N)^M; reports the weight decay that reaches it' },
    'tau-m': { kind: 'number', unit: 'M', help: 'exponent of that tau_opt law' },
    'b-opt-c': { kind: 'number', unit: 'C', help: 'Power Lines optimal batch B_opt = C·D^M tokens: your constant C' },
    'b-opt-m': { kind: 'number', unit: 'M', help: 'its exponent M' },
    'b-crit-c': { kind: 'number', unit: 'C', help: 'Power Lines critical batch B_crit = C·D^M tokens: your constant C' },
    'b-crit-m': { kind: 'number', unit: 'M', help: 'its exponent M' },
    json: { kind: 'boolean', help: 'print the suggestion as JSON' },
  },
  examples: [
    { run: 'hparams --N 1e9 --D 2e10', what: 'Step Law learning rate and batch size (tokens) for a 1B model on 20B tokens' },
    { run: 'hparams --N 1B --D 20B --weight-decay 0.1 --loss 2.5', what: 'the same, with the AdamW timescale at weight decay 0.1 and the critical batch at loss 2.5' },
    { run: 'hparams --law power-lines --D 20B --b-opt-c 0.05 --b-opt-m 0.6 --json', what: 'Power Lines optimal batch from constants of your own fit (these are made up), as JSON' },
  ],
};

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, HELP.flags);
  for (const f of ['lr', 'batch-tokens', 'weight-decay', 'tau-c'] as const) {
    if (flags[f] !== undefined && !((flags[f] as number) > 0)) throw new UsageError(`--${f} must be positive`);
  }
  if ((flags['tau-c'] === undefined) !== (flags['tau-m'] === undefined)) throw new UsageError('--tau-c and --tau-m go together (tau_opt = c·(D/N)^m)');
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  const law = (flags.law as string | undefined) ?? 'steplaw';
  if (law !== 'steplaw' && law !== 'power-lines') throw new UsageError(`--law must be 'steplaw' or 'power-lines' (got '${law}')`);
  const N = flags.N as number | undefined, D = flags.D as number | undefined;
  if (N !== undefined && !(N > 0)) throw new UsageError('--N must be positive');
  if (D !== undefined && !(D > 0)) throw new UsageError('--D must be positive');
  const batchLaws = powerLinesConstants(flags);
  if (law === 'power-lines') return powerLinesOnly(flags, D, batchLaws, io);
  if (batchLaws && D === undefined) throw new UsageError('Power Lines batch sizes (--b-opt-*, --b-crit-*) need --D (tokens)');
  if (flags.loss !== undefined && !((flags.loss as number) > 0)) throw new UsageError('--loss must be positive');
  let constants: StepLawConstants = STEP_LAW;
  let sweep: ReturnType<typeof fitHparamSweep> | undefined;
  if (flags.sweep) {
    const rows = await readSweep(String(flags.sweep), (flags['seq-len'] as number | undefined) ?? 2048);
    try {
      sweep = fitHparamSweep(rows, { threshold: flags.threshold as number | undefined, bootstrap: flags.bootstrap as number | undefined, seed: flags.seed as number | undefined });
    } catch (e) {
      throw new RunError((e as Error).message);
    }
    constants = sweep.constants;
  } else if (N === undefined || D === undefined) {
    throw new UsageError('needs --N (non-embedding parameters) and --D (tokens), or --sweep FILE');
  }
  const out: Record<string, unknown> = {};
  if (N !== undefined && D !== undefined) {
    const s = stepLaw(N, D, constants);
    out.lr = s.lr;
    out.batchTokens = s.batchTokens;
    out.law = sweep ? 'steplaw-form fitted to sweep' : 'steplaw';
    out.nConvention = s.nConvention;
    out.N = N;
    out.D = D;
    const eta = (flags.lr as number | undefined) ?? s.lr, B = (flags['batch-tokens'] as number | undefined) ?? s.batchTokens;
    if (flags['weight-decay'] !== undefined) out.adamwTimescale = adamwTimescale(B, eta, flags['weight-decay'] as number, D);
    if (flags['tau-c'] !== undefined) {
      const tau = optimalTimescale(D / N, { c: flags['tau-c'] as number, m: flags['tau-m'] as number });
      out.powerLines = { tauOpt: tau, weightDecay: weightDecayForTimescale(B, eta, D, tau), lr: eta, batchTokens: B };
    }
  } else if (flags['weight-decay'] !== undefined || flags['tau-c'] !== undefined) {
    throw new UsageError('Power Lines timescale needs --N and --D');
  }
  out.constants = constants;
  if (batchLaws) out.powerLinesBatch = powerLinesBatch(D as number, batchLaws);
  if (flags.loss !== undefined) out.criticalBatchTokens = criticalBatch(flags.loss as number);
  if (sweep) out.sweep = { optima: sweep.optima, rowsUsed: sweep.rowsUsed, threshold: sweep.threshold, bootstrap: sweep.bootstrap, warnings: sweep.warnings };
  if (flags.json) {
    io.out(JSON.stringify(out, null, 2) + '\n');
    return 0;
  }
  const c = constants;
  io.out(`lr_opt = ${c.lrCoef.toPrecision(4)} · N^${c.lrExpN.toFixed(4)} · D^${c.lrExpD.toFixed(4)};  B_opt = ${c.bsCoef.toPrecision(4)} · ${c.bsExpN ? `N^${c.bsExpN.toFixed(4)} · ` : ''}D^${c.bsExpD.toFixed(4)} tokens${sweep ? ` (fitted to ${sweep.rowsUsed} near-optimal rows)` : ' (Step Law, N non-embedding)'}\n`);
  if (sweep?.bootstrap) {
    const b = sweep.bootstrap.ci95;
    io.out(`  95 % bootstrap intervals (${sweep.bootstrap.k} draws): lr exponent N [${b.lrExpN.map((x) => x.toFixed(3)).join(', ')}], D [${b.lrExpD.map((x) => x.toFixed(3)).join(', ')}]; batch exponent D [${b.bsExpD.map((x) => x.toFixed(3)).join(', ')}]\n`);
  }
  if (out.lr !== undefined) io.out(`N = ${formatHumanNumber(N!)}, D = ${formatHumanNumber(D!)}: learning rate ${(out.lr as number).toPrecision(3)}, batch ${formatHumanNumber(out.batchTokens as number)} tokens\n`);
  if (out.adamwTimescale !== undefined) io.out(`AdamW timescale tau = B/(eta·lambda·D) = ${(out.adamwTimescale as number).toPrecision(3)} of training\n`);
  if (out.powerLines) {
    const pl = out.powerLines as { tauOpt: number; weightDecay: number };
    io.out(`Power Lines: tau_opt = ${pl.tauOpt.toPrecision(3)} → weight decay ${pl.weightDecay.toPrecision(3)}\n`);
  }
  if (out.powerLinesBatch) io.out(describePowerLinesBatch(out.powerLinesBatch as ReturnType<typeof powerLinesBatch>));
  if (out.criticalBatchTokens !== undefined) io.out(`critical batch at loss ${flags.loss}: ${formatHumanNumber(out.criticalBatchTokens as number)} tokens (Kaplan et al. 2020: B* = 2e8, alpha_B = 0.21)\n`);
  for (const w of sweep?.warnings ?? []) io.err(`warning: ${w}\n`);
  return 0;
}

const POWER_LINES_HELP = 'Power Lines batch sizes need the constants of your own fit: --b-opt-c C --b-opt-m M (B_opt = C·D^M tokens) and/or '
  + '--b-crit-c C --b-crit-m M (B_crit = C·D^M tokens); Bergsma et al. (arXiv 2505.13738) fit them per setup, so there are no defaults';

/** The B_opt / B_crit constants from the flags (each pair complete or absent), or undefined. */
function powerLinesConstants(flags: Record<string, unknown>): PowerLinesBatchConstants | undefined {
  const pair = (kind: 'opt' | 'crit') => {
    const c = flags[`b-${kind}-c`] as number | undefined, m = flags[`b-${kind}-m`] as number | undefined;
    if ((c === undefined) !== (m === undefined)) throw new UsageError(`--b-${kind}-c and --b-${kind}-m go together (B = c·D^m tokens)`);
    if (c === undefined) return undefined;
    if (!(c > 0)) throw new UsageError(`--b-${kind}-c must be positive`);
    return { c, m: m as number };
  };
  const optimal = pair('opt'), critical = pair('crit');
  return optimal || critical ? { ...(optimal ? { optimal } : {}), ...(critical ? { critical } : {}) } : undefined;
}

function describePowerLinesBatch(b: ReturnType<typeof powerLinesBatch>): string {
  const parts: string[] = [];
  if (b.optimal !== undefined) parts.push(`optimal batch ${formatHumanNumber(b.optimal)} tokens (${b.constants.optimal!.c.toPrecision(4)}·D^${b.constants.optimal!.m})`);
  if (b.critical !== undefined) parts.push(`critical batch ${formatHumanNumber(b.critical)} tokens (${b.constants.critical!.c.toPrecision(4)}·D^${b.constants.critical!.m})`);
  return `Power Lines at D = ${formatHumanNumber(b.D)} tokens: ${parts.join('; ')} (your constants; independent of N)\n`;
}

function powerLinesOnly(flags: Record<string, unknown>, D: number | undefined, k: PowerLinesBatchConstants | undefined, io: CliIO): number {
  if (!k) throw new UsageError(POWER_LINES_HELP);
  if (D === undefined) throw new UsageError('--law power-lines needs --D (training tokens): its batch sizes are power laws in D');
  const b = powerLinesBatch(D, k);
  const out = { law: 'power-lines', D, ...(b.optimal !== undefined ? { batchTokens: b.optimal } : {}), powerLinesBatch: b };
  if (flags.json) io.out(JSON.stringify(out, null, 2) + '\n');
  else io.out(describePowerLinesBatch(b));
  return 0;
}

async function readSweep(path: string, seqLen: number): Promise<SweepRow[]> {
  const table = await loadTable(path);
  const need = (role: 'N' | 'D' | 'lr' | 'loss' | undefined, names: string[], what: string) => {
    const c = pickNumeric(table, role, names);
    if (!c) throw new UsageError(`${path}: no ${what} column (looked for ${names.join(', ')})`);
    return c.values;
  };
  const N = need('N', ['N', 'params', 'non_embedding_params'], 'N');
  const D = need('D', ['D', 'tokens'], 'D (tokens)');
  const lr = need('lr', ['lr', 'learning_rate'], 'learning rate');
  const loss = pickNumeric(table, undefined, ['smooth loss', 'smooth_loss'])?.values ?? need('loss', ['loss'], 'loss');
  const bt = pickNumeric(table, undefined, ['batch_tokens', 'batchTokens', 'bs_tokens']);
  const bs = bt ? undefined : pickNumeric(table, undefined, ['bs', 'batch_size', 'batch']);
  if (!bt && !bs) throw new UsageError(`${path}: no batch column (batch_tokens, or bs/batch_size in sequences × --seq-len)`);
  const rows: SweepRow[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    const batch = bt ? bt.values[i] : (bs as { values: Float64Array }).values[i] * seqLen;
    const r = { N: N[i], D: D[i], lr: lr[i], batch, loss: loss[i] };
    if (Object.values(r).every((v) => Number.isFinite(v))) rows.push(r);
  }
  if (rows.length === 0) throw new UsageError(`${path}: no complete rows`);
  return rows;
}
