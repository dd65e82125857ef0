// Does the design pay off? From a known Chinchilla law, a realistic starting sweep with 1 % noise:
// fit (bootstrap), design k runs for a budget, "train" them (the true law plus fresh noise), refit;
// and, from the same start, spend the same compute on the naive grid instead, refit. Compare the
// 95 % interval of the target across seeds: width, and whether it covers the truth. Shared by the
// reduced unit test and scripts/design-simulation.ts (docs/DESIGN-RUNS.md).
import { designRuns, type DesignTarget } from '../../src/core/design/design';
import type { Candidate } from '../../src/core/design/region';
import { runFit } from '../../src/core/fit/fit';
import { DEFAULT_TOLERANCES, type StartsSpec } from '../../src/core/fit/problem';
import { CHINCHILLA_OBJECTIVE } from '../../src/core/optimize/objective';
import { Rng } from '../../src/core/optimize/rng';
import { chinchillaLoss, optimalForCompute } from '../../src/core/plan/computeOptimal';
import { interval95 } from '../../src/core/report/intervals';
import type { FitReport } from '../../src/core/report/fitReport';
import { draw, TRUTH, type Noise } from './coverage';

/** The starting sweep: five IsoFLOP budgets 1e18–1e20 FLOP, seven sizes each from 1/4× to 4× the optimal N. */
export const START_BUDGETS = [1e18, 3e18, 1e19, 3e19, 1e20];

export interface DesignSimOptions {
  seeds: number;
  bootstrap: number;
  sigma: number;
  /** Gaussian (default) or Student t with 3 d.o.f., both of s.d. sigma in log loss. */
  noise?: Noise;
  k: number;
  /** Total FLOPs of the new runs. */
  budget: number;
  target: DesignTarget;
  starts?: StartsSpec;
  firstSeed?: number;
  onSeed?: (done: number) => void;
}

export interface Arm {
  /** Relative 95 % widths (hi − lo)/estimate, one per seed. */
  widths: number[];
  covered: number;
}

export interface DesignSimResult {
  before: Arm;
  designed: Arm;
  naive: Arm;
  /** The design's own forecast of the designed/naive width ratio, per seed. */
  forecastRatio: number[];
  truth: number;
}

function observe(rng: Rng, o: DesignSimOptions, runs: Candidate[]): { N: number[]; D: number[]; y: number[] } {
  return { N: runs.map((r) => r.N), D: runs.map((r) => r.D), y: runs.map((r) => chinchillaLoss(TRUTH, r.N, r.D) * Math.exp(draw(rng, o.noise ?? 'gaussian', o.sigma))) };
}

function startSweep(): Candidate[] {
  const out: Candidate[] = [];
  for (const C of START_BUDGETS) {
    const opt = optimalForCompute(TRUTH, C).N;
    for (let u = -0.6; u <= 0.6001; u += 0.2) {
      const N = opt * 10 ** u;
      out.push({ N, D: C / (6 * N), flops: C });
    }
  }
  return out;
}

function targetValue(t: DesignTarget, p: Record<string, number>): number {
  const q = { E: p.E, A: p.A, B: p.B, alpha: p.alpha, beta: p.beta };
  return t.kind === 'compute' ? optimalForCompute(q, t.C, t.flopsPerParamToken).N : chinchillaLoss(q, t.at.N, t.at.D);
}

async function fit(data: { N: number[]; D: number[]; y: number[] }, o: DesignSimOptions, seed: number): Promise<FitReport> {
  return runFit(
    { lawId: 'chinchilla', lawOptions: {}, x: { N: Float64Array.from(data.N), D: Float64Array.from(data.D) }, y: Float64Array.from(data.y), objective: CHINCHILLA_OBJECTIVE, fixed: {}, starts: o.starts ?? { kind: 'default' }, seed, tolerances: { ...DEFAULT_TOLERANCES } },
    { bootstrap: o.bootstrap, diagnostics: false, provenance: { tool: 'design-simulation', version: '0', mapping: {}, derived: {} } },
  );
}

export async function designSimulation(o: DesignSimOptions): Promise<DesignSimResult> {
  const truth = targetValue(o.target, TRUTH as unknown as Record<string, number>);
  const arm = (): Arm => ({ widths: [], covered: 0 });
  const res: DesignSimResult = { before: arm(), designed: arm(), naive: arm(), forecastRatio: [], truth };
  const score = (a: Arm, r: FitReport) => {
    const iv = interval95(r, (p) => targetValue(o.target, p))!;
    a.widths.push((iv[1] - iv[0]) / targetValue(o.target, r.params));
    if (iv[0] <= truth && truth <= iv[1]) a.covered++;
  };
  const join = (a: { N: number[]; D: number[]; y: number[] }, b: { N: number[]; D: number[]; y: number[] }) => ({ N: [...a.N, ...b.N], D: [...a.D, ...b.D], y: [...a.y, ...b.y] });
  for (let s = 0; s < o.seeds; s++) {
    const seed = (o.firstSeed ?? 0) + s;
    const rng = new Rng(seed, 2000);
    const start = observe(rng, o, startSweep());
    const r0 = await fit(start, o, seed);
    score(res.before, r0);
    const d = designRuns(r0, { target: o.target, budget: o.budget, k: o.k, configs: false });
    res.forecastRatio.push(d.width.designedVsNaive);
    // Both arms see independent noise from their own streams, so neither is luckier by construction.
    score(res.designed, await fit(join(start, observe(new Rng(seed, 3000), o, d.runs)), o, seed));
    score(res.naive, await fit(join(start, observe(new Rng(seed, 4000), o, d.naive)), o, seed));
    o.onSeed?.(s + 1);
  }
  return res;
}
