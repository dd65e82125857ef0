// scaling-laws curve fit|predict|extrapolate|optimize: loss curves under learning-rate schedules.
//
//   curve fit <files...> --law multipower|lr-annealing|power [--schedule SPEC|auto|log ...] [--map ROLE=COL]
//             [--fix NAME=V,...] [--exact] [--lambda 0.999] [--delta 1e-3] [--json] [--out FILE]
//   curve predict (--fit FILE | --law multipower --params NAME=VALUE,...) --schedule SPEC
//             [--against FILE] [--every N] [--json]
//   curve extrapolate <file> [--schedule SPEC] [--law multipower|power|lr-annealing] [--target STEP] [--json]
//   curve optimize (--fit FILE | --law multipower --params ...) --schedule SPEC [--free] [--json]
//
// A file's schedule: --schedule (one for all files or one per file, in order); otherwise the
// multi-power-law authors' file-name convention (cosine_T, constant_T, wsd_D_T, wsdld_D_T,
// wsdcon_k; like their loader, this ignores the file's lr column); otherwise the file's lr
// column (interpolated per step, ramped from 0 before the first logged step).
// Rows at steps >= the schedule length are dropped with a warning (the authors drop step 24000
// of their 24000-step files).
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { createCurveLaw, CURVE_LAW_IDS, type CurveData, type CurveLaw } from '../../core/curves/curveLaws';
import { extrapolateRun } from '../../core/curves/extrapolate';
import { fitCurves, predictCurve, type CurveFitResult } from '../../core/curves/fitCurves';
import { curveMetrics } from '../../core/curves/metrics';
import { optimizeFreeSchedule, optimizeWsd, mplFinalLoss } from '../../core/curves/optimizeSchedule';
import { resolveMapping } from '../../core/fit/prepareData';
import { authorsScheduleFromFileName, formatScheduleSpec, parseScheduleSpec, scheduleFromLog, scheduleLRs, ScheduleError } from '../../core/schedule/schedule';
import { findColumn } from '../../core/table/runTable';
import { hashPath } from '../../node/fileHash';
import { InputError, loadTable } from '../../node/loadTable';
import { VERSION } from '../../version';
import { dispatchSubcommand, parseArgs, parseAssignments, RunError, UsageError, type CliIO, type ParsedArgs } from '../args';

const USAGE = `usage:
  scaling-laws curve fit <files...> --law multipower|lr-annealing|power [--schedule SPEC|auto|log ...] [--map ROLE=COL] [--fix NAME=V,...]
                         [--exact] [--lambda 0.999] [--tokens-per-step N] [--delta 1e-3] [--json] [--out FILE]
  scaling-laws curve predict (--fit FILE | --law multipower --params NAME=VALUE,...) --schedule SPEC [--against FILE] [--every N] [--json]
  scaling-laws curve extrapolate <file> [--schedule SPEC] [--law multipower|power|lr-annealing] [--target STEP] [--bootstrap K] [--seed S] [--json]
  scaling-laws curve optimize (--fit FILE | --law multipower --params ...) --schedule SPEC [--free] [--json]
SPEC: cosine:warmup=2160,total=24000,peak=3e-4,end=3e-5 | constant:warmup=..,total=..,peak=..
      wsd:warmup=..,total=..,decay=..,peak=..,end=..,shape=exp|linear | two-stage:warmup=..,total=..,switch=..,peak=..,second=..
      linear:warmup=..,total=..,peak=..,end=.. | inverse-sqrt:warmup=..,total=..,peak=..
`;

export interface CurveFitFile extends Omit<CurveFitResult, 'fits'> {
  fits: (Omit<CurveFitResult['fits'][number], 'vector'> & { vector: number[] })[];
  kind: 'scaling-laws/curve-fit';
  tool: { name: 'scaling-laws'; version: string };
  /** Joint laws: the shared parameters (natural scale). */
  params?: Record<string, number>;
  options: { exact: boolean; lambda?: number; tokensPerStep?: number; fixed: Record<string, number> };
  inputs: { file: string; sha256: string; schedule: string; rows: number; droppedRows: number }[];
}

function usageFrom<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UsageError || e instanceof RunError) throw e;
    if (e instanceof ScheduleError || e instanceof InputError || e instanceof RangeError) throw new UsageError((e as Error).message);
    throw e;
  }
}

