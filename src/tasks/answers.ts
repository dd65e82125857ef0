// Answers from a fitted law: loss at (N, D), the compute-optimal allocation for a budget, the
// budget for a target loss, and chained predictions. The same code answers `scaling-laws predict`
// / `optimal` and the command palette (run in the worker: a FitReport's formula is user input).
import { InputError, RunError } from '../core/errors';
import { createLaw, type LawOptions } from '../core/laws/registry';
import { predictOne } from '../core/laws/types';
import type { DataConstrainedParams } from '../core/laws/dataConstrained';
import { computeForTargetLoss, optimalForCompute, type Allocation, type ChinchillaParams } from '../core/plan/computeOptimal';
import { dataConstrainedOptimal } from '../core/plan/dataConstrainedOptimal';
import { inferenceAwareForLoss, type InferenceAwareAllocation } from '../core/plan/inference';
import type { FitReport } from '../core/report/fitReport';
import { assembleAssumptions, extrapolationAssumptions } from '../core/report/assumptions';
import { extrapolationWarnings, interval95, predictWithIntervals } from '../core/report/intervals';
import { formatHumanNumber } from '../core/table/numbers';
import { evaluateChain, type ChainResult } from '../core/transfer/chain';
import type { ChainPredictRequest, LawSource, OptimalRequest, OptimalResult, PredictRequest, PredictResult } from '../protocol/tasks';
import type { TaskContext } from './context';

