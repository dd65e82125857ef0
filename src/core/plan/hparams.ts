// Hyperparameter laws (LAWS.md): Step Law optimal learning rate and batch size, Kaplan's critical
// batch size, Power Lines' AdamW timescale; and fitting the Step Law form to a user's sweep.

import { Rng } from '../optimize/rng';
import { percentile } from '../numeric/stats';
import { maxOf, minOf } from '../numeric/stats';

// ---------------------------------------------------------------- Step Law (Li et al. 2025, arXiv 2503.04715)

export interface StepLawConstants {
  /** lr = lrCoef · N^lrExpN · D^lrExpD */
  lrCoef: number;
  lrExpN: number;
  lrExpD: number;
  /** batch (tokens) = bsCoef · N^bsExpN · D^bsExpD */
  bsCoef: number;
  bsExpN: number;
  bsExpD: number;
}

/** Published constants (mean of the authors' 1000 bootstrap OLS fits, rounded as in the paper). */
export const STEP_LAW: StepLawConstants = { lrCoef: 1.79, lrExpN: -0.713, lrExpD: 0.307, bsCoef: 0.58, bsExpN: 0, bsExpD: 0.571 };

/** Step Law's N: non-embedding parameters counted as (4h + 3·ffn)·layers·h, i.e. the 'Kaplan' convention (block matrices only). */
export const STEP_LAW_N_CONVENTION = 'Kaplan';

export interface HparamSuggestion {
  lr: number;
  batchTokens: number;
  law: string;
  /** Which parameter count the law expects. */
  nConvention: string;
}

export function stepLaw(N: number, D: number, c: StepLawConstants = STEP_LAW): HparamSuggestion {
  if (!(N > 0) || !(D > 0)) throw new RangeError(`Step Law needs N > 0 and D > 0 (got N = ${N}, D = ${D})`);
  return {
    lr: c.lrCoef * N ** c.lrExpN * D ** c.lrExpD,
    batchTokens: c.bsCoef * N ** c.bsExpN * D ** c.bsExpD,
    law: 'steplaw',
    nConvention: STEP_LAW_N_CONVENTION,
  };
}

// ---------------------------------------------------------------- Kaplan et al. 2020 critical batch

export interface CriticalBatchConstants {
  /** B* in tokens */
  Bstar: number;
  alphaB: number;
}

/** Kaplan et al. (2020) fit on WebText2, loss in nats: B* ≈ 2e8 tokens, alpha_B ≈ 0.21. */
export const KAPLAN_CRITICAL_BATCH: CriticalBatchConstants = { Bstar: 2e8, alphaB: 0.21 };

/** B_crit(L) = B* / L^(1/alpha_B), in tokens. */
export function criticalBatch(loss: number, c: CriticalBatchConstants = KAPLAN_CRITICAL_BATCH): number {
  if (!(loss > 0)) throw new RangeError(`critical batch needs a positive loss (got ${loss})`);
  return c.Bstar / loss ** (1 / c.alphaB);
}

// ---------------------------------------------------------------- Power Lines (Bergsma et al. 2025, arXiv 2505.13738)

/** AdamW timescale as a fraction of training: tau = B / (eta · lambda · D) (B and D in the same unit: tokens or sequences). */
export function adamwTimescale(B: number, eta: number, lambda: number, D: number): number {
  return B / (eta * lambda * D);
}

export interface PowerLinesConstants {
  /** tau_opt = c · (D/N)^m (user-fitted; the paper fits a power law in tokens per parameter). */
  c: number;
  m: number;
}

export function optimalTimescale(tokensPerParam: number, k: PowerLinesConstants): number {
  return k.c * tokensPerParam ** k.m;
}

/** The weight decay lambda that puts AdamW at timescale tau for batch B, learning rate eta, D tokens. */
export function weightDecayForTimescale(B: number, eta: number, D: number, tau: number): number {
  return B / (eta * tau * D);
}

/** A power law in the token count: value = c · D^m. */
export interface PowerLawInD {
  c: number;
  m: number;
}

/**
 * Power Lines' batch-size laws: B_opt and B_crit (tokens) are power laws in D alone, independent of
 * N. The paper fits their constants on its own setup (architecture, optimizer, data), so there are no
 * defaults here: the user supplies constants fitted on theirs.
 */
export interface PowerLinesBatchConstants {
  optimal?: PowerLawInD;
  critical?: PowerLawInD;
}

