// Prediction chains: compute → loss (a fitted L(N, D)) → another distribution's loss
// (loss-to-loss) → downstream error, with uncertainty carried through every stage.
//
// Wiring: the first stage reads its inputs from `at`; each later stage reads the previous
// stage's output as its one input that `at` does not give (e.g. 'x' of loss-to-loss or
// downstream). A first stage over N and D also accepts C: with N (or D) given, the other is
// C / (6 N); with neither, the compute-optimal split of that draw's own Chinchilla-type
// parameters (G = (alpha A / (beta B))^(1/(alpha+beta)), N = G (C/6)^(beta/(alpha+beta))).
//
// Intervals: draw b of the chain uses bootstrap draw b of every stage (FitReport.bootstrap.samples,
// in the order of Object.keys(report.params)) and evaluates the whole chain with those
// parameters; the interval is the 2.5/97.5 percentiles over draws. The stages' bootstraps are
// independent resamples of their own data, so index-aligned draws sample the joint (product)
// distribution. A stage without bootstrap draws is treated as exact (and says so).
import { createLaw } from '../laws/registry';
import { predictOne, type LawSpec } from '../laws/types';
import { percentile } from '../numeric/stats';
import type { FitReport } from '../report/fitReport';

export interface StageResult {
  law: string;
  /** Inputs of this stage at the point estimate (the chained one included). */
  inputs: Record<string, number>;
  /** Which input the previous stage fed (absent for the first stage). */
  fedInput?: string;
  prediction: number;
  interval?: [number, number];
  /** Bootstrap draws this stage contributed (0 = treated as exact). */
  draws: number;
}

export interface ChainResult {
  prediction: number;
  interval?: [number, number];
  /** Draws evaluated, and how many gave a finite chain value. */
  draws: number;
  finiteDraws: number;
  stages: StageResult[];
  warnings: string[];
}

interface Stage {
  report: FitReport;
  law: LawSpec;
  names: string[];
  fed?: string;
}

/** Fill N and D from C when the law needs them and `at` has C. */
export function completeInputs(law: LawSpec, params: Record<string, number>, at: Record<string, number>): Record<string, number> {
  const out = { ...at };
  const needsND = law.inputs.includes('N') && law.inputs.includes('D');
  if (!needsND || out.C === undefined || (out.N !== undefined && out.D !== undefined)) return out;
  const C = out.C;
  if (out.N !== undefined) out.D = C / (6 * out.N);
  else if (out.D !== undefined) out.N = C / (6 * out.D);
  else {
    const A = params.A, B = params.B, alpha = params.alpha, beta = params.beta ?? params.alpha;
    if (![A, B, alpha, beta].every((v) => Number.isFinite(v) && v !== undefined)) {
      throw new Error(`law '${law.id}' needs N and D; with only C, the compute-optimal split needs parameters A, B, alpha (and beta)`);
    }
    const G = Math.pow((alpha * A) / (beta * B), 1 / (alpha + beta));
    out.N = G * Math.pow(C / 6, beta / (alpha + beta));
    out.D = C / (6 * out.N);
  }
  return out;
}

function drawsOf(report: FitReport): number[][] {
  return report.bootstrap?.samples ?? [];
}

function paramsFromDraw(names: string[], draw: number[]): Record<string, number> {
  const p: Record<string, number> = Object.create(null); // null prototype: keys are user-typed names
  names.forEach((n, j) => (p[n] = draw[j]));
  return p;
}

function runChain(stages: Stage[], at: Record<string, number>, paramsFor: (s: number) => Record<string, number>, record?: Record<string, number>[]): number[] {
  const outs: number[] = [];
  let prev = NaN;
  stages.forEach((st, s) => {
    const params = paramsFor(s);
    let inputs = { ...at };
    if (st.fed) inputs[st.fed] = prev;
    if (s === 0) inputs = completeInputs(st.law, params, inputs);
    const used: Record<string, number> = Object.create(null); // null prototype: keys are user-typed names
    for (const k of st.law.inputs) used[k] = inputs[k];
    if (record) record.push(used);
    prev = Number.isFinite(prev) || s === 0 ? predictOne(st.law, params, used) : NaN;
    outs.push(prev);
  });
  return outs;
}

export function evaluateChain(reports: FitReport[], at: Record<string, number>): ChainResult {
  if (reports.length === 0) throw new Error('a chain needs at least one fit');
  const warnings: string[] = [];
  const stages: Stage[] = reports.map((report, s) => {
    const law = createLaw(report.law, (report.lawOptions ?? {}) as Record<string, string>);
    const st: Stage = { report, law, names: Object.keys(report.params) };
    if (s > 0) {
      const open = law.inputs.filter((k) => at[k] === undefined);
      if (open.length === 1) st.fed = open[0];
      else if (open.length === 0 && law.inputs.length === 1) st.fed = law.inputs[0];
      else throw new Error(`chain stage ${s + 1} (law '${law.id}', inputs ${law.inputs.join(', ')}): cannot tell which input the previous stage feeds; give the others with --at`);
    }
    return st;
  });
  const first = stages[0].law;
  const missing = first.inputs.filter((k) => at[k] === undefined && !((k === 'N' || k === 'D') && at.C !== undefined));
  if (missing.length) throw new Error(`chain stage 1 (law '${first.id}') needs ${first.inputs.join(', ')}; --at is missing ${missing.join(', ')}`);

  const stageInputs: Record<string, number>[] = [];
  const point = runChain(stages, at, (s) => stages[s].report.params, stageInputs);

  const withDraws = stages.filter((st) => drawsOf(st.report).length > 0);
  stages.forEach((st, s) => {
    if (drawsOf(st.report).length === 0) warnings.push(`stage ${s + 1} (${st.law.id}) has no bootstrap draws: its parameters are treated as exact`);
  });
  const K = withDraws.length ? Math.min(...withDraws.map((st) => drawsOf(st.report).length)) : 0;
  for (const st of withDraws) {
    const k = drawsOf(st.report).length;
    if (k > K) warnings.push(`stage '${st.law.id}' has ${k} bootstrap draws; the chain uses the first ${K} (the fewest of any stage)`);
  }
  const perStage: number[][] = stages.map(() => []);
  let finite = 0;
  for (let b = 0; b < K; b++) {
    let outs: number[];
    try {
      outs = runChain(stages, at, (s) => {
        const d = drawsOf(stages[s].report);
        return d.length ? paramsFromDraw(stages[s].names, d[b]) : stages[s].report.params;
      });
    } catch {
      continue;
    }
    outs.forEach((v, s) => { if (Number.isFinite(v)) perStage[s].push(v); });
    if (Number.isFinite(outs[outs.length - 1])) finite++;
  }
  if (K > 0 && finite < K) warnings.push(`${K - finite} of ${K} chain draws were not finite (a stage left its law's domain, e.g. loss below E_x) and were dropped`);
  const interval = (vals: number[]): [number, number] | undefined => (vals.length >= 2 ? [percentile(vals, 2.5), percentile(vals, 97.5)] : undefined);
  const results: StageResult[] = stages.map((st, s) => ({
    law: st.law.id,
    inputs: stageInputs[s],
    ...(st.fed ? { fedInput: st.fed } : {}),
    prediction: point[s],
    ...(interval(perStage[s]) ? { interval: interval(perStage[s]) } : {}),
    draws: drawsOf(st.report).length ? K : 0,
  }));
  const last = results[results.length - 1];
  return { prediction: last.prediction, ...(last.interval ? { interval: last.interval } : {}), draws: K, finiteDraws: finite, stages: results, warnings };
}
