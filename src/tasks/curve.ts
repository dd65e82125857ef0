// Loss curves under learning-rate schedules: fit (one law over one or several logs), predict
// under another schedule (with a band when parameter draws are given), extrapolate a run that is
// still training, optimise the schedule, and the Curve Panel's exploration (extrapolation + band
// draws + the prediction under the run's own schedule). Same tasks for `scaling-laws curve …`
// and the Curve Panel / live watch.
//
// A file's schedule: the given SPEC; else the multi-power-law authors' file-name convention
// (cosine_T, constant_T, wsd_D_T, wsdld_D_T, wsdcon_k; like their loader, this ignores the file's
// lr column); else the file's lr column (interpolated per step, ramped from 0 before the first
// logged step). Rows at steps >= the schedule length are dropped with a warning (the authors drop
// step 24000 of their 24000-step files).
import { basename } from 'node:path';
import { InputError, RunError } from '../core/errors';
import { createCurveLaw, CURVE_LAW_IDS, type CurveData, type CurveLaw } from '../core/curves/curveLaws';
import { extrapolateRun, type Extrapolation } from '../core/curves/extrapolate';
import { fitCurves, fitFromStarts, predictCurve, type CurveFitResult } from '../core/curves/fitCurves';
import { curveMetrics } from '../core/curves/metrics';
import { lawEntry } from '../core/laws/catalog';
import { optimizeFreeSchedule, optimizeWsd, mplFinalLoss } from '../core/curves/optimizeSchedule';
import { resolveMapping } from '../core/fit/prepareData';
import { lossCandidates } from '../core/table/lossColumn';
import { roleReasons } from '../core/table/roleChoice';
import { Rng } from '../core/optimize/rng';
import { authorsScheduleFromFileName, formatScheduleSpec, parseScheduleSpec, scheduleFromLog, scheduleLRs, ScheduleError, MAX_SCHEDULE_STEPS } from '../core/schedule/schedule';
import { checkCurveWork } from '../core/curves/work';
import { findColumn } from '../core/table/runTable';
import { splitRuns } from '../core/table/splitRuns';
import type { CurveFitFile, CurveExploreRequest, CurveExploreResult, CurveExtrapolateRequest, CurveExtrapolateResult, CurveFitRequest, CurveOptimizeRequest, CurvePredictRequest, CurvePredictResult } from '../protocol/curveTasks';
import { VERSION } from '../node/version';
import type { TaskContext } from './context';
import { checkCount } from './flags/limits';


/** Core validation errors (schedules, ranges) are the user's to fix: exit 2. */
function asInput<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ScheduleError || e instanceof RangeError) throw new InputError((e as Error).message);
    throw e;
  }
}

