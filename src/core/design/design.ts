// Design the next k runs from a fit with a bootstrap: greedy on the ensemble's linearised
// variance of the target (greedy.ts), inside the region the law describes (region.ts), each run at
// most an equal share of the budget still unspent, compared with a naive grid of the same compute.
// Method and its checks: docs/DESIGN-RUNS.md.
import { InputError } from '../errors';
import { proposeRun } from '../plan/proposeConfig';
import { extrapolationWarnings, interval95 } from '../report/intervals';
import type { FitReport } from '../report/fitReport';
import { effectiveNoiseVariance, ensembleOf, gradientOf, quadForm, sensitivities } from './ensemble';
import { applyUpdate, bestCandidate, varianceAfter } from './greedy';
import { naiveGrid } from './naiveGrid';
import { whyRun, type RunWhy } from './reasons';
import { candidates, designRegion, inputsOf, type Candidate } from './region';
import { targetFunction, type DesignTarget } from './target';

export type { DesignTarget } from './target';

export interface DesignOptions {
  target: DesignTarget;
  /** Total FLOPs of the new runs. */
  budget: number;
  k: number;
  maxN?: number;
  maxD?: number;
  /** Narrow the tokens/param range new runs may use (always within the data's). */
  minTokensPerParam?: number;
  maxTokensPerParam?: number;
  flopsPerParamToken?: number;
  /** Attach a model config (llama shape, Step Law batch and LR) to each run (default true). */
  configs?: boolean;
}

export interface DesignedRun extends Candidate {
  /** Unique tokens (data-constrained laws). */
  U?: number;
  tokensPerParam: number;
  why: RunWhy;
  config?: { family: string; dModel: number; layers: number; heads: number; kvHeads: number; params: number; steps: number; batchTokens: number; lr: number; snippet: string };
}

/** An interval's relative width (hi − lo)/value, as TRUST.md tabulates. */
export interface Width {
  relative: number;
  /** Linearised s.d. of ln(target). */
  sdLog: number;
}

export interface DesignResult {
  target: { label: string; value: number; interval?: [number, number]; at: Record<string, number> };
  budget: { flops: number; k: number; designedFlops: number; naiveFlops: number };
  runs: DesignedRun[];
  naive: Candidate[];
  /** Expected 95 % interval widths of the target: now, after the designed runs, after the naive grid. */
  width: { before: Width; designed: Width; naive: Width; designedVsNaive: number };
  region: string;
  /** Noise variance of one new run implied by the ensemble (in the fit's residual space). */
  noise: { variance: number; residualScale?: number };
  ensemble: { draws: number; free: string[] };
  method: string;
  warnings: string[];
}

export const DESIGN_METHOD = 'greedy sequential design on the bootstrap ensemble, linearised (Sherman–Morrison update of the draws\' covariance; docs/DESIGN-RUNS.md)';

/** Largest k a request may ask for (each step scans ~1400 candidates). */
export const MAX_K = 50;

/** The options' own checks (the task runs them before the fit, so bad input costs no fit). */
export function checkDesignOptions(o: Pick<DesignOptions, 'budget' | 'k' | 'maxN' | 'maxD' | 'minTokensPerParam' | 'maxTokensPerParam'>): void {
  if (!(o.budget > 0 && Number.isFinite(o.budget))) throw new InputError('--budget-flops must be a positive number of FLOPs');
  if (!(Number.isInteger(o.k) && o.k >= 1 && o.k <= MAX_K)) throw new InputError(`--k must be a whole number from 1 to ${MAX_K}`);
  for (const [flag, v] of [['max-n', o.maxN], ['max-d', o.maxD], ['min-tokens-per-param', o.minTokensPerParam], ['max-tokens-per-param', o.maxTokensPerParam]] as const) if (v !== undefined && !(v > 0)) throw new InputError(`--${flag} must be positive`);
  if (o.minTokensPerParam !== undefined && o.maxTokensPerParam !== undefined && o.minTokensPerParam > o.maxTokensPerParam) throw new InputError('--min-tokens-per-param is above --max-tokens-per-param');
}

