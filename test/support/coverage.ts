// Coverage of the two interval kinds by simulation: synthetic data sets from a known Chinchilla law
// on a realistic IsoFLOP sweep with realistic noise, each fitted with a bootstrap; does the
// confidence interval contain the true law, and does the prediction interval contain a fresh
// noisy observation? Shared by the reduced unit test and scripts/coverage-simulation.ts.
import { runFit } from '../../src/core/fit/fit';
import { DEFAULT_TOLERANCES, type StartsSpec } from '../../src/core/fit/problem';
import { CHINCHILLA_OBJECTIVE } from '../../src/core/optimize/objective';
import { Rng } from '../../src/core/optimize/rng';
import { chinchillaLoss, optimalForCompute, type ChinchillaParams } from '../../src/core/plan/computeOptimal';
import { predictWithIntervals } from '../../src/core/report/intervals';

/** Besiroglu et al.'s replication of Chinchilla (the known law). */
export const TRUTH: ChinchillaParams = { E: 1.8172, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658 };
/** Nine budgets from 6e18 to 3e21 FLOP, nine sizes each from 1/6x to 6x the optimal N (an IsoFLOP sweep). */
export const BUDGETS = [6e18, 1e19, 3e19, 6e19, 1e20, 3e20, 6e20, 1e21, 3e21];

export type Noise = 'gaussian' | 't3';

export interface EvalPoint {
  name: string;
  N: number;
  D: number;
}

/** Inside the sweep, at its largest budget's optimum, and Chinchilla-70B (200x the largest budget). */
export const EVAL_POINTS: EvalPoint[] = [
  { name: 'inside the data (N 1B, D 20B)', N: 1e9, D: 2e10 },
  { name: 'largest budget, optimal N', ...(() => { const o = optimalForCompute(TRUTH, 3e21); return { N: o.N, D: o.D }; })() },
  { name: 'extrapolation: N 70B, D 1.4T', N: 7e10, D: 1.4e12 },
];

/** Multiplicative noise in log space with s.d. `sigma`: Gaussian, or Student t with 3 d.o.f. rescaled to s.d. sigma. */
export function draw(rng: Rng, noise: Noise, sigma: number): number {
  const z = rng.normal();
  if (noise === 'gaussian') return sigma * z;
  let chi = 0;
  for (let i = 0; i < 3; i++) chi += rng.normal() ** 2;
  return (sigma * z) / Math.sqrt(chi / 3) / Math.sqrt(3);
}

export function sweep(rng: Rng, noise: Noise, sigma: number): { x: { N: Float64Array; D: Float64Array }; y: Float64Array } {
  const N: number[] = [], D: number[] = [], y: number[] = [];
  for (const C of BUDGETS) {
    const opt = optimalForCompute(TRUTH, C).N;
    for (let u = -0.8; u <= 0.8001; u += 0.2) {
      const n = opt * 10 ** u, d = C / (6 * n);
      N.push(n);
      D.push(d);
      y.push(chinchillaLoss(TRUTH, n, d) * Math.exp(draw(rng, noise, sigma)));
    }
  }
  return { x: { N: Float64Array.from(N), D: Float64Array.from(D) }, y: Float64Array.from(y) };
}

export interface CoverageOptions {
  sets: number;
  bootstrap: number;
  noise: Noise;
  sigma: number;
  seed: number;
  starts?: StartsSpec;
  level?: number;
  onSet?: (done: number) => void;
}

export interface CoverageRow {
  point: string;
  /** Share of data sets whose confidence interval contains the true law. */
  confidence: number;
  /** Share whose prediction interval contains a fresh observation. */
  prediction: number;
  /** Share whose confidence interval contains the fresh observation (what a CI shown as a PI would give). */
  confidenceForNewRun: number;
  /** Median relative widths (hi - lo) / law. */
  confidenceWidth: number;
  predictionWidth: number;
}

export async function coverage(o: CoverageOptions): Promise<CoverageRow[]> {
  const level = o.level ?? 0.95;
  const hits = EVAL_POINTS.map(() => ({ ci: 0, pi: 0, ciNew: 0, ciW: [] as number[], piW: [] as number[] }));
  for (let s = 0; s < o.sets; s++) {
    const rng = new Rng(o.seed, 1000 + s);
    const data = sweep(rng, o.noise, o.sigma);
    const report = await runFit(
      { lawId: 'chinchilla', lawOptions: {}, x: data.x, y: data.y, objective: CHINCHILLA_OBJECTIVE, fixed: {}, starts: o.starts ?? { kind: 'default' }, seed: s, tolerances: { ...DEFAULT_TOLERANCES } },
      { bootstrap: o.bootstrap, diagnostics: false, provenance: { tool: 'coverage', version: '0', mapping: {}, derived: {} } },
    );
    EVAL_POINTS.forEach((p, j) => {
      const law = chinchillaLoss(TRUTH, p.N, p.D);
      const fresh = law * Math.exp(draw(rng, o.noise, o.sigma));
      const r = predictWithIntervals(report, { N: p.N, D: p.D }, level);
      const [clo, chi] = r.confidence!, [plo, phi] = r.prediction!;
      if (clo <= law && law <= chi) hits[j].ci++;
      if (plo <= fresh && fresh <= phi) hits[j].pi++;
      if (clo <= fresh && fresh <= chi) hits[j].ciNew++;
      hits[j].ciW.push((chi - clo) / law);
      hits[j].piW.push((phi - plo) / law);
    });
    o.onSet?.(s + 1);
  }
  const med = (v: number[]) => v.sort((a, b) => a - b)[v.length >> 1];
  return EVAL_POINTS.map((p, j) => ({
    point: p.name,
    confidence: hits[j].ci / o.sets,
    prediction: hits[j].pi / o.sets,
    confidenceForNewRun: hits[j].ciNew / o.sets,
    confidenceWidth: med(hits[j].ciW),
    predictionWidth: med(hits[j].piW),
  }));
}
