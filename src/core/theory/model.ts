// The power-law random-features (PLRF) model of Paquette, Paquette, Xiao, Pennington,
// "4+3 Phases of Compute-Optimal Neural Scaling Laws" (arXiv 2405.15074).
// Conventions follow ../shared/research/plrf-phases.md §1:
//   x_j = j^-alpha z_j (j = 1..v), z ~ N(0,1); target <x, b> with b_j = j^-beta (noiseless);
//   W (v × d) with W_ij ~ N(0, 1/d); model x ↦ <W^T x, theta>;
//   loss P(theta) = ||D^(1/2)(W theta − b)||² with D = diag(j^-2alpha)  (NO factor 1/2);
//   one-pass SGD, batch B summed (not averaged), learning rate gamma, theta_0 = 0;
//   flops f = r · d · B.
import { CancelledError } from '../errors';
import { Rng } from '../optimize/rng';

export interface PlrfParams {
  alpha: number;
  beta: number;
  /** number of parameters (model dimension) */
  d: number;
  /** data dimension; default 4d (the authors use 4d..10d) */
  v: number;
  /** batch size (summed in the update) */
  batch: number;
  /** learning rate gamma */
  lr: number;
}

/** Hooks shared by every long computation (the VS Code worker passes its progress and cancel). */
export interface ProgressHooks {
  onProgress?: (done: number, total: number) => void;
  /** return true to stop: the computation throws CancelledError at the next check */
  shouldStop?: () => boolean;
}

export { CancelledError };

export function checkStop(hooks: ProgressHooks | undefined): void {
  if (hooks?.shouldStop?.()) throw new CancelledError();
}

/** Default data dimension: v = 4d (the authors' package uses 4d-5d, their notebooks 10d). */
export function defaultV(d: number): number {
  return 4 * d;
}

/** tr(D) = Σ_{j ≤ v} j^-2alpha. */
export function traceD(alpha: number, v: number): number {
  let s = 0;
  for (let j = v; j >= 1; j--) s += Math.pow(j, -2 * alpha);
  return s;
}

/**
 * Default learning rate: gamma = 1 / ((B + 1) tr D), i.e. gamma = 0.5 / tr(D) for B = 1 (the
 * notes' verification setting; the authors use 0.25-0.8 / tr D). The (B+1) keeps the summed-batch
 * update stable: gamma (B+1) lambda_max ≤ lambda_max / tr D < 2, and the kernel norm ≈ gamma tr(D)/2.
 */
export function defaultLr(alpha: number, v: number, batch = 1): number {
  return 1 / ((batch + 1) * traceD(alpha, v));
}

/** Fill defaults (v = 4d, B = 1, gamma = defaultLr) and validate. Throws Error with a readable message. */
export function makeParams(p: { alpha: number; beta: number; d: number; v?: number; batch?: number; lr?: number }): PlrfParams {
  const d = p.d, v = p.v ?? defaultV(p.d), batch = p.batch ?? 1;
  if (!Number.isFinite(p.alpha) || !Number.isFinite(p.beta)) throw new Error('alpha and beta must be finite numbers');
  if (!Number.isInteger(d) || d < 1) throw new Error(`d must be a positive integer, got ${d}`);
  if (!Number.isInteger(v) || v < 1) throw new Error(`v must be a positive integer, got ${v}`);
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`batch must be a positive integer, got ${batch}`);
  const lr = p.lr ?? defaultLr(p.alpha, v, batch);
  if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`learning rate must be positive, got ${lr}`);
  return { alpha: p.alpha, beta: p.beta, d, v, batch, lr };
}

/** Initial loss P(0) = ||D^(1/2) b||² = Σ_{j ≤ v} j^(-2alpha-2beta). */
export function initialLoss(alpha: number, beta: number, v: number): number {
  let s = 0;
  for (let j = v; j >= 1; j--) s += Math.pow(j, -2 * alpha - 2 * beta);
  return s;
}

/** q(lambda) = 1 − 2 gamma B lambda + gamma² B (B+1) lambda²: the per-step contraction of mode energy. */
export function contraction(lambda: number, lr: number, batch: number): number {
  return 1 - 2 * lr * batch * lambda + lr * lr * batch * (batch + 1) * lambda * lambda;
}

export interface StabilityReport {
  ok: boolean;
  /** ||K|| = Σ_i gamma lambda_i / (2 − gamma (B+1) lambda_i) (must be < 1) */
  kernelNorm: number;
  /** gamma (B+1) lambda_max (must be < 2) */
  stepCondition: number;
  lambdaMax: number;
  /** 'exact' when computed from the drawn spectrum, 'population' from j^-2alpha */
  from: 'exact' | 'population';
  /** empty when ok; otherwise why, and what learning rate would be safe */
  explanation: string;
}

/**
 * Stability of one-pass SGD (notes §1.2): the expected loss stays bounded iff every mode contracts,
 * gamma (B+1) lambda_max < 2, and the SGD-noise feedback (the Volterra kernel mass) is below one,
 * ||K|| = Σ_r K(r) = Σ_i gamma lambda_i / (2 − gamma (B+1) lambda_i) < 1.
 * `lambdas` are the eigenvalues of D^(1/2) W W^T D^(1/2); without them the population eigenvalues
 * j^-2alpha (j ≤ v) are used, as in the authors' code.
 */
