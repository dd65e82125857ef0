// The fit task: a FitRequest → a FitReport. The one chain behind `scaling-laws fit`, the report,
// the results panel, the Viewer and Compare Laws: read the log, shape the data (mapping, derived
// columns, filter, transfer pairing), resolve fixed values (also from other fits), fit by the
// chosen procedure, record the provenance.
import { InputError, RunError } from '../core/errors';
import { runFit } from '../core/fit/fit';
import { shapeData, type PreparedData } from '../core/fit/prepareData';
import { DEFAULT_TOLERANCES, type FitProblem, type StartsSpec } from '../core/fit/problem';
import { readsSourceLoss, shapeTransferData } from '../core/fit/transferData';
import { LAW_CATALOG } from '../core/laws/catalog';
import { createLaw, type LawOptions } from '../core/laws/registry';
import type { LawSpec } from '../core/laws/types';
import { procedureRecord, resolveObjective } from '../core/laws/procedure';
import type { ObjectiveSpec } from '../core/optimize/objective';
import type { FitReport, Provenance } from '../core/report/fitReport';
import { parseHumanNumber } from '../core/table/numbers';
import { roleReasons } from '../core/table/roleChoice';
import type { RunTable } from '../core/table/runTable';
import { fitLossToLossLogOls } from '../core/transfer/logOls';
import type { FitRequest } from '../protocol/tasks';
import { VERSION } from '../node/version';
import type { TaskContext, TaskFiles } from './context';
import { FIT_DEFAULTS } from './defaults';
import { checkCount } from './flags/limits';

export const FIT_PROCEDURES = ['optimize', 'log-ols', 'vpnls'] as const;

/** Everything a fit needs, built from a request and the loaded table (no fitting yet). */
export interface FitSetup {
  law: LawSpec;
  problem: FitProblem;
  data: PreparedData;
  bootstrap: number;
  /** Fixed values taken from other fits: name → 'file.json:PARAM'. */
  fixedFrom: Record<string, string>;
}

/** Largest count of quasi-random starts a request may ask for. */
export const MAX_STARTS = 100_000;

/** 'default' (the law's own starts), a named grid of the law (chinchilla, gadre, …), or a count. */
export function startsFromText(value: string | undefined, law?: LawSpec): StartsSpec {
  if (value === undefined || value === 'default') return { kind: 'default' };
  if (value === 'chinchilla' || (law?.grids && Object.hasOwn(law.grids, value))) return { kind: 'grid', name: value };
  const n = Number(value);
  if (Number.isInteger(n) && n > 0 && n <= MAX_STARTS) return { kind: 'random', count: n };
  const grids = ['default', 'chinchilla', ...Object.keys(law?.grids ?? {}).filter((g) => g !== 'chinchilla')];
  throw new InputError(`--starts must be ${grids.join(', ')} or a count from 1 to ${MAX_STARTS}, got '${value}'`);
}

/** The law's authors' objective, with the fields the request sets replacing theirs. */
export function objectiveOf(req: FitRequest['objective'], law: LawSpec): ObjectiveSpec {
  try {
    return resolveObjective(law, { ...(req ?? {}) });
  } catch (e) {
    throw new InputError(`--${(e as Error).message.replace(/^objective /, '')}`);
  }
}