function parseSchedule(text: string): { eta: Float64Array; text: string } {
  const spec = usageFrom(() => parseScheduleSpec(text));
  return { eta: scheduleLRs(spec), text: formatScheduleSpec(spec) };
}

/** Load one curve file; schedule from `scheduleText` ('auto' | 'log' | SPEC). */
export async function loadCurve(file: string, scheduleText: string | undefined, map: Record<string, string>, io?: CliIO, needSchedule = true): Promise<{ curve: CurveData; dropped: number; rows: number }> {
  const table = await loadTable(file);
  const mapping = usageFrom(() => resolveMapping(table, map));
  const col = (role: string, fallback: string) => {
    const name = mapping[role] ?? fallback;
    const c = findColumn(table, name);
    if (!c) return undefined;
    if (c.kind !== 'number') throw new UsageError(`${file}: column '${name}' (${role}) is not numeric`);
    return c.values;
  };
  const steps = col('step', 'step');
  const loss = col('loss', 'loss');
  if (!steps || !loss) throw new UsageError(`${file}: needs step and loss columns (columns: ${table.columns.map((c) => c.name).join(', ')}); use --map step=COL --map loss=COL`);
  let eta: Float64Array;
  let text: string;
  const mode = scheduleText ?? 'auto';
  const authors = mode === 'auto' ? authorsScheduleFromFileName(basename(file)) : undefined;
  if (authors) {
    eta = scheduleLRs(authors);
    text = formatScheduleSpec(authors) + ' (from the file name, authors\' convention)';
  } else if (mode === 'auto' || mode === 'log') {
    const lr = col('lr', 'lr');
    if (!lr && !needSchedule) {
      let maxStep = 0;
      for (const st of steps) if (Number.isFinite(st) && st > maxStep) maxStep = st;
      eta = new Float64Array(Math.floor(maxStep) + 1).fill(1);
      text = 'none (not needed by the law)';
    } else {
      if (!lr) throw new UsageError(`${file}: no schedule: give --schedule SPEC, or a file with an lr column`);
      const keep: number[] = [];
      for (let i = 0; i < steps.length; i++) if (Number.isFinite(steps[i]) && Number.isFinite(lr[i])) keep.push(i);
      eta = usageFrom(() => scheduleFromLog(keep.map((i) => steps[i]), keep.map((i) => lr[i]), undefined, true));
      text = `array from the lr column of ${basename(file)}`;
    }
  } else {
    ({ eta, text } = parseSchedule(mode));
  }
  const s: number[] = [], y: number[] = [];
  let dropped = 0;
  for (let i = 0; i < steps.length; i++) {
    const st = steps[i], l = loss[i];
    if (!Number.isFinite(st) || !Number.isFinite(l)) continue;
    if (!Number.isInteger(st) || st < 1 || st >= eta.length) {
      dropped++;
      continue;
    }
    if (!(l > 0)) throw new UsageError(`${file}:${i + 2}: loss must be > 0 for a log-space fit, found ${l}`);
    s.push(st);
    y.push(l);
  }
  if (dropped && io) io.err(`warning: ${file}: ${dropped} row(s) with a step that is not an integer in 1..${eta.length - 1} (the schedule) were dropped\n`);
  if (s.length === 0) throw new UsageError(`${file}: no usable (step, loss) rows inside the schedule`);
  return { curve: { name: basename(file), steps: Float64Array.from(s), loss: Float64Array.from(y), eta, schedule: text }, dropped, rows: table.rowCount };
}

function mapFlags(flags: ParsedArgs['flags']): Record<string, string> {
  const map: Record<string, string> = {};
  for (const m of (flags.map as string[] | undefined) ?? []) {
    const eq = m.indexOf('=');
    if (eq <= 0) throw new UsageError(`--map expects ROLE=COLUMN, got '${m}'`);
    map[m.slice(0, eq).trim()] = m.slice(eq + 1).trim();
  }
  return map;
}

function lawFrom(id: string | undefined, flags: ParsedArgs['flags']): CurveLaw {
  if (!id) throw new UsageError(`needs --law (${CURVE_LAW_IDS.join('|')})`);
  return usageFrom(() => {
    try {
      return createCurveLaw(id, { exact: Boolean(flags.exact), lambda: flags.lambda as number | undefined, tokensPerStep: flags['tokens-per-step'] as number | undefined });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  });
}

const fmt = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(4) : x.toPrecision(6)) : String(x));