export function checkStability(p: PlrfParams, lambdas?: Float64Array): StabilityReport {
  const g = p.lr, B = p.batch;
  let norm = 0, lmax = 0, bad = false;
  const n = lambdas ? lambdas.length : p.v;
  for (let i = 0; i < n; i++) {
    const l = lambdas ? lambdas[i] : Math.pow(i + 1, -2 * p.alpha);
    if (l > lmax) lmax = l;
    const den = 2 - g * (B + 1) * l;
    if (den <= 0) bad = true;
    else norm += (g * l) / den;
  }
  const stepCondition = g * (B + 1) * lmax;
  const kernelNorm = bad ? Infinity : norm;
  const ok = !bad && stepCondition < 2 && kernelNorm < 1;
  let explanation = '';
  if (!ok) {
    const safe = defaultLr(p.alpha, p.v, B);
    const why: string[] = [];
    if (stepCondition >= 2) why.push(`gamma (B+1) lambda_max = ${stepCondition.toPrecision(4)} ≥ 2: the top mode grows every step`);
    if (!(kernelNorm < 1)) why.push(`kernel norm ||K|| = ${kernelNorm.toPrecision(4)} ≥ 1: SGD noise feeds back more loss than the step removes, so the expected loss diverges`);
    explanation = `learning rate ${g.toPrecision(4)} is unstable for batch ${B}: ${why.join('; ')}. ` +
      `||K|| ≈ gamma tr(D)/2 with tr(D) = ${traceD(p.alpha, p.v).toPrecision(5)}; try --lr ${safe.toPrecision(4)} (= 1/((B+1) tr D)) or smaller.`;
  }
  return { ok, kernelNorm, stepCondition, lambdaMax: lmax, from: lambdas ? 'exact' : 'population', explanation };
}

/** The Rng stream of row j of W: −(j+1), apart from the data streams 1 + run of the simulation. */
export function wRowStream(j: number): number {
  return -(j + 1);
}

/**
 * Draw W row by row, exactly as drawW stores it (row-major, row j = feature j): row j comes from
 * its own stream Rng(seed, wRowStream(j)), W_ji = normal()/sqrt(d) by Box–Muller using both the
 * cosine and the sine of each pair (an odd d drops the last sine). Per-row streams let rows be
 * drawn in any order or in parallel and let the numpy peer (bench/peers/plrf_numpy.py) draw the
 * same W. `visit(j, row)` gets each row (reused buffer). Streaming lets the exact method build
 * Wᵀ D W for large d without holding the v × d matrix, and still draw the same W.
 */
export function forEachWRow(seed: number, v: number, d: number, visit: (j: number, row: Float64Array) => void): void {
  const row = new Float64Array(d);
  const s = 1 / Math.sqrt(d);
  const twoPi = 2 * Math.PI;
  for (let j = 0; j < v; j++) {
    const rng = new Rng(seed, wRowStream(j));
    for (let i = 0; i < d; i += 2) {
      let u = 0;
      while (u === 0) u = rng.next();
      const rad = Math.sqrt(-2 * Math.log(u)) * s, th = twoPi * rng.next();
      row[i] = rad * Math.cos(th);
      if (i + 1 < d) row[i + 1] = rad * Math.sin(th);
    }
    visit(j, row);
  }
}

/** The full W (v × d, row-major), same numbers as forEachWRow. */
export function drawW(seed: number, v: number, d: number): Float64Array {
  const W = new Float64Array(v * d);
  forEachWRow(seed, v, d, (j, row) => W.set(row, j * d));
  return W;
}

/** Population risk P(theta) = Σ_j j^-2alpha ((W theta)_j − j^-beta)². `dsqrt[j] = (j+1)^-alpha`, `bvec[j] = (j+1)^-beta`. */
export function populationLoss(W: Float64Array, v: number, d: number, theta: Float64Array, dsqrt: Float64Array, bvec: Float64Array): number {
  let s = 0;
  for (let j = 0; j < v; j++) {
    let r = -bvec[j];
    const o = j * d;
    for (let i = 0; i < d; i++) r += W[o + i] * theta[i];
    const e = dsqrt[j] * r;
    s += e * e;
  }
  return s;
}

/** (j)^-alpha and (j)^-beta for j = 1..v. */
export function populationVectors(alpha: number, beta: number, v: number): { dsqrt: Float64Array; bvec: Float64Array } {
  const dsqrt = new Float64Array(v), bvec = new Float64Array(v);
  for (let j = 0; j < v; j++) {
    dsqrt[j] = Math.pow(j + 1, -alpha);
    bvec[j] = Math.pow(j + 1, -beta);
  }
  return { dsqrt, bvec };
}

/** Steps 0..maxStep on a log grid: every step up to `dense`, then ~`perDecade` points per decade, always ending at maxStep. */
export function logStepGrid(maxStep: number, perDecade = 40, dense = 10): number[] {
  const out: number[] = [];
  const R = Math.floor(maxStep);
  for (let r = 0; r <= Math.min(dense, R); r++) out.push(r);
  if (R > dense) {
    const f = Math.pow(10, 1 / perDecade);
    let x = dense;
    for (;;) {
      x *= f;
      const r = Math.round(x);
      if (r >= R) break;
      if (r > out[out.length - 1]) out.push(r);
    }
    out.push(R);
  }
  return out;
}