function lawOf(req: FitRequest): LawSpec {
  const options: LawOptions = { x: req.x, formula: req.formula };
  if ((req.law ?? FIT_DEFAULTS.law) === 'custom') options.extraInputs = (req.derive ?? []).map(([n]) => n);
  try {
    return createLaw(req.law ?? FIT_DEFAULTS.law, options);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
}

const FROM_FIT = /^(.+\.json)(?::([A-Za-z_][\w]*))?$/;

/**
 * --fix items: NAME=VALUE, or NAME=fit.json[:PARAM] (another fit's value; its bootstrap draws of
 * PARAM come back in `draws`, so that fit's uncertainty reaches this fit's intervals).
 */
export function resolveFixed(items: string[] | undefined, law: LawSpec, files: TaskFiles): { fixed: Record<string, number>; sources: Record<string, string>; draws: Record<string, number[]> } {
  const fixed: Record<string, number> = Object.create(null); // null prototype: keys are user-typed names
  const sources: Record<string, string> = Object.create(null); // null prototype: keys are user-typed names
  const draws: Record<string, number[]> = Object.create(null); // null prototype: keys are user-typed names
  for (const part of (items ?? []).flatMap((item) => item.split(','))) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new InputError(`--fix: expected NAME=VALUE, got '${part}'`);
    const name = part.slice(0, eq).trim();
    const valueText = part.slice(eq + 1).trim();
    if (!law.params.some((p) => p.name === name)) throw new InputError(`--fix ${name}: law '${law.id}' has parameters ${law.params.map((p) => p.name).join(', ')}`);
    const m = FROM_FIT.exec(valueText);
    if (!m) {
      const parsed = parseHumanNumber(valueText); // 7B, 1.4T, 5.76e23
      if (!Number.isFinite(parsed)) throw new InputError(`--fix: '${valueText}' is not a number (for ${name})`);
      fixed[name] = parsed;
      continue;
    }
    const param = m[2] ?? (/^E_[xy]$/.test(name) ? 'E' : name);
    let report: FitReport;
    try {
      report = files.readFitReport(m[1]);
    } catch (e) {
      throw new InputError(`--fix ${name}: ${(e as Error).message}`);
    }
    const v = Object.hasOwn(report.params, param) ? report.params[param] : undefined;
    if (v === undefined) throw new InputError(`--fix ${name}=${m[1]}: that fit has no parameter '${param}' (has ${Object.keys(report.params).join(', ')})`);
    fixed[name] = v;
    sources[name] = `${m[1]}:${param}`;
    const j = Object.keys(report.params).indexOf(param);
    const samples = report.bootstrap?.samples?.map((row) => row[j]).filter((x) => Number.isFinite(x));
    if (samples?.length) draws[name] = samples;
  }
  return { fixed, sources, draws };
}

/** Quasi-random starts added to a warm start when --starts gives no count. */
export const WARM_EXTRA_STARTS = 32;

/** --warm-start FIT.json: that fit's optimum first, then --starts COUNT (default 32) quasi-random starts. */
function warmStarts(req: FitRequest, law: LawSpec, files: TaskFiles): StartsSpec {
  let report: FitReport;
  try {
    report = files.readFitReport(req.warmStart!);
  } catch (e) {
    throw new InputError(`--warm-start: ${(e as Error).message}`);
  }
  if (report.law !== law.id) throw new InputError(`--warm-start: ${req.warmStart} is a fit of law '${report.law}', not '${law.id}'`);
  const extra = req.starts === undefined ? WARM_EXTRA_STARTS : Number(req.starts);
  if (!(Number.isInteger(extra) && extra >= 0 && extra <= MAX_STARTS)) throw new InputError(`with --warm-start, --starts is the count of extra quasi-random starts (0 to ${MAX_STARTS}), got '${req.starts}'`);
  return { kind: 'warm', from: { ...report.params }, extra };
}

export function buildFitSetup(table: RunTable, req: FitRequest, files: TaskFiles): FitSetup {
  const law = lawOf(req);
  const map = req.map ?? {};
  const derive = req.derive ?? [];
  let data: PreparedData;
  try {
    // Laws over a source loss (loss-to-loss, downstream) read --map x=COL, --map y=COL and optional
    // cross-data-set pairing (--pair-by).
    data = readsSourceLoss(law.inputs)
      ? shapeTransferData(table, law.inputs, { map, derive, where: req.where, pairBy: req.pairBy, exclude: req.exclude })
      : shapeData(table, law.inputs, { map, derive, where: req.where, flopsPerParamToken: req.flopsPerParamToken, exclude: req.exclude });
  } catch (e) {
    throw e instanceof InputError ? e : new InputError((e as Error).message);
  }
  const { fixed, sources, draws } = resolveFixed(req.fix, law, files);
  const bootstrap = req.bootstrap ?? FIT_DEFAULTS.bootstrap;
  checkCount('bootstrap', bootstrap);
  checkCount('seed', req.seed);
  const problem: FitProblem = {
    lawId: law.id,
    lawOptions: { x: req.x, formula: req.formula, ...(law.id === 'custom' ? { extraInputs: derive.map(([n]) => n) } : {}) },
    x: data.x,
    y: data.y,
    objective: objectiveOf(req.objective, law),
    fixed,
    ...(Object.keys(draws).length ? { fixedDraws: draws } : {}),
    starts: req.warmStart !== undefined ? warmStarts(req, law, files) : startsFromText(req.starts, law),
    seed: req.seed ?? FIT_DEFAULTS.seed,
    tolerances: { ...DEFAULT_TOLERANCES },
  };
  return { law, problem, data, bootstrap, fixedFrom: sources };
}

