// Capability density ("Densing Law of LLMs", Xiao et al. 2024, arXiv 2412.04315, read not copied).
// The paper's effective size is the size a reference model family needs to match a model's
// downstream performance, in two steps (Section 2):
//   (1) loss estimation:        L = a N^-alpha + b D^-beta        (Eq. 2, fitted on reference models;
//                                here with an optional irreducible E, the paper's E = 0)
//   (2) performance estimation: S = c / (1 + exp(-gamma (L - l))) + d   (Eq. 3, fitted on (loss, score)
//                                of open models; the project's 'downstream-sigmoid' law)
//   inverse (Eq. 4):  L^(S) = l - ln(c / (S - d) - 1) / gamma,  N^ = ((L^ - b D0^-beta) / a)^(-1/alpha),
//   with D0 = 1T tokens; density rho = N^ / N.
// The Densing Law (Eq. 5) is a line through the *maximum* density over time:
// ln(rho_max) = A t + B (t in days), fitted by least squares on the frontier models; the authors
// find A ≈ 0.0073, a doubling every ln 2 / A ≈ 95 days.
// The earlier variant of this project, the size matching a model's own loss at its own token count
// under the reference L(N, D) (effectiveParams with the model's D), is kept as 'loss-matched'.
import { L2_LOG_SUM } from './procedure';
import type { Inputs, LawSpec } from './types';
import { ols } from '../plan/hparams';
import { bootstrapWeights } from '../numeric/bootstrap';
import { percentileInterval } from '../numeric/stats';

/** Reference L(N, D) in Chinchilla names (reported values); the paper's Eq. 2 is E = 0, A = a, B = b. */
export interface ReferenceLaw {
  E: number;
  A: number;
  B: number;
  alpha: number;
  beta: number;
}

/**
 * Loss-to-score law in the project's 'downstream-sigmoid' names: S = c + a / (1 + exp(s (L - L0))).
 * The paper's Eq. 3 is the same curve with c_paper = a, d = c, gamma = -s, l = L0.
 */
export interface PerformanceLaw {
  a: number;
  c: number;
  s: number;
  L0: number;
}

/** The paper's default training-token count for the effective size: 1T tokens. */
export const DENSING_D0 = 1e12;

/**
 * Parameters the reference needs to reach `loss` after D tokens: ((loss - E - B/D^beta) / A)^(-1/alpha).
 * Infinity when the loss is at or below what the reference reaches with infinitely many parameters.
 */
export function effectiveParams(ref: ReferenceLaw, loss: number, D: number): number {
  const gap = loss - ref.E - ref.B * Math.pow(D, -ref.beta);
  if (!(gap > 0)) return Infinity;
  return Math.pow(ref.A / gap, 1 / ref.alpha);
}

/**
 * The loss at which the performance law reaches score S (Eq. 4, first half). NaN when S is outside
 * the open range between the law's floor c and ceiling c + a (no loss gives that score).
 */
export function lossForScore(perf: PerformanceLaw, S: number): number {
  const u = (S - perf.c) / perf.a; // in (0, 1) for a reachable score
  if (!(u > 0 && u < 1) || perf.s === 0) return NaN;
  return perf.L0 + Math.log(1 / u - 1) / perf.s;
}

/** Effective parameter size from a downstream score, the paper's two-step estimate (Eq. 4). */
export function effectiveParamsFromScore(ref: ReferenceLaw, perf: PerformanceLaw, S: number, D0 = DENSING_D0): number {
  const L = lossForScore(perf, S);
  return Number.isNaN(L) ? NaN : effectiveParams(ref, L, D0);
}

export interface DensityRow {
  N: number;
  D: number;
  loss: number;
  nEff: number;
  density: number;
}

/** Loss-matched effective size and density for each model/checkpoint (the model's own D). */
export function densityTable(ref: ReferenceLaw, N: ArrayLike<number>, D: ArrayLike<number>, loss: ArrayLike<number>): DensityRow[] {
  const out: DensityRow[] = [];
  for (let i = 0; i < N.length; i++) {
    const nEff = effectiveParams(ref, loss[i], D[i]);
    out.push({ N: N[i], D: D[i], loss: loss[i], nEff, density: nEff / N[i] });
  }
  return out;
}

/**
 * Indices of the models that set the maximum density at their time: a model is on the frontier
 * when its density exceeds that of every model released before it (at one time, the best one).
 * Rows with weight 0 (a bootstrap's unused rows) are skipped. Returned in time order.
 */
export function densityFrontier(t: ArrayLike<number>, density: ArrayLike<number>, weights?: ArrayLike<number>): number[] {
  const idx: number[] = [];
  for (let i = 0; i < t.length; i++) if ((!weights || weights[i] > 0) && Number.isFinite(t[i]) && density[i] > 0 && Number.isFinite(density[i])) idx.push(i);
  idx.sort((i, j) => t[i] - t[j] || density[j] - density[i]);
  const out: number[] = [];
  let best = -Infinity;
  for (let q = 0; q < idx.length; q++) {
    const i = idx[q];
    if (q > 0 && t[i] === t[idx[q - 1]]) continue; // not the best at its own time
    if (density[i] > best) {
      out.push(i);
      best = density[i];
    }
  }
  return out;
}

export type TrendKind = 'frontier' | 'all';

export interface DensingTrend {
  kind: TrendKind;
  /** ln rho = A t + B: A is the growth rate per unit of t (the paper's A), rho0 = exp(B). */
  r: number;
  rho0: number;
  doublingTime: number;
  r2: number;
  /** Models in the fit (the frontier, or all with a finite positive density). */
  points: number;
  /** Their row indices. */
  used: number[];
  bootstrap?: { k: number; seed: number; rInterval: [number, number]; doublingTimeInterval: [number, number] };
}

