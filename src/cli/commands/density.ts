// scaling-laws density <models> (--fit REF.json | --law chinchilla --params ...) [--method two-step|loss-matched]
//     two-step (default, Xiao et al.): --score COL (--perf-fit PERF.json | --perf-params a=..,c=..,s=..,L0=..) [--d0 TOKENS]
//     loss-matched (this project's earlier variant): --loss COL (--D COL | --C COL)
//     [--N COL] [--time COL] [--trend frontier|all] [--bootstrap K] [--seed S] [--json]
// Capability density (Densing Law, Xiao et al. 2024, arXiv 2412.04315): each model's effective size
// over its real size. The paper's effective size is the size the reference family needs to match the
// model's downstream score: score → loss through the performance law (a 'downstream-sigmoid' fit),
// loss → size through the reference L(N, D) at D0 = 1T tokens. With --time, the trend
// ln(rho_max) = A t + B through the models that set the maximum density over time, and its doubling time.
import {
  DENSING_D0, densingTrend, effectiveParams, effectiveParamsFromScore, lossForScore,
  type PerformanceLaw, type ReferenceLaw, type TrendKind,
} from '../../core/laws/densing';
import { namedNumeric, pickNumeric, pickText } from '../../core/plan/columns';
import type { FitReport } from '../../core/report/fitReport';
import { bootstrapDraws } from '../../core/report/intervals';
import { percentileInterval } from '../../core/numeric/stats';
import { findColumn, type RunTable } from '../../core/table/runTable';
import { formatHumanNumber } from '../../core/table/numbers';
import { loadTable } from '../../node/loadTable';
import { readFitReport } from '../../node/readFitReport';
import { parseArgs, parseAssignments, UsageError, type CliIO } from '../args';
import { columnPicker } from '../../tasks/columns';
import { LAW_SOURCE_FLAGS, lawSource } from './predict';
import type { CommandHelp } from '../help';

const USAGE = 'usage: scaling-laws density <models.csv> (--fit REF.json | --law chinchilla --params E=..,A=..,B=..,alpha=..,beta=..) '
  + '[--method two-step] --score COL (--perf-fit PERF.json | --perf-params a=..,c=..,s=..,L0=..) [--d0 TOKENS] '
  + '| --method loss-matched --loss COL (--D COL | --C COL); [--N COL] [--time COL] [--trend frontier|all] [--bootstrap K] [--json]';

const METHODS = ['two-step', 'loss-matched'] as const;
type Method = (typeof METHODS)[number];

const REFERENCE_NAMES = ['E', 'A', 'B', 'alpha', 'beta'] as const;
const PERFORMANCE_NAMES = ['a', 'c', 's', 'L0'] as const;

function asReference(p: Record<string, number>): ReferenceLaw {
  return { E: p.E, A: p.A, B: p.B, alpha: p.alpha, beta: p.beta };
}
function asPerformance(p: Record<string, number>): PerformanceLaw {
  return { a: p.a, c: p.c, s: p.s, L0: p.L0 };
}

/** The loss-to-score law from --perf-fit (a downstream-sigmoid FitReport) or --perf-params. */
function performanceSource(flags: Record<string, unknown>): FitReport {
  if (flags['perf-fit'] !== undefined && flags['perf-params'] !== undefined) throw new UsageError('give either --perf-fit FILE or --perf-params, not both');
  let report: FitReport;
  if (flags['perf-fit'] !== undefined) report = readFitReport(String(flags['perf-fit']));
  else {
    const params = parseAssignments(flags['perf-params'] as string[], '--perf-params');
    report = { law: 'downstream-sigmoid', params } as unknown as FitReport;
  }
  if (report.law !== 'downstream-sigmoid') throw new UsageError(`the performance law must be a 'downstream-sigmoid' fit (score = c + a / (1 + exp(s (L - L0)))), got '${report.law}'`);
  const missing = PERFORMANCE_NAMES.filter((k) => !Number.isFinite(report.params[k]));
  if (missing.length) throw new UsageError(`the performance law needs ${PERFORMANCE_NAMES.join(', ')}; missing ${missing.join(', ')}`);
  return report;
}