export interface PowerLinesBatch {
  D: number;
  /** Optimal batch in tokens, c_opt · D^m_opt (when its constants are given). */
  optimal?: number;
  /** Critical batch in tokens, c_crit · D^m_crit (when its constants are given). */
  critical?: number;
  constants: PowerLinesBatchConstants;
}

export function powerLinesBatch(D: number, k: PowerLinesBatchConstants): PowerLinesBatch {
  if (!(D > 0)) throw new RangeError(`Power Lines batch sizes need D > 0 tokens (got ${D})`);
  if (!k.optimal && !k.critical) {
    throw new RangeError('Power Lines batch sizes need constants fitted on your setup: B_opt = c·D^m (optimal) and/or B_crit = c·D^m (critical); the paper publishes fits for its own runs only');
  }
  for (const [name, c] of Object.entries(k) as [string, PowerLawInD | undefined][]) {
    if (c && !(c.c > 0 && Number.isFinite(c.m))) throw new RangeError(`Power Lines ${name} batch constants need c > 0 and a finite m (got c = ${c.c}, m = ${c.m})`);
  }
  return {
    D,
    ...(k.optimal ? { optimal: k.optimal.c * D ** k.optimal.m } : {}),
    ...(k.critical ? { critical: k.critical.c * D ** k.critical.m } : {}),
    constants: k,
  };
}

// ---------------------------------------------------------------- fitting the Step Law form to a sweep

export interface SweepRow {
  N: number;
  D: number;
  lr: number;
  /** Batch size in tokens. */
  batch: number;
  loss: number;
}

export interface SweepFitOptions {
  /** Rows within this relative loss of their (N, D) group's minimum enter the fit (Step Law tool: 0.0025). */
  threshold?: number;
  /** Regress log batch on log D only (Step Law) or on log N and log D. */
  batchOnN?: boolean;
  bootstrap?: number;
  seed?: number;
}

export interface SweepFit {
  constants: StepLawConstants;
  /** Per (N, D) group: the empirical optimum (lowest loss row). */
  optima: { N: number; D: number; lr: number; batch: number; loss: number; rows: number }[];
  rowsUsed: number;
  bootstrap?: { k: number; seed: number; ci95: Record<keyof StepLawConstants, [number, number]>; mean: StepLawConstants };
  threshold: number;
  warnings: string[];
}

/** Least squares y ≈ X b for a small dense X (row-major, p columns) via normal equations with pivoting. */
export function ols(X: Float64Array, y: Float64Array, p: number, weights?: Float64Array): Float64Array {
  const n = y.length;
  const A = new Float64Array(p * (p + 1));
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    if (w === 0) continue;
    for (let r = 0; r < p; r++) {
      const xr = X[i * p + r] * w;
      for (let c = 0; c < p; c++) A[r * (p + 1) + c] += xr * X[i * p + c];
      A[r * (p + 1) + p] += xr * y[i];
    }
  }
  for (let col = 0; col < p; col++) {
    let piv = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(A[r * (p + 1) + col]) > Math.abs(A[piv * (p + 1) + col])) piv = r;
    if (Math.abs(A[piv * (p + 1) + col]) < 1e-300) throw new RangeError('singular least-squares system (too few distinct points)');
    if (piv !== col) for (let c = 0; c <= p; c++) [A[col * (p + 1) + c], A[piv * (p + 1) + c]] = [A[piv * (p + 1) + c], A[col * (p + 1) + c]];
    for (let r = 0; r < p; r++) {
      if (r === col) continue;
      const f = A[r * (p + 1) + col] / A[col * (p + 1) + col];
      if (f === 0) continue;
      for (let c = col; c <= p; c++) A[r * (p + 1) + c] -= f * A[col * (p + 1) + c];
    }
  }
  const b = new Float64Array(p);
  for (let r = 0; r < p; r++) b[r] = A[r * (p + 1) + p] / A[r * (p + 1) + r];
  return b;
}

function fitRows(rows: SweepRow[], idx: Int32Array, batchOnN: boolean): StepLawConstants {
  const n = idx.length;
  const X = new Float64Array(n * 3), ylr = new Float64Array(n), ybs = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const r = rows[idx[k]];
    X[k * 3] = 1;
    X[k * 3 + 1] = Math.log(r.N);
    X[k * 3 + 2] = Math.log(r.D);
    ylr[k] = Math.log(r.lr);
    ybs[k] = Math.log(r.batch);
  }
  const lr = ols(X, ylr, 3);
  let bs: Float64Array;
  if (batchOnN) bs = ols(X, ybs, 3);
  else {
    const X2 = new Float64Array(n * 2);
    for (let k = 0; k < n; k++) {
      X2[k * 2] = 1;
      X2[k * 2 + 1] = X[k * 3 + 2];
    }
    const b2 = ols(X2, ybs, 2);
    bs = Float64Array.of(b2[0], 0, b2[1]);
  }
  return { lrCoef: Math.exp(lr[0]), lrExpN: lr[1], lrExpD: lr[2], bsCoef: Math.exp(bs[0]), bsExpN: bs[1], bsExpD: bs[2] };
}