export function designRuns(report: FitReport, o: DesignOptions): DesignResult {
  checkDesignOptions(o);
  const kFlops = o.flopsPerParamToken ?? report.provenance?.flopsPerParamToken ?? 6;
  const ens = ensembleOf(report);
  const inputs = ens.law.inputs;
  const region = designRegion(inputs, report.data.inputs, { maxN: o.maxN, maxD: o.maxD, minTpp: o.minTokensPerParam, maxTpp: o.maxTokensPerParam, flopsPerParamToken: kFlops });
  const warnings: string[] = [];
  let target = o.target;
  // A data-constrained target without U is taken at the data's unique tokens, as the new runs are.
  if (target.kind === 'loss' && region.U !== undefined && target.at.U === undefined) {
    target = { kind: 'loss', at: { ...target.at, U: region.U } };
    warnings.push(`target taken at U = ${region.U.toExponential(2)} unique tokens (the data's largest)`);
  }
  const tf = targetFunction(ens.law, target);

  // Noise of one new run, read off the ensemble at the fitted points.
  const n0 = report.data.loss.length;
  const dataX = Object.fromEntries(inputs.map((i) => [i, Float64Array.from(report.data.inputs[i])]));
  const noiseVar = effectiveNoiseVariance(ens, sensitivities(ens, dataX, n0), n0);
  const g = gradientOf(ens, tf.log);
  const varBefore = quadForm(ens.cov, g);
  if (!(varBefore > 0)) throw new InputError('the target does not depend on any parameter the data estimate; nothing to design for');

  let cov = ens.cov;
  let remaining = o.budget;
  const runs: DesignedRun[] = [];
  for (let i = 0; i < o.k; i++) {
    const cap = remaining / (o.k - i);
    const cands = candidates(region, cap);
    if (!cands.length) {
      warnings.push(`no run of at most ${cap.toExponential(2)} FLOPs fits the region (${region.description}); ${runs.length} of ${o.k} runs proposed. Raise --budget-flops or --max-n`);
      break;
    }
    const S = sensitivities(ens, inputsOf(region, cands, inputs), cands.length);
    const { index, update } = bestCandidate(cov, S, cands.length, g, noiseVar);
    if (index < 0 || !update) break;
    const c = cands[index];
    const why = whyRun(c, update, cov, ens.names, quadForm(cov, g), region);
    // The best point can be the same again: a replicate halves that point's noise.
    const same = runs.findIndex((r) => Math.abs(Math.log(r.N / c.N)) < 1e-6 && Math.abs(Math.log(r.D / c.D)) < 1e-6);
    if (same >= 0) why.text += ` (repeats run ${same + 1}: a second seed at the most informative point)`;
    runs.push({ ...c, ...(region.U !== undefined ? { U: region.U } : {}), tokensPerParam: c.D / c.N, why });
    cov = applyUpdate(cov, update);
    remaining -= c.flops;
  }
  const varDesigned = quadForm(cov, g);

  const naive = naiveGrid(region, o.budget, o.k);
  const varNaive = varianceAfter(ens.cov, sensitivities(ens, inputsOf(region, naive, inputs), naive.length), naive.length, g, noiseVar);

  const value = tf.value(report.params);
  const interval = interval95(report, tf.value);
  // The percentile width now, scaled by the linearised s.d. ratio for the futures.
  const sd0 = Math.sqrt(varBefore);
  const rel0 = interval ? (interval[1] - interval[0]) / value : 2 * 1.96 * sd0;
  const width = (v: number): Width => ({ relative: rel0 * Math.sqrt(Math.max(0, v) / varBefore), sdLog: Math.sqrt(Math.max(0, v)) });
  if (interval) {
    const linear = 2 * 1.96 * sd0, pct = Math.log(interval[1] / interval[0]);
    if (linear > 2 * pct || pct > 2 * linear) warnings.push(`the linearised spread of the target (±${(1.96 * sd0).toFixed(3)} in ln) differs from the bootstrap's (${pct.toFixed(3)} wide) by more than 2×: the ensemble is far from Gaussian, treat the expected widths as rough`);
  }

  const at = tf.at(ens.theta);
  for (const w of extrapolationWarnings(report, at)) warnings.push(`target far outside the data: ${w}`);
  if (target.kind === 'compute') {
    const dec = Math.log10(target.C / region.data.C[1]);
    if (dec > 1) warnings.push(`target budget ${target.C.toExponential(2)} FLOPs is ${dec.toFixed(1)} decades beyond the largest run in the data (${region.data.C[1].toExponential(2)}): the interval assumes the law holds that far`);
  }
  const flagged = report.diagnostics?.flagged?.length ?? 0;
  if (flagged) warnings.push(`${flagged} point${flagged > 1 ? 's are' : ' is'} flagged as outlier${flagged > 1 ? 's' : ''} in the fit (see \`scaling-laws fit\` diagnostics); the design starts from the fit with them. Exclude them (--exclude-rows) to design from the fit without`);
  for (const w of report.diagnostics?.identifiability?.warnings ?? []) warnings.push(`identifiability: ${w}`);

  if (o.configs !== false) {
    for (const r of runs) {
      try {
        const p = proposeRun(r.N, r.D);
        r.config = { family: p.family, dModel: p.arch.dModel, layers: p.arch.layers, heads: p.arch.heads, kvHeads: p.arch.kvHeads, params: p.params.total, steps: p.steps, batchTokens: p.batchTokens, lr: p.lr, snippet: p.snippet };
      } catch {
        /* no shape for this size: the run stands without a config */
      }
    }
  }
  const sum = (v: Candidate[]) => v.reduce((s, c) => s + c.flops, 0);
  return {
    target: { label: tf.label, value, ...(interval ? { interval } : {}), at },
    budget: { flops: o.budget, k: o.k, designedFlops: sum(runs), naiveFlops: sum(naive) },
    runs,
    naive,
    width: { before: width(varBefore), designed: width(varDesigned), naive: width(varNaive), designedVsNaive: Math.sqrt(varDesigned / varNaive) },
    region: region.description,
    noise: { variance: noiseVar, ...(report.diagnostics?.robustScale !== undefined ? { residualScale: report.diagnostics.robustScale } : {}) },
    ensemble: { draws: ens.draws, free: ens.names },
    method: DESIGN_METHOD,
    warnings,
  };
}
