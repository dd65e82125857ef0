// `scaling-laws fit` flags ↔ FitRequest. The extension's "Copy CLI Command" prints a request with
// fitRequestToArgv, and parsing those flags gives the same request back (round-trip tested).
import type { FitRequest } from '../../protocol/tasks';
import { flagsToArgv, oneOf, parseMap, parseTextAssignments, UsageError, type FlagSpec, type FlagValue } from './args';
import { INGEST_FLAGS, ingestFromFlags, ingestToFlags } from './ingest';
import { FIT_DEFAULTS } from '../defaults';

/** Flags that shape the request (the fit's numbers depend on them). */
export const FIT_REQUEST_FLAGS = {
  law: { kind: 'string', unit: 'ID', help: 'law to fit: chinchilla, kaplan, kaplan-e, power, custom, loss-to-loss, overtraining, downstream, data-constrained, …', default: FIT_DEFAULTS.law },
  x: { kind: 'string', unit: 'ROLE', help: "the input of --law power (e.g. step, N, C)" },
  formula: { kind: 'string', unit: 'EXPR', help: "the formula of --law custom in mathjs syntax, e.g. 'E + A/N^alpha + B/D^beta'" },
  map: { kind: 'list', unit: 'ROLE=COLUMN', help: 'use this column for a role (N, D, C, loss, step, lr, run; x/y for transfer laws)' },
  derive: { kind: 'list', unit: 'NAME=EXPR', help: "add a column computed from others, e.g. 'D=C/(6*N)' (see `scaling-laws help where` for the syntax)" },
  where: { kind: 'string', unit: 'EXPR', help: "keep rows where this is true, e.g. 'loss < 3.4 and N > 1e8' (see `scaling-laws help where`)" },
  objective: { kind: 'string', unit: 'huber|l2|l1', help: 'loss on residuals', default: 'huber' },
  delta: { kind: 'number', unit: 'NUMBER', help: 'Huber threshold (on residuals in --space)', default: '1e-3' },
  space: { kind: 'string', unit: 'log|linear', help: 'residuals of log(loss) or of loss', default: 'log' },
  reduction: { kind: 'string', unit: 'sum|mean', help: 'sum or average the residual losses', default: 'sum' },
  starts: { kind: 'string', unit: 'default|chinchilla|gadre|COUNT', help: "start points: the law's grid, a named grid, or a count of quasi-random starts", default: 'default' },
  'warm-start': { kind: 'string', unit: 'FIT.json', help: 'start from an earlier fit of the same law (a grown file refits fast); --starts COUNT adds quasi-random starts', default: 'none; with it 32 extra starts' },
  fix: { kind: 'list', unit: 'NAME=VALUE|NAME=FIT.json[:P]', help: 'hold a parameter at a value, or at another fit\'s value (its bootstrap draws carry over)' },
  procedure: { kind: 'string', unit: 'optimize|log-ols', help: "how to fit: multi-start L-BFGS-B, or the loss-to-loss authors' log-space OLS", default: 'optimize' },
  bootstrap: { kind: 'number', unit: 'COUNT', help: 'resamples of the rows for standard errors and intervals (0: none)', default: String(FIT_DEFAULTS.bootstrap) },
  seed: { kind: 'number', unit: 'INTEGER', help: 'seed for random starts and the bootstrap (same seed, same numbers)', default: '0' },
  'pair-by': { kind: 'string', unit: 'tokens|C|COLUMN', help: 'loss-to-loss across data sets: pair source and target rows by equal tokens, compute or a column' },
  'exclude-rows': { kind: 'list', unit: 'ROW,ROW,…', help: 'leave these table rows out of the fit (1-based, first data row = 1, as the diagnostics number them); recorded in the provenance' },
  'exclude-runs': { kind: 'list', unit: 'RUN,RUN,…', help: 'leave these runs out of the fit (by the run column); recorded in the provenance' },
  'outlier-cut': { kind: 'number', unit: 'ROBUST_SD', help: 'flag points further than this many robust standard deviations from the law', default: '6' },
  'flops-per-param-token': { kind: 'number', unit: 'K', help: 'FLOP convention C = K·N·D (6: forward + backward; 8: with recomputation; 2: inference), used to derive D from C and for compute-optimal answers', default: '6' },
  ...INGEST_FLAGS,
} as const satisfies FlagSpec;

/** Flags of the command that do not change the numbers: how the result is shown and how fast. */
export const FIT_OUTPUT_FLAGS = {
  json: { kind: 'boolean', help: 'print the FitReport as JSON' },
  out: { kind: 'string', unit: 'FILE', help: 'write the FitReport JSON to FILE (never one of the inputs)' },
  quiet: { kind: 'boolean', help: 'no progress, and with --out no summary' },
  threads: { kind: 'number', unit: 'COUNT', help: 'worker threads (results are identical for any count)', default: 'min(2, cores)' },
} as const satisfies FlagSpec;