async function runFit(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, { law: 'string', schedule: 'list', map: 'list', fix: 'list', exact: 'boolean', lambda: 'number', 'tokens-per-step': 'number', delta: 'number', json: 'boolean', out: 'string', quiet: 'boolean' });
  if (positional.length === 0) throw new UsageError('curve fit needs at least one curve file');
  const law = lawFrom(flags.law as string | undefined, flags);
  const schedules = (flags.schedule as string[] | undefined) ?? [];
  if (schedules.length > 1 && schedules.length !== positional.length) throw new UsageError(`give one --schedule for all files or one per file (${positional.length}), got ${schedules.length}`);
  if (flags.out && positional.some((f) => resolve(f) === resolve(String(flags.out)))) throw new UsageError('--out must not be an input file (input files are never modified)');
  const map = mapFlags(flags);
  const loaded: Awaited<ReturnType<typeof loadCurve>>[] = [];
  for (const [i, f] of positional.entries()) loaded.push(await loadCurve(f, schedules.length === 1 ? schedules[0] : schedules[i], map, io, law.id !== 'power'));
  const fixed = parseAssignments(flags.fix as string[] | undefined, '--fix');
  for (const k of Object.keys(fixed)) if (!law.paramNames.includes(k)) throw new UsageError(`--fix ${k}: law '${law.id}' has ${law.paramNames.join(', ')}`);
  let result: CurveFitResult;
  try {
    result = fitCurves(law, loaded.map((l) => l.curve), { fixed, delta: flags.delta as number | undefined });
  } catch (e) {
    throw new RunError((e as Error).message);
  }
  const bad = result.fits.filter((f) => !Number.isFinite(f.objective));
  if (bad.length) throw new RunError('the fit did not reach a finite objective');
  const file: CurveFitFile = {
    kind: 'scaling-laws/curve-fit',
    tool: { name: 'scaling-laws', version: VERSION },
    ...result,
    fits: result.fits.map((f) => ({ ...f, vector: Array.from(f.vector) })),
    ...(law.joint ? { params: result.fits[0].params } : {}),
    options: {
      exact: Boolean(flags.exact),
      ...(law.id === 'lr-annealing' ? { lambda: (flags.lambda as number | undefined) ?? 0.999 } : {}),
      ...(law.id === 'power' && flags['tokens-per-step'] ? { tokensPerStep: flags['tokens-per-step'] as number } : {}),
      fixed,
    },
    inputs: positional.map((f, i) => ({ file: resolve(f), sha256: hashPath(f), schedule: loaded[i].curve.schedule ?? '', rows: loaded[i].rows, droppedRows: loaded[i].dropped })),
  };
  const json = JSON.stringify(file, null, 2) + '\n';
  if (flags.out) writeFileSync(String(flags.out), json);
  if (flags.json) io.out(json);
  else if (!flags.quiet || !flags.out) {
    const lines = [`${law.title}: ${law.formula}`, `objective: Huber(${result.objective.delta}) on log loss, summed over ${positional.length} curve(s); ${result.seconds.toFixed(2)} s`];
    result.fits.forEach((f, i) => {
      const who = law.joint ? 'params' : `params (${result.curves[i].name})`;
      lines.push(`${who}: ${law.paramNames.map((n) => `${n}=${fmt(f.params[n])}`).join(', ')}`);
      lines.push(`  optimizer: ${f.message}, ${f.nit} iterations, ${f.startsConverged}/${f.startsTried} starts converged, objective ${f.objective.toExponential(4)}`);
    });
    lines.push('curve                          n     R2        MAE       RMSE      meanRelErr worstRelErr');
    for (const c of result.curves) {
      const m = c.metrics;
      lines.push(`${c.name.padEnd(28)} ${String(m.n).padStart(4)}  ${m.r2.toFixed(5)}  ${m.mae.toExponential(3)} ${m.rmse.toExponential(3)} ${m.meanRelErr.toExponential(3)}  ${m.worstRelErr.toExponential(3)}`);
    }
    io.out(lines.join('\n') + '\n');
  }
  return 0;
}