/**
 * Fit lr_opt = c·N^a·D^b and B_opt = c'·D^b' (optionally ·N^a') to an lr × batch × loss sweep, as the
 * Step Law tool does: per (N, D) keep the rows within `threshold` relative loss of the group minimum,
 * ordinary least squares in log space over those rows; seeded bootstrap over the kept rows.
 */
export function fitHparamSweep(rows: SweepRow[], opts: SweepFitOptions = {}): SweepFit {
  const threshold = opts.threshold ?? 0.0025;
  const warnings: string[] = [];
  for (const [i, r] of rows.entries()) {
    for (const k of ['N', 'D', 'lr', 'batch', 'loss'] as const) {
      if (!(r[k] > 0) || !Number.isFinite(r[k])) throw new RangeError(`row ${i + 1}: ${k} must be a positive number (got ${r[k]})`);
    }
  }
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const key = `${r.N}|${r.D}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(i);
  });
  const kept: number[] = [];
  const optima: SweepFit['optima'] = [];
  for (const idx of groups.values()) {
    let best = idx[0];
    for (const i of idx) if (rows[i].loss < rows[best].loss) best = i;
    const m = rows[best].loss;
    for (const i of idx) if (Math.abs(rows[i].loss / m - 1) < threshold || i === best) kept.push(i);
    optima.push({ N: rows[best].N, D: rows[best].D, lr: rows[best].lr, batch: rows[best].batch, loss: m, rows: idx.length });
    const lrs = new Set(idx.map((i) => rows[i].lr));
    if (lrs.size < 3) warnings.push(`group N=${rows[best].N}, D=${rows[best].D}: only ${lrs.size} learning rates, the optimum is poorly located`);
    const lrMin = minOf(lrs), lrMax = maxOf(lrs);
    if (rows[best].lr === lrMin || rows[best].lr === lrMax) warnings.push(`group N=${rows[best].N}, D=${rows[best].D}: best learning rate ${rows[best].lr} is at the edge of the sweep`);
  }
  const distinctN = new Set(kept.map((i) => rows[i].N)).size, distinctD = new Set(kept.map((i) => rows[i].D)).size;
  if (distinctD < 2) throw new RangeError('the sweep needs at least two token counts D to fit exponents');
  if (distinctN < 2) throw new RangeError('the sweep needs at least two model sizes N to fit the N exponent');
  const batchOnN = opts.batchOnN ?? false;
  const all = Int32Array.from(kept);
  const constants = fitRows(rows, all, batchOnN);
  const out: SweepFit = { constants, optima, rowsUsed: kept.length, threshold, warnings };
  const k = opts.bootstrap ?? 0;
  if (k > 0) {
    const seed = opts.seed ?? 0;
    const rng = new Rng(seed);
    const draws: StepLawConstants[] = [];
    const idx = new Int32Array(all.length);
    for (let b = 0; b < k; b++) {
      for (let j = 0; j < idx.length; j++) idx[j] = all[rng.int(all.length)];
      try {
        draws.push(fitRows(rows, idx, batchOnN));
      } catch {
        /* a resample with too few distinct points */
      }
    }
    const keys = Object.keys(constants) as (keyof StepLawConstants)[];
    const ci95 = {} as Record<keyof StepLawConstants, [number, number]>;
    const mean = {} as StepLawConstants;
    for (const key of keys) {
      const v = draws.map((d) => d[key]).sort((a, b) => a - b);
      ci95[key] = [percentile(v, 2.5), percentile(v, 97.5)];
      // Coefficients are averaged in log space (the Step Law tool averages the regression intercepts).
      mean[key] = key === 'lrCoef' || key === 'bsCoef' ? Math.exp(v.reduce((s, x) => s + Math.log(x), 0) / v.length) : v.reduce((s, x) => s + x, 0) / v.length;
    }
    out.bootstrap = { k: draws.length, seed, ci95, mean };
  }
  return out;
}