export const FIT_FLAGS = { ...FIT_REQUEST_FLAGS, ...FIT_OUTPUT_FLAGS } as const satisfies FlagSpec;

export function fitRequestFromFlags(file: string, flags: Record<string, FlagValue>): FitRequest {
  const req: FitRequest = { file };
  const ingest = ingestFromFlags(flags);
  if (Object.keys(ingest).length) req.ingest = ingest;
  if (flags.law !== undefined) req.law = String(flags.law);
  if (flags.x !== undefined) req.x = String(flags.x);
  if (flags.formula !== undefined) req.formula = String(flags.formula);
  const map = parseMap(flags.map as string[] | undefined);
  if (Object.keys(map).length) req.map = { ...map };
  const derive = parseTextAssignments(flags.derive as string[] | undefined, '--derive');
  if (derive.length) req.derive = derive;
  if (flags.where !== undefined) req.where = String(flags.where);
  const objective: NonNullable<FitRequest['objective']> = {};
  const kind = oneOf(flags.objective, ['huber', 'l2', 'l1'] as const, 'objective');
  if (kind) objective.kind = kind;
  if (flags.delta !== undefined) objective.delta = flags.delta as number;
  const space = oneOf(flags.space, ['log', 'linear'] as const, 'space');
  if (space) objective.space = space;
  const reduction = oneOf(flags.reduction, ['sum', 'mean'] as const, 'reduction');
  if (reduction) objective.reduction = reduction;
  if (Object.keys(objective).length) req.objective = objective;
  if (flags.starts !== undefined) req.starts = String(flags.starts);
  if (flags['warm-start'] !== undefined) req.warmStart = String(flags['warm-start']);
  if (flags.fix !== undefined) req.fix = [...(flags.fix as string[])];
  if (flags.procedure !== undefined) req.procedure = String(flags.procedure);
  if (flags.bootstrap !== undefined) req.bootstrap = flags.bootstrap as number;
  if (flags.seed !== undefined) req.seed = flags.seed as number;
  if (flags['pair-by'] !== undefined) req.pairBy = String(flags['pair-by']);
  const rows = ((flags['exclude-rows'] as string[] | undefined) ?? []).flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
  const runs = ((flags['exclude-runs'] as string[] | undefined) ?? []).flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
  if (rows.length || runs.length) {
    const nums = rows.map(Number);
    const bad = rows.find((_, i) => !(Number.isInteger(nums[i]) && nums[i] >= 1));
    if (bad !== undefined) throw new UsageError(`--exclude-rows: '${bad}' is not a row number (1-based, first data row = 1)`);
    req.exclude = { ...(nums.length ? { rows: [...new Set(nums)].sort((a, b) => a - b) } : {}), ...(runs.length ? { runs: [...new Set(runs)] } : {}) };
  }
  if (flags['outlier-cut'] !== undefined) {
    const c = flags['outlier-cut'] as number;
    if (!(c >= 2 && c <= 100)) throw new UsageError(`--outlier-cut must be from 2 to 100 robust standard deviations, got ${c}`);
    req.outlierCut = c;
  }
  if (flags['flops-per-param-token'] !== undefined) {
    const k = flags['flops-per-param-token'] as number;
    if (!(k > 0 && k <= 100)) throw new UsageError(`--flops-per-param-token must be in (0, 100], got ${k}`);
    req.flopsPerParamToken = k;
  }
  return req;
}

/** The flags (without the file) that parse back into `req`. */
export function fitRequestToArgv(req: FitRequest): string[] {
  const flags: Record<string, FlagValue> = {
    law: req.law,
    x: req.x,
    formula: req.formula,
    map: req.map && Object.keys(req.map).length ? Object.entries(req.map).map(([r, c]) => `${r}=${c}`) : undefined,
    derive: req.derive?.length ? req.derive.map(([n, e]) => `${n}=${e}`) : undefined,
    where: req.where,
    objective: req.objective?.kind,
    delta: req.objective?.delta,
    space: req.objective?.space,
    reduction: req.objective?.reduction,
    starts: req.starts,
    'warm-start': req.warmStart,
    fix: req.fix?.length ? req.fix : undefined,
    procedure: req.procedure,
    bootstrap: req.bootstrap,
    seed: req.seed,
    'pair-by': req.pairBy,
    'flops-per-param-token': req.flopsPerParamToken,
    'exclude-rows': req.exclude?.rows?.length ? [req.exclude.rows.join(',')] : undefined,
    'exclude-runs': req.exclude?.runs?.length ? [req.exclude.runs.join(',')] : undefined,
    'outlier-cut': req.outlierCut,
    ...ingestToFlags(req.ingest),
  };
  if (req.fix?.some((f) => f.includes(','))) throw new UsageError('a --fix item must not contain a comma');
  return flagsToArgv(flags);
}