/** Time column: numbers as they are, or ISO dates (YYYY-MM-DD...) as days since the earliest one. */
function timeValues(table: RunTable, path: string, name: string): { values: Float64Array; unit: string; origin?: string } {
  const c = findColumn(table, name);
  if (!c) throw new UsageError(`${path}: no column '${name}' (columns: ${table.columns.map((x) => x.name).join(', ')})`);
  if (c.kind === 'number') return { values: c.values, unit: name };
  const ms = c.values.map((v, i) => {
    const t = /^\d{4}-\d{2}-\d{2}/.test(v.trim()) ? Date.parse(v.trim().slice(0, 10) + 'T00:00:00Z') : NaN;
    if (!Number.isFinite(t)) throw new UsageError(`${path}:${i + 2}: column '${name}' value '${v}' is neither a number nor a date YYYY-MM-DD`);
    return t;
  });
  const t0 = Math.min(...ms);
  return { values: Float64Array.from(ms, (t) => (t - t0) / 86_400_000), unit: 'days', origin: new Date(t0).toISOString().slice(0, 10) };
}

/**
 * Interval of f over the bootstrap draws of the reference and performance fits together: replicate b
 * takes draw b of each (cycled; a fit without a bootstrap stays at its values).
 */
function jointInterval(ref: FitReport, perf: FitReport | undefined, f: (r: ReferenceLaw, p?: PerformanceLaw) => number): [number, number] | undefined {
  const rd = bootstrapDraws(ref), pd = perf ? bootstrapDraws(perf) : [];
  const k = Math.max(rd.length, pd.length);
  if (k < 2) return undefined;
  const v: number[] = [];
  for (let b = 0; b < k; b++) {
    const x = f(asReference(rd.length ? rd[b % rd.length] : ref.params), perf ? asPerformance(pd.length ? pd[b % pd.length] : perf.params) : undefined);
    if (Number.isFinite(x)) v.push(x);
  }
  return v.length >= 2 ? percentileInterval(v) : undefined;
}

interface Row {
  run?: string;
  N: number;
  D?: number;
  loss?: number;
  score?: number;
  lossHat?: number;
  nEff: number;
  density: number;
  densityInterval?: [number, number];
  time?: number;
  frontier?: boolean;
}

export const FLAGS = {
  ...LAW_SOURCE_FLAGS,
  method: { kind: 'string', unit: 'two-step|loss-matched', help: "two-step (Xiao et al.): score → loss by the performance law, loss → size by the reference law at --d0 tokens; loss-matched: the size the reference law needs for each model's own loss at its own tokens", default: 'two-step' },
  score: { kind: 'string', unit: 'COLUMN', help: 'two-step: the downstream score column (default: score, performance, accuracy)' },
  'perf-fit': { kind: 'string', unit: 'PERF.json', help: 'two-step: the loss → score law, a FitReport of `fit --law downstream-sigmoid`' },
  'perf-params': { kind: 'list', unit: 'a=..,c=..,s=..,L0=..', help: 'two-step: the loss → score law given by hand (score = c + a / (1 + exp(s (L - L0))))' },
  d0: { kind: 'number', unit: 'TOKENS', help: 'two-step: the token count at which the reference law turns loss into size', default: '1T' },
  N: { kind: 'string', unit: 'COLUMN', help: 'the model-size column (default: N, params, model_size)' },
  loss: { kind: 'string', unit: 'COLUMN', help: 'loss-matched: the loss column (default: loss, val_loss)' },
  D: { kind: 'string', unit: 'COLUMN', help: 'loss-matched: the training-token column (default: D, tokens)' },
  C: { kind: 'string', unit: 'COLUMN', help: 'loss-matched: a compute column, D = C/(K·N), when there is no token column' },
  time: { kind: 'string', unit: 'COLUMN', help: 'release time (a number, or a date YYYY-MM-DD read as days): adds the trend ln(rho_max) = A t + B and its doubling time' },
  run: { kind: 'string', unit: 'COLUMN', help: 'the column naming each model (default: run, model, name)' },
  trend: { kind: 'string', unit: 'frontier|all', help: 'fit the trend through the models that set the maximum density over time, or through all', default: 'frontier' },
  bootstrap: { kind: 'number', unit: 'COUNT', help: 'resamples of the trend for its intervals (0: none)', default: '0' },
  seed: { kind: 'number', unit: 'INTEGER', help: 'seed of those resamples', default: '0' },
  'flops-per-param-token': { kind: 'number', unit: 'K', help: 'FLOP convention C = K·N·D (for --C)', default: '6' },
} as const;