function lineFit(t: ArrayLike<number>, lnRho: ArrayLike<number>, rows: number[], weights?: ArrayLike<number>): { r: number; b: number; r2: number } {
  const n = rows.length;
  const X = new Float64Array(2 * n), y = new Float64Array(n), w = weights ? new Float64Array(n) : undefined;
  rows.forEach((i, q) => {
    X[2 * q] = 1;
    X[2 * q + 1] = t[i];
    y[q] = lnRho[i];
    if (w) w[q] = weights![i];
  });
  const c = ols(X, y, 2, w);
  let sw = 0, my = 0;
  for (let q = 0; q < n; q++) {
    sw += w ? w[q] : 1;
    my += (w ? w[q] : 1) * y[q];
  }
  my /= sw;
  let ssr = 0, sst = 0;
  for (let q = 0; q < n; q++) {
    const wq = w ? w[q] : 1;
    ssr += wq * (y[q] - c[0] - c[1] * X[2 * q + 1]) ** 2;
    sst += wq * (y[q] - my) ** 2;
  }
  return { r: c[1], b: c[0], r2: sst > 0 ? 1 - ssr / sst : 1 };
}

function trendRows(kind: TrendKind, t: ArrayLike<number>, density: ArrayLike<number>, weights?: ArrayLike<number>): number[] {
  if (kind === 'frontier') return densityFrontier(t, density, weights);
  const rows: number[] = [];
  for (let i = 0; i < t.length; i++) if ((!weights || weights[i] > 0) && Number.isFinite(t[i]) && density[i] > 0 && Number.isFinite(density[i])) rows.push(i);
  return rows;
}

/**
 * The Densing Law trend ln(rho) = A t + B by least squares (the authors' Eq. 5): on the frontier
 * (maximum density over time, the paper's) or on all models ('all', this project's earlier variant).
 * With `bootstrap` K, models are resampled and the frontier is found again in every replicate.
 */
export function densingTrend(t: ArrayLike<number>, density: ArrayLike<number>, opts: { kind?: TrendKind; bootstrap?: number; seed?: number } = {}): DensingTrend {
  const kind = opts.kind ?? 'frontier';
  const lnRho = Float64Array.from(density as ArrayLike<number>, (d) => Math.log(d));
  const used = trendRows(kind, t, density);
  if (new Set(used.map((i) => t[i])).size < 2) {
    throw new RangeError(kind === 'frontier'
      ? `the density frontier has ${used.length} model(s) at distinct times: the trend needs two or more models that each raise the maximum density`
      : 'the trend needs finite densities at two or more distinct times');
  }
  const f = lineFit(t, lnRho, used);
  const out: DensingTrend = { kind, r: f.r, rho0: Math.exp(f.b), doublingTime: Math.LN2 / f.r, r2: f.r2, points: used.length, used };
  const k = opts.bootstrap ?? 0;
  if (k > 0) {
    const seed = opts.seed ?? 0;
    const rs: number[] = [];
    for (let b = 0; b < k; b++) {
      const w = bootstrapWeights(t.length, seed, b);
      const rows = trendRows(kind, t, density, w);
      if (new Set(rows.map((i) => t[i])).size < 2) continue;
      rs.push(lineFit(t, lnRho, rows, w).r);
    }
    const iv = percentileInterval(rs);
    if (iv) {
      // Doubling time ln 2 / r from the r interval; an interval reaching r <= 0 has no upper end.
      const dt = (r: number) => (r > 0 ? Math.LN2 / r : Infinity);
      out.bootstrap = { k: rs.length, seed, rInterval: iv, doublingTimeInterval: [dt(iv[1]), dt(iv[0])] };
    }
  }
  return out;
}

/** The trend line as a LawSpec: density = rho0 exp(r t) over a time-like input (fitted by OLS on ln rho). */
export function densingLaw(t = 'step'): LawSpec {
  return {
    id: 'densing',
    title: 'Densing law: capacity density grows exponentially',
    formula: `rho0 * exp(r * ${t})`,
    inputs: [t],
    params: [
      { name: 'rho0', transform: 'log', fitName: 'lnrho0', lower: -50, upper: 50, grid: [-2, 0, 2] },
      { name: 'r', transform: 'identity', lower: -10, upper: 10, grid: [0, 1e-4, 1e-2] },
    ],
    procedure: {
      source: 'Xiao et al. 2024 (arXiv 2412.04315), Eq. 5: least squares of ln(rho_max) on time',
      objective: L2_LOG_SUM,
      starts: 'ln rho0 in {-2, 0, 2}; r in {0, 1e-4, 1e-2} (a line: any start reaches the OLS solution)',
      notes: ['fit it to the frontier (maximum density over time), as the authors do: `scaling-laws density` selects the frontier; `fit --law densing` fits whatever rows it is given'],
    },
    predict(p: Float64Array, x: Inputs, out: Float64Array) {
      const T = x[t];
      for (let i = 0; i < out.length; i++) out[i] = Math.exp(p[0] + p[1] * T[i]);
    },
    gradient(p: Float64Array, x: Inputs, out: Float64Array) {
      const T = x[t];
      for (let i = 0, o = 0; i < T.length; i++, o += 2) {
        const v = Math.exp(p[0] + p[1] * T[i]);
        out[o] = v;
        out[o + 1] = v * T[i];
      }
    },
  };
}