export function curveLaw(id: string | undefined, options: { exact?: boolean; lambda?: number; tokensPerStep?: number } = {}): CurveLaw {
  if (!id) throw new InputError(`needs --law (${CURVE_LAW_IDS.join('|')})`);
  try {
    return createCurveLaw(id, options);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
}

export interface LoadedCurve {
  curve: CurveData;
  dropped: number;
  rows: number;
  warnings: string[];
  /** The loss column, why it was chosen (the documented rule, or --map/--loss), and the loss-like columns to pick from. */
  loss: { column: string; reason: string; choices: string[] };
}

/** Load one curve file; schedule from `scheduleText` ('auto' | 'log' | SPEC). A file holding several runs is refused (see loadCurves). */
export async function loadCurve(ctx: TaskContext, file: string, scheduleText: string | undefined, map: Record<string, string>, needSchedule = true): Promise<LoadedCurve> {
  const curves = await loadCurves(ctx, file, scheduleText, map, needSchedule);
  if (curves.length > 1) {
    const names = curves.map((c) => c.curve.name.slice(basename(file).length + 1));
    throw new InputError(`${file} holds ${curves.length} runs (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}): this command reads one training curve and never pools runs; \`scaling-laws curve fit\` fits each run, or split the file per run`);
  }
  return curves[0];
}

/**
 * Every run of a curve file as its own curve (named FILE#RUN when the file has several runs): runs
 * never pool into one curve. Schedule per run from `scheduleText` ('auto' | 'log' | SPEC).
 */
export async function loadCurves(ctx: TaskContext, file: string, scheduleText: string | undefined, map: Record<string, string>, needSchedule = true): Promise<LoadedCurve[]> {
  const table = await ctx.files.loadTable(file);
  const mapping = asInput(() => {
    try {
      return resolveMapping(table, map);
    } catch (e) {
      throw new InputError((e as Error).message);
    }
  });
  const col = (role: string, fallback: string) => {
    const name = Object.hasOwn(mapping, role) ? mapping[role] : fallback;
    const c = findColumn(table, name);
    if (!c) return undefined;
    if (c.kind !== 'number') throw new InputError(`${file}: column '${name}' (${role}) is not numeric`);
    return c.values;
  };
  const steps = col('step', 'step');
  const loss = col('loss', 'loss');
  if (!steps || !loss) throw new InputError(`${file}: needs step and loss columns (columns: ${table.columns.map((c) => c.name).join(', ')}); use --map step=COL --map loss=COL`);
  const lr = col('lr', 'lr');
  const lossColumn = Object.hasOwn(mapping, 'loss') ? mapping.loss : 'loss';
  const choices = lossCandidates(table).map((c) => c.column);
  const lossChoice = { column: lossColumn, reason: roleReasons(table, { loss: lossColumn }, map).loss ?? `the column named '${lossColumn}'`, choices: choices.includes(lossColumn) ? choices : [lossColumn, ...choices] };
  const runs = asInput(() => splitRuns(table, { run: Object.hasOwn(mapping, 'run') ? mapping.run : undefined }));
  return runs.map(({ run, rows }) => {
    const pick = (v: ArrayLike<number>) => Float64Array.from(rows, (i) => v[i]);
    const name = runs.length > 1 ? `${basename(file)}#${run}` : basename(file);
    return { ...curveOf(file, name, pick(steps), pick(loss), lr && pick(lr), Int32Array.from(rows), scheduleText, needSchedule, table.rowCount), loss: lossChoice };
  });
}

/** One run's (step, loss) points under its schedule (from the file name, its lr column or a SPEC). */
function curveOf(file: string, name: string, steps: Float64Array, loss: Float64Array, lr: Float64Array | undefined, rowOf: Int32Array, scheduleText: string | undefined, needSchedule: boolean, rows: number): Omit<LoadedCurve, 'loss'> {
  let eta: Float64Array;
  let text: string;
  const mode = scheduleText ?? 'auto';
  const authors = mode === 'auto' ? authorsScheduleFromFileName(basename(file)) : undefined;
  if (authors) {
    eta = asInput(() => scheduleLRs(authors));
    text = formatScheduleSpec(authors) + " (from the file name, authors' convention)";
  } else if (mode === 'auto' || mode === 'log') {
    if (!lr && !needSchedule) {
      let maxStep = 0;
      for (const st of steps) if (Number.isFinite(st) && st > maxStep) maxStep = st;
      eta = asInput(() => new Float64Array(Math.floor(maxStep) + 1).fill(1));
      text = 'none (not needed by the law)';
    } else {
      if (!lr) throw new InputError(`${file}: no schedule: give --schedule SPEC, or a file with an lr column`);
      const keep: number[] = [];
      for (let i = 0; i < steps.length; i++) if (Number.isFinite(steps[i]) && Number.isFinite(lr[i])) keep.push(i);
      eta = asInput(() => scheduleFromLog(keep.map((i) => steps[i]), keep.map((i) => lr[i]), undefined, true));
      text = `array from the lr column of ${name}`;
    }
  } else {
    const spec = asInput(() => parseScheduleSpec(mode));
    eta = asInput(() => scheduleLRs(spec));
    text = formatScheduleSpec(spec);
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
    if (!(l > 0)) throw new InputError(`${file}:${rowOf[i] + 2}: loss must be > 0 for a log-space fit, found ${l}`);
    s.push(st);
    y.push(l);
  }
  const warnings = dropped ? [`${name}: ${dropped} row(s) with a step that is not an integer in 1..${eta.length - 1} (the schedule) were dropped`] : [];
  if (s.length === 0) throw new InputError(`${name}: no usable (step, loss) rows inside the schedule`);
  return { curve: { name, steps: Float64Array.from(s), loss: Float64Array.from(y), eta, schedule: text }, dropped, rows, warnings };
}

export async function curveFitTask(req: CurveFitRequest, ctx: TaskContext): Promise<CurveFitFile> {
  if (!req.files?.length) throw new InputError('curve fit needs at least one curve file');
  const law = curveLaw(req.law, { exact: req.exact, lambda: req.lambda, tokensPerStep: req.tokensPerStep });
  const schedules = req.schedules ?? [];
  if (schedules.length > 1 && schedules.length !== req.files.length) throw new InputError(`give one --schedule for all files or one per file (${req.files.length}), got ${schedules.length}`);
  const fixed = req.fix ?? {};
  for (const k of Object.keys(fixed)) if (!law.paramNames.includes(k)) throw new InputError(`--fix ${k}: law '${law.id}' has ${law.paramNames.join(', ')}`);
  if (req.delta !== undefined && !(req.delta > 0 && Number.isFinite(req.delta))) throw new InputError(`--delta must be a positive number, got ${req.delta}`);
  const loaded: LoadedCurve[] = [];
  const fileOf: number[] = [];
  let multiRun = false;
  for (const [i, f] of req.files.entries()) {
    ctx.progress({ phase: 'load', done: i, total: req.files.length });
    const runs = await loadCurves(ctx, f, schedules.length === 1 ? schedules[0] : schedules[i], req.map ?? {}, law.id !== 'power');
    multiRun ||= runs.length > 1;
    for (const r of runs) {
      loaded.push(r);
      fileOf.push(i);
    }
  }
  // A joint law shares its parameters across the curves of one model under several schedules; the
  // runs of a sweep file are different models, so each is fitted on its own.
  const groups = law.joint && multiRun ? loaded.map((_, i) => [i]) : [loaded.map((_, i) => i)];
  let result: CurveFitResult = { law: law.id, formula: law.formula, paramNames: [...law.paramNames], objective: { kind: 'huber', delta: req.delta ?? 0, space: 'log', reduction: 'sum' }, fits: [], curves: [], seconds: 0 };
  for (const [g, members] of groups.entries()) {
    ctx.progress({ phase: 'fit', done: g, total: groups.length });
    if (ctx.shouldStop()) throw Object.assign(new Error('cancelled'), { cancelled: true });
    let r: CurveFitResult;
    try {
      r = fitCurves(law, members.map((i) => loaded[i].curve), { fixed, delta: req.delta });
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new RunError(`${members.map((i) => loaded[i].curve.name).join(', ')}: ${(e as Error).message}`);
    }
    result = { ...r, fits: [...result.fits, ...r.fits], curves: [...result.curves, ...r.curves], seconds: result.seconds + r.seconds };
  }
  if (result.fits.some((f) => !Number.isFinite(f.objective))) throw new RunError('the fit did not reach a finite objective');
  // Worse than a constant is a failed fit, not a result (exit 1).
  const bad = result.curves.filter((c) => !(c.metrics.r2 >= 0));
  if (bad.length) throw new RunError(`the fit failed on ${bad.map((c) => `${c.name} (R² ${c.metrics.r2.toFixed(3)})`).join(', ')}: worse than a constant${multiRun ? '' : '; if the file holds several runs, give them a run column'}`);
  const { seconds: _seconds, ...rest } = result;
  void _seconds;
  return {
    kind: 'scaling-laws/curve-fit',
    tool: { name: 'scaling-laws', version: VERSION },
    ...rest,
    fits: result.fits.map((f) => ({ ...f, vector: Array.from(f.vector) })),
    ...(law.joint && groups.length === 1 ? { params: result.fits[0].params } : {}),
    options: {
      exact: Boolean(req.exact),
      ...(law.id === 'lr-annealing' ? { lambda: req.lambda ?? 0.999 } : {}),
      ...(law.id === 'power' && req.tokensPerStep ? { tokensPerStep: req.tokensPerStep } : {}),
      fixed,
    },
    inputs: loaded.map((l, i) => ({ file: ctx.files.resolve(req.files[fileOf[i]]), sha256: ctx.files.hash(req.files[fileOf[i]]), schedule: l.curve.schedule ?? '', rows: l.rows, droppedRows: l.dropped, loss: { column: l.loss.column, reason: l.loss.reason }, ...(l.curve.name.includes('#') ? { run: l.curve.name.slice(l.curve.name.indexOf('#') + 1) } : {}) })),
    warnings: loaded.flatMap((l) => l.warnings),
  };
}

/** Law and parameter vector from a curve-fit file, or from a law id with parameters. */
function paramsSource(req: CurvePredictRequest | CurveOptimizeRequest, ctx: TaskContext): { law: CurveLaw; params: Float64Array } {
  if (req.fit !== undefined) {
    if (req.law || req.params) throw new InputError('give either --fit FILE or --law with --params, not both');
    const data = ctx.files.readJson(req.fit) as Partial<CurveFitFile>;
    if (data?.kind !== 'scaling-laws/curve-fit' || !Array.isArray(data.fits)) throw new InputError(`--fit ${req.fit}: not a curve fit file (written by 'scaling-laws curve fit --out')`);
    const law = curveLaw(data.law, { exact: data.options?.exact, lambda: data.options?.lambda, tokensPerStep: data.options?.tokensPerStep });
    let fit = data.fits[0];
    const index = 'curve' in req ? req.curve : undefined;
    if (!law.joint) {
      if (data.fits.length > 1 && index === undefined) throw new InputError(`--fit ${req.fit} holds ${data.fits.length} per-curve fits; choose one with --curve INDEX`);
      fit = data.fits[index ?? 0];
    }
    if (!fit) throw new InputError(`--fit ${req.fit}: no parameters${index !== undefined ? ` for --curve ${index}` : ''}`);
    return { law, params: Float64Array.from(law.paramNames, (n) => fit.params[n]) };
  }
  const law = curveLaw(req.law, 'exact' in req ? { exact: req.exact, lambda: req.lambda, tokensPerStep: req.tokensPerStep } : {});
  const given = req.params ?? {};
  if (Array.isArray(given)) {
    if (given.length !== law.paramNames.length || !given.every(Number.isFinite)) throw new InputError(`law '${law.id}' needs ${law.paramNames.length} finite parameters (${law.paramNames.join(', ')})`);
    return { law, params: Float64Array.from(given) };
  }
  const missing = law.paramNames.filter((n) => !Object.hasOwn(given, n));
  if (missing.length) throw new InputError(`--params is missing ${missing.join(', ')} for law '${law.id}' (needs ${law.paramNames.join(', ')})`);
  const extra = Object.keys(given).filter((n) => !law.paramNames.includes(n));
  if (extra.length) throw new InputError(`--params: unknown ${extra.join(', ')} for law '${law.id}' (needs ${law.paramNames.join(', ')})`);
  return { law, params: Float64Array.from(law.paramNames, (n) => given[n]) };
}

/** Evenly spaced integer steps every..T-1 (always ending at T-1). */
export function stepsEvery(T: number, every: number): Float64Array {
  const list: number[] = [];
  for (let s = every; s < T; s += every) list.push(s);
  if (T > 1 && list[list.length - 1] !== T - 1) list.push(T - 1);
  return Float64Array.from(list);
}

/** Most points a prediction returns (and a band evaluates per draw). */
export const MAX_PREDICTION_POINTS = 200_000;

/**
 * Predicted curve under a schedule. With parameter draws, a 95 % band: the draws give the spread
 * of the mean log loss, observation noise (the fit's log-residual s.d.) is added in quadrature
 * (normal in log loss), so the band covers a logged value, as the extrapolation interval does.
 */
export async function curvePredictTask(req: CurvePredictRequest, ctx: TaskContext): Promise<CurvePredictResult> {
  const against = req.against !== undefined ? await loadCurve(ctx, req.against, req.schedule, req.map ?? {}) : undefined;
  return predictNow(req, ctx, against);
}

/** curvePredictTask with the observed curve (if any) already loaded: synchronous, so a partial result can use it mid-task. */
function predictNow(req: CurvePredictRequest, ctx: TaskContext, against?: LoadedCurve): CurvePredictResult {
  const { law, params } = paramsSource(req, ctx);
  if ((req.schedule === undefined) === (req.eta === undefined)) throw new InputError('curve predict needs --schedule SPEC');
  if (req.eta && req.eta.length > MAX_SCHEDULE_STEPS) throw new InputError(`the schedule has ${req.eta.length} steps, more than the limit of ${MAX_SCHEDULE_STEPS}`);
  const eta = req.eta ? Float64Array.from(req.eta) : asInput(() => scheduleLRs(parseScheduleSpec(String(req.schedule))));
  const scheduleText = req.schedule !== undefined ? asInput(() => formatScheduleSpec(parseScheduleSpec(req.schedule as string))) : `array:total=${eta.length}`;
  if (eta.length < 2) throw new InputError('the schedule needs at least 2 steps');
  let steps: Float64Array;
  let observed: Float64Array | undefined;
  const warnings: string[] = [];
  if (against) {
    const loaded = against;
    steps = loaded.curve.steps;
    observed = loaded.curve.loss;
    warnings.push(...loaded.warnings);
  } else {
    const T = eta.length;
    const every = req.every !== undefined ? Math.round(req.every) : Math.max(1, Math.ceil((T - 1) / (req.points ?? 500)));
    if (!(every >= 1)) throw new InputError(`--every must be at least 1, got ${req.every}`);
    if (Math.ceil((T - 1) / every) > MAX_PREDICTION_POINTS) throw new InputError(`--every ${every} over ${T} steps gives more than ${MAX_PREDICTION_POINTS} points; use a larger --every`);
    steps = stepsEvery(T, every);
  }
  const nDraws = req.draws?.length ?? 0;
  checkCurveWork(law, steps, 1 + nDraws, `predicting ${steps.length} points over ${eta.length} steps${nDraws ? ` with ${nDraws} draws` : ''}`);
  let prepared: unknown;
  try {
    prepared = law.prepare(eta, steps);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  const loss = new Float64Array(steps.length);
  law.evaluate(params, prepared, loss);
  if (!loss.every(Number.isFinite)) throw new RunError('the prediction is not finite everywhere (check the parameters)');
  const n = steps.length, k = n - 1;
  const out: CurvePredictResult = {
    step: Array.from(steps),
    lr: Array.from(steps, (s) => eta[s]),
    loss: Array.from(loss),
    final: { step: steps[k], loss: loss[k] },
    law: law.id,
    schedule: scheduleText,
  };
  if (req.draws !== undefined || req.residualSd !== undefined) {
    const sum = new Float64Array(n), sum2 = new Float64Array(n), tmp = new Float64Array(n);
    let used = 0;
    for (const [i, d] of (req.draws ?? []).entries()) {
      if (i % 8 === 0 && ctx.shouldStop()) throw Object.assign(new Error('cancelled'), { cancelled: true });
      if (d.length !== law.paramNames.length) continue;
      law.evaluate(Float64Array.from(d), prepared, tmp);
      let ok = true;
      for (let j = 0; j < n; j++) if (!(tmp[j] > 0) || !Number.isFinite(tmp[j])) { ok = false; break; }
      if (!ok) continue;
      used++;
      for (let j = 0; j < n; j++) {
        const l = Math.log(tmp[j]);
        sum[j] += l;
        sum2[j] += l * l;
      }
    }
    const s2 = (req.residualSd ?? 0) ** 2;
    const lo = new Array<number>(n), hi = new Array<number>(n);
    for (let j = 0; j < n; j++) {
      const mean = Math.log(loss[j]);
      const varP = used > 1 ? Math.max(0, (sum2[j] - (sum[j] * sum[j]) / used) / (used - 1)) : 0;
      const half = 1.959964 * Math.sqrt(varP + s2);
      lo[j] = Math.exp(mean - half);
      hi[j] = Math.exp(mean + half);
    }
    out.lo = lo;
    out.hi = hi;
    out.final = { ...out.final, lo: lo[k], hi: hi[k] };
  }
  if (observed) {
    const m = curveMetrics(observed, loss);
    out.metrics = { r2: m.r2, mae: m.mae, rmse: m.rmse, meanRelErr: m.meanRelErr, worstRelErr: m.worstRelErr };
  }
  return out;
}

export async function curveExtrapolateTask(req: CurveExtrapolateRequest & { law?: string; target?: number; level?: number }, ctx: TaskContext): Promise<CurveExtrapolateResult> {
  const lawId = req.law ?? 'multipower';
  lawEntry(lawId, 'curve');
  checkCount('bootstrap', req.bootstrap);
  checkCount('seed', req.seed);
  const { curve } = await loadCurve(ctx, req.file, req.schedule, req.map ?? {});
  let extrapolation: Extrapolation;
  try {
    extrapolation = extrapolateRun(curve, { law: lawId as 'multipower', targetStep: req.target, bootstrap: req.bootstrap, seed: req.seed, level: req.level, shouldStop: () => ctx.shouldStop() });
  } catch (e) {
    if ((e as { cancelled?: boolean }).cancelled || e instanceof InputError) throw e;
    throw new RunError((e as Error).message);
  }
  return { ...extrapolation, observedRows: curve.steps.length, schedule: curve.schedule ?? '' };
}

export function curveOptimizeTask(req: CurveOptimizeRequest, ctx: TaskContext) {
  const { law, params } = paramsSource(req, ctx);
  if (law.id !== 'multipower') throw new InputError('curve optimize needs the multipower law');
  if (!req.schedule) throw new InputError('curve optimize needs --schedule SPEC (its warmup, total, peak and end are used)');
  const spec = asInput(() => parseScheduleSpec(String(req.schedule)));
  const end = 'end' in spec ? spec.end : spec.peak / 10;
  const base = { warmup: spec.warmup, total: spec.total, peak: spec.peak, end };
  const given = mplFinalLoss(params, asInput(() => scheduleLRs(spec)));
  const wsd = optimizeWsd(params, base);
  const free = req.free ? optimizeFreeSchedule(params, base, { maxIter: req.maxIter }) : undefined;
  return {
    given: { schedule: formatScheduleSpec(spec), finalLoss: given },
    wsd: { ...wsd.best, schedule: `wsd:warmup=${base.warmup},total=${base.total},decay=${wsd.best.decayStep},peak=${base.peak},end=${end},shape=${wsd.best.shape}` },
    ...(free ? { free: { finalLoss: free.loss, iterations: free.nit, message: free.message, lr: Array.from(free.eta) } } : {}),
  };
}

/** A schedule SPEC for the editor: the given SPEC, the authors' file-name schedule, or one read off an lr column. */
export function editableSpec(file: string, schedule: string | undefined, curve: CurveData): string | undefined {
  const mode = schedule ?? 'auto';
  if (mode !== 'auto' && mode !== 'log') return formatScheduleSpec(parseScheduleSpec(mode));
  const authors = mode === 'auto' ? authorsScheduleFromFileName(basename(file)) : undefined;
  if (authors) return formatScheduleSpec(authors);
  return guessScheduleSpec(curve.eta);
}

/**
 * A cosine SPEC that resembles a per-step schedule (warmup = first step at the peak, end = the
 * last value); the editor's starting point for a schedule read from an lr column.
 */
export function guessScheduleSpec(eta: ArrayLike<number>): string | undefined {
  const T = eta.length;
  if (T < 2) return undefined;
  let peak = -Infinity, at = 0;
  for (let i = 0; i < T; i++) if (eta[i] > peak) { peak = eta[i]; at = i; }
  if (!(peak > 0)) return undefined;
  const end = eta[T - 1];
  const warmup = at + 1;
  if (end >= peak * (1 - 1e-9)) return `constant:warmup=${warmup},total=${T},peak=${peak}`;
  return `cosine:warmup=${warmup},total=${T},peak=${peak},end=${Math.max(end, 0)}`;
}

/** Step spacing that gives about `points` predictions over a T-step schedule. */
function aboutSteps(T: number, points = 400): number {
  return Math.max(1, Math.ceil((T - 1) / points));
}

/** Evenly spaced integer steps 1..T-1 (about `points`, always ending at T-1). */
export function predictionSteps(T: number, points = 400): Float64Array {
  return stepsEvery(T, aboutSteps(T, points));
}

/** The extrapolation as the CLI prints it (its refits' vectors are the panel's draws, sent once). */
function withoutVectors(e: Extrapolation): Extrapolation {
  const { vectors: _vectors, ...rest } = e;
  void _vectors;
  return rest;
}

/**
 * The Curve Panel's exploration of one log: the live extrapolation (block bootstrap), parameter
 * draws from a moving-block bootstrap of the log residuals, and the prediction with its band under
 * the run's own schedule (the editor then re-predicts under edited schedules with the same draws).
 */
export async function curveExploreTask(req: CurveExploreRequest, ctx: TaskContext): Promise<CurveExploreResult> {
  const nDraws = req.draws ?? 24;
  checkCount('draws', nDraws);
  checkCount('bootstrap', req.bootstrap);
  checkCount('seed', req.seed);
  const { curve, loss } = await loadCurve(ctx, req.file, req.schedule ?? 'auto', req.map ?? {});
  ctx.progress({ phase: 'extrapolate', done: 0, total: 100 });
  const spec = editableSpec(req.file, req.schedule, curve);
  const observed = { step: Array.from(curve.steps), loss: Array.from(curve.loss) };
  const base = { file: req.file, name: curve.name, schedule: curve.schedule ?? '', spec, observed, loss };
  const partial = ctx.partial;
  const show = (e: Extrapolation, previewPoints?: number) => {
    const law = createCurveLaw(e.law);
    const vec = Float64Array.from(law.paramNames, (nm) => e.params[nm]);
    const prediction = predictNow({ law: law.id, params: Array.from(vec), eta: Array.from(curve.eta), every: aboutSteps(curve.eta.length) }, ctx);
    prediction.schedule = curve.schedule ?? prediction.schedule;
    partial!({ ...base, law: law.id, paramNames: [...law.paramNames], params: Array.from(vec), fixed: e.fixed, draws: [], residualSd: 0, extrapolation: e, prediction, partial: true, ...(previewPoints ? { previewPoints } : {}) } satisfies CurveExploreResult);
  };
  const ex = extrapolateRun(curve, {
    bootstrap: req.bootstrap ?? 40, seed: req.seed ?? 0, shouldStop: () => ctx.shouldStop(),
    // A long log's preview (a fit on a few hundred of its points) first, then the point fit's
    // curve; the interval and the parameter draws follow.
    onPreview: partial && ((e, points) => show(e, points)),
    onPointFit: partial && ((e) => show(e)),
    keepVectors: true,
    onProgress: (done, total) => ctx.progress({ phase: 'extrapolate', done: Math.round((50 * done) / Math.max(1, total)), total: 100 }),
  });
  ctx.progress({ phase: 'draws', done: 50, total: 100 });
  const law = createCurveLaw(ex.law);
  const vec = Float64Array.from(law.paramNames, (nm) => ex.params[nm]);
  const fitted = predictCurve(law, vec, curve.eta, curve.steps);
  const n = curve.steps.length;
  const logFit = new Float64Array(n), resid = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    logFit[i] = Math.log(fitted[i]);
    resid[i] = Math.log(curve.loss[i]) - logFit[i];
    ss += resid[i] * resid[i];
  }
  const residualSd = Math.sqrt(ss / Math.max(1, n - 1));
  // The draws are the extrapolation's own bootstrap refits (a moving-block bootstrap of the log
  // residuals); more of the same only when it kept fewer than asked for.
  const draws: number[][] = (ex.vectors ?? []).slice(0, nDraws);
  const bl = Math.max(1, Math.min(n, Math.round(Math.cbrt(n))));
  const rng = new Rng((req.seed ?? 0) + 1, 7);
  const ySynth = new Float64Array(n);
  const synth: CurveData = { ...curve, loss: ySynth };
  for (let b = draws.length; b < nDraws; b++) {
    if (ctx.shouldStop()) throw Object.assign(new Error('cancelled'), { cancelled: true });
    for (let i = 0; i < n; ) {
      const start = rng.int(n - bl + 1);
      for (let j = 0; j < bl && i < n; j++, i++) ySynth[i] = Math.exp(logFit[i] + resid[start + j]);
    }
    try {
      draws.push(Array.from(fitFromStarts(law, [synth], [vec], { fixed: ex.fixed, maxIter: 300 }).vector));
    } catch {
      /* a failed refit is dropped */
    }
    ctx.progress({ phase: 'draws', done: 50 + Math.round((45 * (b + 1)) / Math.max(1, nDraws)), total: 100 });
  }
  const prediction = await curvePredictTask({ law: law.id, params: Array.from(vec), draws, residualSd, eta: Array.from(curve.eta), every: aboutSteps(curve.eta.length) }, ctx);
  prediction.schedule = curve.schedule ?? prediction.schedule;
  ctx.progress({ phase: 'draws', done: 100, total: 100 });
  return {
    ...base,
    law: law.id, paramNames: [...law.paramNames], params: Array.from(vec), fixed: ex.fixed, draws, residualSd,
    extrapolation: withoutVectors(ex), prediction,
  };
}