export const HELP: CommandHelp = {
  usage: '<models.csv> (--fit REF.json | --law chinchilla --params E=..,A=..,B=..,alpha=..,beta=..) [flags]',
  flags: FLAGS,
  notes: ['Capability density (Densing Law, Xiao et al. 2024): effective size under the reference law ÷ real size. The reference must be a Chinchilla-form law (E, A, B, alpha, beta).'],
  examples: [
    { run: 'density examples/chinchilla-runs.csv --fit fit.json --method loss-matched --loss loss --D D', what: 'the effective size of each run under the fitted law, from its own loss and tokens (fit.json from `scaling-laws fit examples/chinchilla-runs.csv --out fit.json`)' },
    { run: 'density examples/chinchilla-runs.csv --law chinchilla --params E=1.69,A=406.4,B=410.7,alpha=0.34,beta=0.28 --method loss-matched --json', what: 'the same runs against the published Chinchilla parameters, as JSON' },
  ],
};

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, HELP.flags);
  if (positional.length !== 1) throw new UsageError(USAGE);
  const path = positional[0];
  const method = (flags.method as string | undefined) ?? 'two-step';
  if (!(METHODS as readonly string[]).includes(method)) throw new UsageError(`--method must be one of ${METHODS.join('|')}, got '${method}'`);
  const trendKind = (flags.trend as string | undefined) ?? 'frontier';
  if (trendKind !== 'frontier' && trendKind !== 'all') throw new UsageError(`--trend must be frontier or all, got '${trendKind}'`);
  const report = lawSource(flags);
  const p = report.params;
  if (!REFERENCE_NAMES.every((k) => Number.isFinite(p[k]))) {
    throw new UsageError(`the reference law needs Chinchilla parameters E, A, B, alpha, beta (got ${Object.keys(p).join(', ')}); the paper's loss law a N^-alpha + b D^-beta is E = 0, A = a, B = b`);
  }
  const ref = asReference(p);
  const twoStep = (method as Method) === 'two-step';
  if (twoStep && flags['perf-fit'] === undefined && flags['perf-params'] === undefined) {
    throw new UsageError(
      'density (Xiao et al.) needs the models\' downstream scores and the loss-to-score law fitted on open models: '
      + '--score COL and --perf-fit PERF.json (from `fit --law downstream-sigmoid`) or --perf-params a=..,c=..,s=..,L0=..; '
      + 'for the size matched on each model\'s own loss at its own token count (not the paper\'s quantity) pass --method loss-matched',
    );
  }
  if (!twoStep && (flags['perf-fit'] !== undefined || flags['perf-params'] !== undefined || flags.score !== undefined || flags.d0 !== undefined)) {
    throw new UsageError('--score, --perf-fit, --perf-params and --d0 belong to --method two-step');
  }
  const perfReport = twoStep ? performanceSource(flags) : undefined;
  const perf = perfReport ? asPerformance(perfReport.params) : undefined;
  const D0 = (flags.d0 as number | undefined) ?? DENSING_D0;
  if (!(D0 > 0)) throw new UsageError('--d0 must be a positive token count');
  const bootstrap = (flags.bootstrap as number | undefined) ?? 0;
  if (!Number.isInteger(bootstrap) || bootstrap < 0) throw new UsageError('--bootstrap must be a non-negative integer');
  const k = (flags['flops-per-param-token'] as number | undefined) ?? 6;

  const table = await loadTable(path);
  const col = columnPicker(table, path, Object.fromEntries(Object.entries(flags).filter(([, v]) => typeof v === 'string')) as Record<string, string>);
  const N = col('N', 'N', ['N', 'params', 'model_size', 'Model Size']);
  if (!N) throw new UsageError(`${path}: no model size column (N, params); name it with --N`);
  let S: { name: string; values: Float64Array } | undefined;
  if (twoStep) {
    try {
      S = flags.score ? namedNumeric(table, String(flags.score)) : pickNumeric(table, undefined, ['score', 'performance', 'accuracy']);
    } catch (e) {
      throw new UsageError(`${path}: ${(e as Error).message}`);
    }
    if (!S) throw new UsageError(`${path}: no score column (score, performance, accuracy); name it with --score`);
  }
  const L = twoStep ? undefined : col('loss', 'loss', ['loss', 'val_loss']);
  const D = twoStep || flags.C ? undefined : col('D', 'D', ['D', 'tokens', 'num_tokens']);
  const C = twoStep || D ? undefined : col('C', 'C', ['C', 'flops', 'compute']);
  if (!twoStep && !L) throw new UsageError(`${path}: no loss column; name it with --loss`);
  if (!twoStep && !D && !C) throw new UsageError(`${path}: needs training tokens (D, tokens) or compute (C, flops); name it with --D or --C`);
  const T = flags.time ? timeValues(table, path, String(flags.time)) : undefined;
  const names = flags.run ? pickText(table, undefined, [String(flags.run)]) : pickText(table, 'run', ['run', 'model', 'name']);

  const rows: Row[] = [];
  const warnings: string[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    const n = N.values[i];
    const label = names?.values[i] ?? `row ${i + 2}`;
    const base = { ...(names ? { run: names.values[i] } : {}), N: n, ...(T ? { time: T.values[i] } : {}) };
    if (twoStep) {
      const s = S!.values[i];
      if (!(n > 0 && Number.isFinite(s))) {
        warnings.push(`row ${i + 2}: needs a positive N and a finite score; skipped`);
        continue;
      }
      const lossHat = lossForScore(perf!, s);
      const nEff = effectiveParamsFromScore(ref, perf!, s, D0);
      if (Number.isNaN(lossHat)) warnings.push(`${label}: score ${s} is outside the performance law's range (${perf!.c.toPrecision(4)}, ${(perf!.c + perf!.a).toPrecision(4)}): no loss gives it, density undefined`);
      else if (!Number.isFinite(nEff)) warnings.push(`${label}: its score needs loss ${lossHat.toPrecision(4)}, at or below what the reference reaches with unlimited parameters at ${formatHumanNumber(D0)} tokens (density unbounded)`);
      const interval = jointInterval(report, perfReport, (r, q) => effectiveParamsFromScore(r, q!, s, D0));
      rows.push({ ...base, score: s, lossHat, nEff, density: nEff / n, ...(interval ? { densityInterval: [interval[0] / n, interval[1] / n] } : {}) });
    } else {
      const loss = L!.values[i];
      const d = D ? D.values[i] : C!.values[i] / (k * n);
      if (!(n > 0 && d > 0 && Number.isFinite(loss))) {
        warnings.push(`row ${i + 2}: needs a positive N, ${D ? 'D' : 'C'} and a finite loss; skipped`);
        continue;
      }
      const nEff = effectiveParams(ref, loss, d);
      if (!Number.isFinite(nEff)) warnings.push(`${label}: loss ${loss} is at or below what the reference reaches with unlimited parameters at ${formatHumanNumber(d)} tokens (density unbounded)`);
      const interval = jointInterval(report, undefined, (r) => effectiveParams(r, loss, d));
      rows.push({ ...base, D: d, loss, nEff, density: nEff / n, ...(interval ? { densityInterval: [interval[0] / n, interval[1] / n] } : {}) });
    }
  }
  if (rows.length === 0) throw new UsageError(`${path}: no usable rows (${twoStep ? 'a positive N and a finite score' : `a positive N, ${D ? 'D' : 'C'} and a finite loss`})`);

  let trend;
  if (T) {
    let tr;
    try {
      tr = densingTrend(rows.map((r) => r.time as number), rows.map((r) => r.density), { kind: trendKind as TrendKind, bootstrap, seed: (flags.seed as number | undefined) ?? 0 });
    } catch (e) {
      throw new UsageError(`${path}: ${(e as Error).message}`);
    }
    for (const i of tr.used) rows[i].frontier = trendKind === 'frontier';
    trend = {
      kind: tr.kind, rho0: tr.rho0, r: tr.r, doublingTime: tr.doublingTime, r2: tr.r2, points: tr.points, timeColumn: String(flags.time),
      timeUnit: T.origin ? `days since ${T.origin}` : T.unit,
      models: tr.used.map((i) => rows[i].run ?? `row ${i}`),
      ...(tr.bootstrap ? { bootstrap: { k: tr.bootstrap.k, seed: tr.bootstrap.seed }, rInterval: tr.bootstrap.rInterval, doublingTimeInterval: tr.bootstrap.doublingTimeInterval } : {}),
    };
  }

  const methodNote = twoStep
    ? `two-step (Xiao et al. 2024): score → loss by the performance law, loss → N_eff by the reference L(N, D) at D0 = ${formatHumanNumber(D0)} tokens`
    : 'loss-matched: N_eff matches each model\'s own loss at its own token count under the reference L(N, D) (not the Densing Law paper\'s quantity: it strips out gains from more training data)';
  if (flags.json) {
    io.out(JSON.stringify({
      method: twoStep ? 'two-step' : 'loss-matched', methodNote, reference: ref, referenceFit: flags.fit ?? null,
      ...(twoStep ? { performance: perf, performanceFit: flags['perf-fit'] ?? null, d0: D0 } : { flopConvention: D ? undefined : `D = C / (${k}·N)` }),
      rows, trend, warnings,
    }, null, 2) + '\n');
    return 0;
  }
  io.out(`Capability density, ${methodNote}\n`);
  io.out(`  reference L = ${ref.E.toPrecision(4)} + ${ref.A.toPrecision(4)}/N^${ref.alpha.toPrecision(3)} + ${ref.B.toPrecision(4)}/D^${ref.beta.toPrecision(3)}\n`);
  if (perf) io.out(`  performance S = ${perf.c.toPrecision(4)} + ${perf.a.toPrecision(4)} / (1 + exp(${perf.s.toPrecision(4)} · (L - ${perf.L0.toPrecision(4)})))\n`);
  const head = twoStep ? `${'score'.padEnd(8)} ${'L^'.padEnd(8)}` : `${'D'.padEnd(8)} ${'loss'.padEnd(8)}`;
  io.out(`  ${'model'.padEnd(20)} ${'N'.padEnd(8)} ${head} ${'N_eff'.padEnd(8)} density\n`);
  const num = (v: number | undefined, f: (x: number) => string) => (v === undefined ? '' : Number.isFinite(v) ? f(v) : Number.isNaN(v) ? '-' : '∞');
  for (const r of rows) {
    const iv = r.densityInterval ? ` [${r.densityInterval[0].toPrecision(3)}, ${r.densityInterval[1].toPrecision(3)}]` : '';
    const mid = twoStep ? `${num(r.score, (x) => x.toPrecision(4)).padEnd(8)} ${num(r.lossHat, (x) => x.toPrecision(4)).padEnd(8)}` : `${formatHumanNumber(r.D as number).padEnd(8)} ${(r.loss as number).toPrecision(4).padEnd(8)}`;
    io.out(`  ${String(r.run ?? '').slice(0, 20).padEnd(20)} ${formatHumanNumber(r.N).padEnd(8)} ${mid} ${num(r.nEff, formatHumanNumber).padEnd(8)} ${num(r.density, (x) => x.toPrecision(3))}${iv}${r.frontier ? '  (frontier)' : ''}\n`);
  }
  if (trend) {
    const iv = trend.doublingTimeInterval ? ` [${trend.doublingTimeInterval[0].toPrecision(3)}, ${trend.doublingTimeInterval[1].toPrecision(3)}]` : '';
    const through = trend.kind === 'frontier' ? `the ${trend.points} models that raised the maximum density` : `all ${trend.points} models (not the paper's frontier)`;
    io.out(`trend through ${through}: density = ${trend.rho0.toPrecision(3)} · exp(${trend.r.toPrecision(3)} · t), t in ${trend.timeUnit}; doubles every ${trend.doublingTime.toPrecision(3)}${iv} ${trend.timeUnit.startsWith('days') ? 'days' : `units of ${trend.timeColumn}`} (R² ${trend.r2.toFixed(3)})\n`);
  }
  for (const w of warnings) io.err(`warning: ${w}\n`);
  return 0;
}