/** Law + parameter vector from --fit FILE or --law/--params. */
function paramsSource(flags: ParsedArgs['flags']): { law: CurveLaw; params: Float64Array; lambda?: number } {
  if (flags.fit) {
    if (flags.law || flags.params) throw new UsageError('give either --fit FILE or --law with --params, not both');
    let data: CurveFitFile;
    try {
      data = JSON.parse(readFileSync(String(flags.fit), 'utf8'));
    } catch (e) {
      throw new UsageError(`--fit ${flags.fit}: ${(e as Error).message}`);
    }
    if (data.kind !== 'scaling-laws/curve-fit') throw new UsageError(`--fit ${flags.fit}: not a curve fit file (written by 'scaling-laws curve fit --out')`);
    const law = usageFrom(() => createCurveLaw(data.law, { exact: data.options?.exact, lambda: data.options?.lambda, tokensPerStep: data.options?.tokensPerStep }));
    let fit = data.fits?.[0];
    if (!law.joint) {
      if (data.fits.length > 1 && flags.curve === undefined) throw new UsageError(`--fit ${flags.fit} holds ${data.fits.length} per-curve fits; choose one with --curve INDEX`);
      fit = data.fits[(flags.curve as number | undefined) ?? 0];
    }
    if (!fit) throw new UsageError(`--fit ${flags.fit}: no parameters`);
    return { law, params: Float64Array.from(law.paramNames, (n) => fit.params[n]) };
  }
  const law = lawFrom(flags.law as string | undefined, flags);
  const values = parseAssignments(flags.params as string[] | undefined, '--params');
  const missing = law.paramNames.filter((n) => !(n in values));
  if (missing.length) throw new UsageError(`--params is missing ${missing.join(', ')} for law '${law.id}' (needs ${law.paramNames.join(', ')})`);
  const extra = Object.keys(values).filter((n) => !law.paramNames.includes(n));
  if (extra.length) throw new UsageError(`--params: unknown ${extra.join(', ')} for law '${law.id}' (needs ${law.paramNames.join(', ')})`);
  return { law, params: Float64Array.from(law.paramNames, (n) => values[n]) };
}

async function runPredict(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, { fit: 'string', law: 'string', params: 'list', schedule: 'string', against: 'string', every: 'number', curve: 'number', map: 'list', exact: 'boolean', lambda: 'number', 'tokens-per-step': 'number', json: 'boolean' });
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  const { law, params } = paramsSource(flags);
  if (!flags.schedule) throw new UsageError('curve predict needs --schedule SPEC');
  const { eta, text } = parseSchedule(String(flags.schedule));
  let steps: Float64Array;
  let observed: Float64Array | undefined;
  if (flags.against) {
    const { curve } = await loadCurve(String(flags.against), String(flags.schedule), mapFlags(flags), io);
    steps = curve.steps;
    observed = curve.loss;
  } else {
    const T = eta.length;
    const every = Math.max(1, Math.round((flags.every as number | undefined) ?? Math.max(1, Math.floor(T / 500))));
    const list: number[] = [];
    for (let s = every; s < T; s += every) list.push(s);
    if (list[list.length - 1] !== T - 1 && T > 1) list.push(T - 1);
    steps = Float64Array.from(list);
  }
  let loss: Float64Array;
  try {
    loss = predictCurve(law, params, eta, steps);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (!loss.every(Number.isFinite)) throw new RunError('the prediction is not finite everywhere (check the parameters)');
  const metrics = observed ? curveMetrics(observed, loss) : undefined;
  const out = {
    step: Array.from(steps),
    lr: Array.from(steps, (s) => eta[s]),
    loss: Array.from(loss),
    ...(metrics ? { metrics: { r2: metrics.r2, mae: metrics.mae, rmse: metrics.rmse, meanRelErr: metrics.meanRelErr, worstRelErr: metrics.worstRelErr } } : {}),
    law: law.id,
    schedule: text,
  };
  if (flags.json) io.out(JSON.stringify(out) + '\n');
  else {
    const n = steps.length;
    io.out(`${law.title} under ${text}\nloss at step ${steps[n - 1]}: ${fmt(loss[n - 1])} (${n} steps predicted)\n`);
    if (metrics) io.out(`against ${flags.against}: R2 ${metrics.r2.toFixed(5)}, MAE ${fmt(metrics.mae)}, RMSE ${fmt(metrics.rmse)}, mean rel. err ${fmt(metrics.meanRelErr)}, worst rel. err ${fmt(metrics.worstRelErr)}\n`);
  }
  return 0;
}

