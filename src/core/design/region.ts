// Where new runs may go: the part of (N, D[, U]) the law can describe and the budget allows. The
// law is fitted on a range of tokens per parameter; outside it (e.g. far fewer tokens than
// parameters, or heavy overtraining) the data never tested the parametric form, and a run there
// would move the fit for reasons the law cannot express. So new runs keep the data's
// tokens/param range (never below 1) and may grow in N and D along it. Data-constrained laws keep
// the unique data of the largest data set and at most the epochs the data already reached.
import { InputError } from '../errors';
import type { Inputs } from '../laws/types';

/** Factor by which tokens/param may leave the data's range on either side (1: not at all). */
export const TPP_SLACK = 1;
/** Never fewer tokens than parameters. */
export const MIN_TPP = 1;

export interface DesignRegion {
  /** Smallest N a new run may have (the data's smallest: smaller runs add little and cost little). */
  minN: number;
  maxN: number;
  maxD: number;
  tokensPerParam: [number, number];
  /** Data-constrained laws: unique tokens of the new runs and the most epochs allowed. */
  U?: number;
  maxEpochs?: number;
  /** The data's own ranges (for "extends D by 0.6 decades"). */
  data: { N: [number, number]; D: [number, number]; C: [number, number]; tokensPerParam: [number, number] };
  flopsPerParamToken: number;
  description: string;
}

const range = (v: ArrayLike<number>): [number, number] => {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i]) && v[i] > 0) (lo = Math.min(lo, v[i])), (hi = Math.max(hi, v[i]));
  return [lo, hi];
};

export function designRegion(inputs: string[], data: Record<string, ArrayLike<number>>, o: { maxN?: number; maxD?: number; minTpp?: number; maxTpp?: number; flopsPerParamToken: number }): DesignRegion {
  const extra = inputs.filter((i) => i !== 'N' && i !== 'D' && i !== 'U');
  if (!inputs.includes('N') || !inputs.includes('D') || extra.length) throw new InputError(`design proposes runs by model size N and tokens D; law inputs are ${inputs.join(', ')}`);
  const N = data.N, D = data.D;
  if (!N?.length || !D?.length) throw new InputError('design needs N and D for every fitted run');
  const tpp = Array.from(N, (n, i) => D[i] / n);
  const [tLo, tHi] = range(tpp);
  const k = o.flopsPerParamToken;
  const region: DesignRegion = {
    minN: range(N)[0],
    maxN: o.maxN ?? Infinity,
    maxD: o.maxD ?? Infinity,
    tokensPerParam: [Math.max(MIN_TPP, tLo / TPP_SLACK, o.minTpp ?? 0), Math.min(Math.max(MIN_TPP, tHi * TPP_SLACK), o.maxTpp ?? Infinity)],
    data: { N: range(N), D: range(D), C: range(Array.from(N, (n, i) => k * n * D[i])), tokensPerParam: [tLo, tHi] },
    flopsPerParamToken: k,
    description: '',
  };
  if (inputs.includes('U')) {
    const U = data.U;
    region.U = range(U)[1];
    region.maxEpochs = range(Array.from(D, (d, i) => d / U[i]))[1];
  }
  if (!(region.maxN >= region.minN)) throw new InputError(`--max-n ${o.maxN} is below the smallest model in the data (${region.minN.toExponential(2)})`);
  const t = region.tokensPerParam;
  if (!(t[0] <= t[1])) throw new InputError(`no tokens/param range left: the data span ${tLo.toFixed(1)}–${tHi.toFixed(0)}, the flags ask for ${o.minTpp ?? '…'}–${o.maxTpp ?? '…'}`);
  region.description = `N from ${region.minN.toExponential(2)}${Number.isFinite(region.maxN) ? ` to ${region.maxN.toExponential(2)}` : ''}, ${t[0].toFixed(1)}–${t[1].toFixed(0)} tokens/param (${o.minTpp !== undefined || o.maxTpp !== undefined ? 'the data\'s range, narrowed by the flags' : 'the data\'s range'})${Number.isFinite(region.maxD) ? `, D ≤ ${region.maxD.toExponential(2)}` : ''}${region.U ? `, U = ${region.U.toExponential(2)} unique tokens, ≤ ${region.maxEpochs!.toFixed(1)} epochs (as in the data)` : ''}`;
  return region;
}

export interface Candidate {
  N: number;
  D: number;
  flops: number;
}

/** Does the region allow this run? */
export function allowed(r: DesignRegion, c: Candidate, cap: number): boolean {
  const t = c.D / c.N;
  return c.N >= r.minN * (1 - 1e-9) && c.N <= r.maxN && c.D <= r.maxD && t >= r.tokensPerParam[0] * (1 - 1e-9) && t <= r.tokensPerParam[1] * (1 + 1e-9) && c.flops <= cap * (1 + 1e-9) && (r.U === undefined || c.D / r.U <= r.maxEpochs! * (1 + 1e-9));
}

/**
 * Candidate runs of at most `cap` FLOPs: a log grid over N × tokens/param, plus for each
 * tokens/param the run that spends the whole cap (the informative ones usually sit there).
 */
export function candidates(r: DesignRegion, cap: number, steps = 36): Candidate[] {
  const k = r.flopsPerParamToken;
  const [t0, t1] = r.tokensPerParam;
  const out: Candidate[] = [];
  const nTop = Math.min(r.maxN, Math.sqrt(cap / (k * t0)));
  if (!(nTop >= r.minN)) return out;
  for (let a = 0; a <= steps; a++) {
    const t = t0 * (t1 / t0) ** (a / steps);
    const full = Math.sqrt(cap / (k * t));
    const ns = [full];
    for (let b = 0; b <= steps; b++) ns.push(r.minN * (nTop / r.minN) ** (b / steps));
    for (const N of ns) {
      let D = t * N;
      if (D > r.maxD) D = r.maxD;
      if (r.U !== undefined) D = Math.min(D, r.U * r.maxEpochs!);
      const c = { N, D, flops: k * N * D };
      if (allowed(r, c, cap)) out.push(c);
    }
  }
  return out;
}

export function inputsOf(r: DesignRegion, runs: Candidate[], inputs: string[]): Inputs {
  const x: Inputs = { N: Float64Array.from(runs, (c) => c.N), D: Float64Array.from(runs, (c) => c.D) };
  if (inputs.includes('U')) x.U = new Float64Array(runs.length).fill(r.U!);
  return x;
}