/**
 * The procedure a request gets: the one it names, else the law's authors' method when what it needs
 * is given (loss-to-loss's log-space OLS needs E_x and E_y fixed), else variable projection for L2
 * on a separable law, else multi-start optimisation.
 */
export function procedureFor(req: FitRequest, setup: FitSetup): string {
  if (req.procedure !== undefined) return req.procedure;
  const m = setup.law.procedure.method;
  if (m && m.needsFixed.every((name) => Object.hasOwn(setup.problem.fixed, name))) return m.id;
  // L2 asked for on a separable law: variable projection reaches the multi-start optimum (equal or
  // lower on every reference set, docs/VPNLS.md) from a 2D search a 5D ridge cannot fool. A law
  // whose authors fit L2 themselves keeps their procedure (their starts) unless asked.
  return setup.law.separable && req.objective?.kind === 'l2' ? 'vpnls' : 'optimize';
}

/**
 * Why a table of training curves must be reduced to one row per run before this fit, or undefined:
 * no --reduce given, the law's inputs are run-level (no step), and the runs have several rows each.
 */
export function curvesUnderRunLaw(table: RunTable, req: FitRequest): string | undefined {
  if (req.ingest?.reduce) return undefined;
  const lawId = req.law ?? FIT_DEFAULTS.law;
  const entry = LAW_CATALOG.find((l) => l.id === lawId && l.kind === 'runs');
  const inputs = lawId === 'power' ? [req.x ?? 'N'] : entry?.inputs ?? [];
  if (!inputs.length || inputs.some((i) => i === 'step' || i === 'x' || i === 'y')) return undefined;
  const run = table.columns.find((c) => c.role === 'run');
  const step = table.columns.find((c) => c.role === 'step');
  if (!run || !step) return undefined;
  const runs = new Set(run.values as ArrayLike<unknown> as unknown[]).size;
  if (runs < 2 || runs >= table.rowCount) return undefined;
  return `${table.rowCount} rows are training curves of ${runs} runs: each run's last value is fitted (as --reduce last); pass --reduce min or mean-last to choose another reduction`;
}

/** The header units that scaled the mapped columns (recorded so a reader knows the values were multiplied). */
function columnScalesOf(table: RunTable, mapping: Record<string, string>): { columnScales?: Record<string, { factor: number; unit: string }> } {
  const used = new Set(Object.values(mapping));
  const scales = table.columns.filter((c) => used.has(c.name) && c.scale).map((c) => [c.name, { ...c.scale! }] as const);
  return scales.length ? { columnScales: Object.fromEntries(scales) } : {};
}