async function runExtrapolate(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, { schedule: 'string', law: 'string', target: 'number', bootstrap: 'number', seed: 'number', level: 'number', map: 'list', json: 'boolean' });
  if (positional.length !== 1) throw new UsageError('curve extrapolate needs exactly one curve file');
  const lawId = (flags.law as string | undefined) ?? 'multipower';
  if (!(CURVE_LAW_IDS as readonly string[]).includes(lawId)) throw new UsageError(`--law must be one of ${CURVE_LAW_IDS.join(', ')}`);
  const { curve } = await loadCurve(positional[0], flags.schedule as string | undefined, mapFlags(flags), io);
  let r;
  try {
    r = extrapolateRun(curve, { law: lawId as 'multipower', targetStep: flags.target as number | undefined, bootstrap: flags.bootstrap as number | undefined, seed: flags.seed as number | undefined, level: flags.level as number | undefined });
  } catch (e) {
    throw new RunError((e as Error).message);
  }
  if (flags.json) io.out(JSON.stringify(r, null, 2) + '\n');
  else io.out(`est. final loss ${r.estimate.toFixed(4)} ± ${((r.upper - r.lower) / 2).toFixed(4)} at step ${r.step} (${Math.round(r.level * 100)} % interval ${r.lower.toFixed(4)} – ${r.upper.toFixed(4)}; observed until step ${r.observedUntil}; law ${r.law}${Object.keys(r.fixed).length ? `, held ${Object.entries(r.fixed).map(([k, v]) => `${k}=${v}`).join(', ')}` : ''})\n`);
  return 0;
}

async function runOptimize(argv: string[], io: CliIO): Promise<number> {
  const { positional, flags } = parseArgs(argv, { fit: 'string', law: 'string', params: 'list', schedule: 'string', free: 'boolean', 'max-iter': 'number', json: 'boolean' });
  if (positional.length) throw new UsageError(`unexpected argument '${positional[0]}'`);
  const { law, params } = paramsSource(flags);
  if (law.id !== 'multipower') throw new UsageError('curve optimize needs the multipower law');
  if (!flags.schedule) throw new UsageError('curve optimize needs --schedule SPEC (its warmup, total, peak and end are used)');
  const spec = usageFrom(() => parseScheduleSpec(String(flags.schedule)));
  const end = 'end' in spec ? spec.end : spec.peak / 10;
  const base = { warmup: spec.warmup, total: spec.total, peak: spec.peak, end };
  const given = mplFinalLoss(params, scheduleLRs(spec));
  const wsd = optimizeWsd(params, base);
  const free = flags.free ? optimizeFreeSchedule(params, base, { maxIter: flags['max-iter'] as number | undefined }) : undefined;
  const out = {
    given: { schedule: formatScheduleSpec(spec), finalLoss: given },
    wsd: { ...wsd.best, schedule: `wsd:warmup=${base.warmup},total=${base.total},decay=${wsd.best.decayStep},peak=${base.peak},end=${end},shape=${wsd.best.shape}` },
    ...(free ? { free: { finalLoss: free.loss, iterations: free.nit, message: free.message, lr: Array.from(free.eta) } } : {}),
  };
  if (flags.json) io.out(JSON.stringify(out) + '\n');
  else {
    io.out(`given ${out.given.schedule}: predicted final loss ${fmt(given)}\n`);
    io.out(`best WSD: decay the last ${(wsd.best.decayFraction * 100).toFixed(0)} % (${wsd.best.shape}) → ${fmt(wsd.best.loss)}   ${out.wsd.schedule}\n`);
    if (free) io.out(`free non-increasing schedule → ${fmt(free.loss)} (${free.nit} iterations; --json for the LR array)\n`);
  }
  return 0;
}

export function run(argv: string[], io: CliIO): Promise<number> {
  return dispatchSubcommand(argv, io, USAGE, { fit: runFit, predict: runPredict, extrapolate: runExtrapolate, optimize: runOptimize });
}