/** The FitReport a request names, or a parameter-only stand-in for --law/--params. */
export function reportOf(src: LawSource, ctx: TaskContext): FitReport {
  const given = [src.fit !== undefined, src.report !== undefined, src.law !== undefined].filter(Boolean).length;
  if (given === 0) throw new InputError('needs --fit FILE or --law ID --params NAME=VALUE,...');
  if (given > 1 || (src.params && !src.law)) throw new InputError('give either --fit FILE or --law with --params, not both');
  if (src.report) return src.report;
  if (src.fit !== undefined) return ctx.files.readFitReport(src.fit);
  const options: LawOptions = { x: src.x, formula: src.formula };
  let law;
  try {
    law = createLaw(String(src.law), options);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  const params = src.params ?? {};
  const missing = law.params.map((p) => p.name).filter((n) => !Object.hasOwn(params, n));
  if (missing.length) throw new InputError(`--params is missing ${missing.join(', ')} for law '${law.id}'`);
  const extra = Object.keys(params).filter((n) => !law.params.some((p) => p.name === n));
  if (extra.length) throw new InputError(`--params: law '${law.id}' has no parameter ${extra.join(', ')} (it has ${law.params.map((p) => p.name).join(', ')})`);
  return { law: law.id, lawOptions: options, formula: law.formula, inputs: law.inputs, params } as unknown as FitReport;
}

function lawFor(report: FitReport) {
  try {
    return createLaw(report.law, (report.lawOptions ?? {}) as LawOptions);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
}

export function predictTask(req: PredictRequest, ctx: TaskContext): PredictResult {
  const report = reportOf(req, ctx);
  const at = req.at ?? {};
  if (Object.keys(at).length === 0) throw new InputError('needs --at ROLE=VALUE,... (e.g. --at N=1B,D=20B)');
  const law = lawFor(report);
  const missing = law.inputs.filter((k) => !Object.hasOwn(at, k));
  if (missing.length) throw new InputError(`--at is missing ${missing.join(', ')} (law '${law.id}' reads ${law.inputs.join(', ')})`);
  const unknown = Object.keys(at).filter((k) => !law.inputs.includes(k));
  if (unknown.length) throw new InputError(`--at ${unknown.join(', ')}: law '${law.id}' reads only ${law.inputs.join(', ')}`);
  for (const [k, v] of Object.entries(at)) if (!(v > 0) || !Number.isFinite(v)) throw new InputError(`--at ${k}=${v}: must be a positive finite number`);
  const prediction = predictOne(law, report.params, at);
  if (!Number.isFinite(prediction)) throw new RunError(`prediction is not finite (${prediction}) at ${JSON.stringify(at)}`);
  const iv = report.data ? predictWithIntervals(report, at) : undefined;
  const interval = iv?.confidence ?? interval95(report, (p) => predictOne(law, p, at));
  const warnings = report.data ? assembleAssumptions(extrapolationAssumptions(report, at).filter((a) => a.level === 'warning'), iv?.notes) : [];
  const where = Object.entries(at).map(([k, v]) => `${k} = ${formatHumanNumber(v, 4)}`).join(', ');
  const span = (x: [number, number]) => `${x[0].toPrecision(5)} – ${x[1].toPrecision(5)}`;
  const parts = [
    ...(interval ? [`95 % confidence interval of the law ${span(interval)}`] : []),
    ...(iv?.prediction ? [`95 % prediction interval for a new run ${span(iv.prediction)}`] : []),
  ];
  const text = `Predicted loss at ${where}: ${prediction.toPrecision(6)}${parts.length ? ` (${parts.join('; ')})` : ''}`;
  return {
    prediction, ...(interval ? { interval, confidenceInterval: interval } : {}), ...(iv?.prediction ? { predictionInterval: iv.prediction } : {}),
    ...(iv ? { intervalKinds: iv.kinds } : {}), at, law: law.id, warnings, text,
  };
}

export function chainPredictTask(req: ChainPredictRequest, ctx: TaskContext): ChainResult & { at: Record<string, number>; fits: string[] } {
  if (!req.chain.length) throw new InputError('--chain needs FIT.json[,FIT.json...]');
  if (Object.keys(req.at ?? {}).length === 0) throw new InputError('needs --at ROLE=VALUE,... for the first stage (e.g. --at C=1e21 or --at N=1B,D=20B)');
  const reports = req.chain.map((f) => ctx.files.readFitReport(f));
  let r: ChainResult;
  try {
    r = evaluateChain(reports, req.at);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  if (!Number.isFinite(r.prediction)) throw new RunError(`chain prediction is not finite (${r.prediction}) at ${JSON.stringify(req.at)}`);
  return { ...r, at: req.at, fits: req.chain };
}

function asChinchilla(p: Record<string, number>): ChinchillaParams {
  return { E: p.E, A: p.A, B: p.B, alpha: p.alpha, beta: p.beta };
}

export function optimalTask(req: OptimalRequest, ctx: TaskContext): OptimalResult {
  const report = reportOf(req, ctx);
  const { compute: C, targetLoss: target, uniqueTokens: U, inferenceTokens: T } = req;
  if ((C === undefined) === (target === undefined)) throw new InputError('give exactly one of --compute C or --target-loss L');
  if (C !== undefined && !(C > 0 && Number.isFinite(C))) throw new InputError('--compute must be a positive number of FLOPs');
  if (target !== undefined && !(target > 0 && Number.isFinite(target))) throw new InputError('--target-loss must be a positive number');
  if (U !== undefined && !(U > 0 && Number.isFinite(U))) throw new InputError('--unique-tokens must be a positive number of tokens');
  if (T !== undefined && !(T >= 0 && Number.isFinite(T))) throw new InputError('--inference-tokens must be 0 or more tokens');
  const k = req.flopsPerParamToken ?? report.provenance?.flopsPerParamToken ?? 6;
  if (!(k > 0 && k <= 100)) throw new InputError('--flops-per-param-token must be in (0, 100]');
  if (report.law === 'data-constrained') return dataConstrainedAnswer(report, req, k);
  if (report.law !== 'chinchilla') throw new InputError(`compute-optimal allocation needs a chinchilla or data-constrained fit (this fit is '${report.law}')`);
  if (U !== undefined) throw new InputError('--unique-tokens goes with --law data-constrained (the Chinchilla law assumes unlimited unique data)');
  const p = report.params;
  for (const name of ['A', 'B', 'alpha', 'beta'] as const) {
    if (!(p[name] > 0)) throw new InputError(`the law's ${name} = ${p[name]} is not positive: the compute-optimal allocation does not exist`);
  }
  // With inference tokens and a target loss: Sardana et al.'s allocation (least training + inference compute).
  const sardana = T !== undefined && target !== undefined;
  const solve = (q: Record<string, number>): Allocation => {
    if (sardana) {
      const a = inferenceAwareForLoss(asChinchilla(q), target as number, T as number);
      return { C: a.trainFlops, N: a.N, D: a.D, loss: a.loss, tokensPerParam: a.tokensPerParam };
    }
    return C !== undefined ? optimalForCompute(asChinchilla(q), C, k) : computeForTargetLoss(asChinchilla(q), target as number, k);
  };
  if (target !== undefined && !sardana) {
    const floor = optimalForCompute(asChinchilla(p), 1e6, k);
    if (floor.loss <= target) throw new InputError(`target loss ${target} is above the compute-optimal loss at 1e6 FLOPs (${floor.loss.toPrecision(4)}): any budget reaches it`);
  }
  let best: Allocation;
  let inference: InferenceAwareAllocation | undefined;
  try {
    best = solve(p);
    if (T !== undefined) inference = inferenceAwareForLoss(asChinchilla(p), sardana ? (target as number) : best.loss, T);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  const keys: (keyof Allocation)[] = ['C', 'N', 'D', 'loss', 'tokensPerParam'];
  const interval: OptimalResult['interval'] = {};
  if (report.bootstrap) {
    for (const key of keys) {
      if (C !== undefined && key === 'C') continue;
      if (target !== undefined && key === 'loss') continue;
      const iv = interval95(report, (q) => solve(q)[key]);
      if (iv) interval[key] = iv;
    }
  }
  const warnings = report.data ? extrapolationWarnings(report, { N: best.N, D: best.D }) : [];
  const f = (key: keyof Allocation) => `${formatHumanNumber(best[key], 4)}${interval[key] ? ` [${formatHumanNumber(interval[key]![0], 3)}, ${formatHumanNumber(interval[key]![1], 3)}]` : ''}`;
  let text = `C = ${f('C')} FLOPs → N = ${f('N')} parameters, D = ${f('D')} tokens (${best.tokensPerParam.toFixed(1)} tokens per parameter), loss ${best.loss.toPrecision(5)}${interval.loss ? ` [${interval.loss[0].toPrecision(4)}, ${interval.loss[1].toPrecision(4)}]` : ''}${Object.keys(interval).length ? ' (95 % confidence intervals of the law)' : ''}${sardana ? ' (inference-aware, Sardana et al.)' : ''}`;
  if (inference) text += `; with ${formatHumanNumber(T as number)} inference tokens (${inference.convention}): N = ${formatHumanNumber(inference.N, 4)}, D = ${formatHumanNumber(inference.D, 4)}, total ${inference.totalFlops.toPrecision(4)} FLOPs vs ${inference.chinchilla.totalFlops.toPrecision(4)} for the Chinchilla-optimal model of that loss (${(inference.savings * 100).toFixed(1)} % less)`;
  return { ...best, interval, flopConvention: `C = ${k}·N·D`, ...(inference ? { inference } : {}), warnings, text };
}

/** Muennighoff et al.'s allocation of a budget when only U unique tokens exist. */
function dataConstrainedAnswer(report: FitReport, req: OptimalRequest, k: number): OptimalResult {
  const { compute: C, targetLoss: target, uniqueTokens: U, inferenceTokens: T } = req;
  if (target !== undefined || C === undefined) throw new InputError('--law data-constrained takes --compute C with --unique-tokens U (a target loss is not supported for it)');
  if (U === undefined) throw new InputError('--law data-constrained needs --unique-tokens U: the unique tokens available (the data are repeated D / U times)');
  if (T !== undefined) throw new InputError('--inference-tokens goes with --law chinchilla');
  const asDc = (p: Record<string, number>): DataConstrainedParams => ({ E: p.E, A: p.A, B: p.B, alpha: p.alpha, beta: p.beta, RD_star: p.RD_star, RN_star: p.RN_star });
  const solve = (p: Record<string, number>) => dataConstrainedOptimal(asDc(p), C, U, k);
  let best;
  try {
    best = solve(report.params);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  const interval: OptimalResult['interval'] = {};
  if (report.bootstrap) {
    for (const key of ['N', 'D', 'loss', 'tokensPerParam', 'epochs'] as const) {
      const iv = interval95(report, (p) => solve(p)[key]);
      if (iv) interval[key] = iv;
    }
  }
  const f = (key: 'N' | 'D' | 'loss' | 'epochs') => `${best[key].toPrecision(4)}${interval[key] ? ` [${interval[key]![0].toPrecision(3)}, ${interval[key]![1].toPrecision(3)}]` : ''}`;
  const text = `C = ${C.toPrecision(4)} FLOPs with ${U.toPrecision(4)} unique tokens → N = ${f('N')} parameters, D = ${f('D')} tokens (${f('epochs')} epochs), loss ${f('loss')} (data-constrained law, Muennighoff et al.); the Chinchilla allocation of the same budget: N = ${best.chinchilla.N.toPrecision(4)}, D = ${best.chinchilla.D.toPrecision(4)} (${best.chinchilla.epochs.toPrecision(3)} epochs), loss ${best.chinchilla.loss.toPrecision(5)} under this law`;
  return { C: best.C, N: best.N, D: best.D, loss: best.loss, tokensPerParam: best.tokensPerParam, interval, flopConvention: `C = ${k}·N·D`, epochs: best.epochs, uniqueTokens: best.uniqueTokens, chinchilla: best.chinchilla, warnings: [], text };
}