export async function fitTask(req: FitRequest, ctx: TaskContext): Promise<FitReport> {
  if (req.procedure !== undefined && !(FIT_PROCEDURES as readonly string[]).includes(req.procedure)) throw new InputError(`--procedure must be ${FIT_PROCEDURES.join(', ')}, got '${req.procedure}'`);
  ctx.progress({ phase: 'load', done: 0, total: 1 });
  let table = await ctx.files.loadTable(req.file, req.ingest);
  // Training curves under a law of run-level inputs (N, D, …): every step of a run shares its N
  // and D, so fitting each row as a run is wrong. Each run's last value is used, and said.
  const reduceNote = curvesUnderRunLaw(table, req);
  if (reduceNote) table = await ctx.files.loadTable(req.file, { ...req.ingest, reduce: { reduce: 'last' } });
  const setup = buildFitSetup(table, req, ctx.files);
  if (reduceNote) setup.data.warnings.unshift(reduceNote);
  const { problem, data } = setup;
  const procedure = procedureFor(req, setup);
  const provenance: Omit<Provenance, 'fixed' | 'objective' | 'bounds' | 'transforms' | 'starts' | 'optimizer' | 'seed'> = {
    tool: 'scaling-laws',
    version: VERSION,
    input: { file: ctx.files.resolve(req.file), sha256: ctx.files.hash(req.file), format: table.format, rows: table.rowCount },
    mapping: data.mapping,
    roleReasons: roleReasons(table, data.mapping, req.map),
    ...columnScalesOf(table, data.mapping),
    derived: Object.fromEntries([...(req.derive ?? []), ...(data.autoDerived ?? [])]),
    filter: req.where,
    ...(req.flopsPerParamToken !== undefined ? { flopsPerParamToken: req.flopsPerParamToken } : {}),
    ...(data.excluded ? { excluded: data.excluded } : {}),
    ...(Object.keys(setup.fixedFrom).length ? { fixedFrom: setup.fixedFrom } : {}),
    ...(req.warmStart !== undefined ? { warmStart: req.warmStart } : {}),
  };
  const inputWarnings = [...table.warnings, ...data.warnings];
  if (procedure === 'log-ols') {
    // Brandfonbrener et al.'s own procedure: E_x, E_y fixed, OLS in log space (reproduces their numbers).
    const { fixed, x, y, seed } = problem;
    if (problem.lawId !== 'loss-to-loss') throw new InputError('--procedure log-ols applies to --law loss-to-loss only');
    if (fixed.E_x === undefined || fixed.E_y === undefined) throw new InputError('--procedure log-ols needs --fix E_x=..,E_y=.. (the irreducible losses from L(N, D) fits)');
    let report: FitReport;
    try {
      report = fitLossToLossLogOls(x.x, y, { E_x: fixed.E_x, E_y: fixed.E_y, fixedDraws: problem.fixedDraws, bootstrap: setup.bootstrap, seed, runs: data.runs, provenance });
    } catch (e) {
      throw new RunError((e as Error).message);
    }
    report.warnings.unshift(...inputWarnings);
    report.provenance.procedure = procedureRecord(setup.law, { objective: problem.objective, starts: problem.starts, method: 'log-ols' });
    return report;
  }
  if (procedure === 'vpnls' && !setup.law.separable) throw new InputError(`--procedure vpnls needs a law with parameters that enter linearly (chinchilla, overtraining, power); '${setup.law.id}' has none`);
  if (procedure === 'vpnls' && req.starts !== undefined) inputWarnings.push(`--starts ${req.starts} is not used by --procedure vpnls (it searches a grid over the nonlinear parameters)`);
  // The same finishing touches for the point fit (a partial result) and the final report.
  const finish = (r: FitReport): FitReport => {
    r.warnings.unshift(...inputWarnings);
    r.provenance.procedure = procedureRecord(setup.law, { objective: problem.objective, starts: problem.starts, method: procedure === 'vpnls' ? 'vpnls' : 'optimize' });
    return r;
  };
  const partial = ctx.partial;
  let report: FitReport;
  try {
    report = await runFit(problem, {
      procedure: procedure === 'vpnls' ? 'vpnls' : 'optimize',
      bootstrap: setup.bootstrap,
      executor: ctx.fitExecutor(),
      runs: data.runs,
      rows: data.rows,
      ...(req.outlierCut !== undefined ? { diagnostics: { cut: req.outlierCut } } : {}),
      onProgress: (p) => ctx.progress(p),
      ...(partial && setup.bootstrap > 0 ? { onPointFit: (r: FitReport) => partial(finish(r)) } : {}),
      provenance,
    });
  } catch (e) {
    if (e instanceof InputError || (e as { cancelled?: boolean }).cancelled) throw e;
    throw new RunError((e as Error).message);
  }
  return finish(report);
}
