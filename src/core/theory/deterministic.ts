// The deterministic equivalent of the PLRF loss (notes §2): the random spectral data
// (lambda_i, c_i, P_res) of one W are replaced by deterministic measures built from m(z),
//   m + (1/d) Σ_j lambda_j m / (lambda_j m − z) = 1,      lambda_j = j^-2alpha  (j ≤ v),
// solved by Newton continuation down the imaginary axis (the authors' scheme: start at m = 1,
// Im z = 1e6, one Newton step per level on a log-uniform ladder of 40 + 20 alpha ln d levels, then
// polish). On a slightly lifted log grid x_k + i eta_k (eta_k = the grid spacing):
//   forcing measure  c(dx)  = (1/pi) Im G_F(x + i eta) dx,  G_F(z) = Σ_j j^(-2alpha-2beta) / (lambda_j m(z) − z)
//   eigenvalue count n(dx)  = (1/pi) Im [d (1 − m(x + i eta))] dx / x   (tr K̂ (K̂ − z)^-1 = d (1 − m))
//   F(r) = ∫ q(x)^r c(dx) + F_0,   K(r) = gamma² B ∫ x² q(x)^r n(dx),
// with the limit level F_0 from the bisection form (effective dimension = d). The Volterra
// equation P = F + K * P is then solved exactly in its modal form on these atoms (exact.ts).
// Limit (docs/PHASES.md §7): the DE is the d → ∞ object; it drops the O(1/d) fluctuations of the
// outlier eigenvalues, so early in training at small d it runs below the W-average (α = 1.5: −7.5 %
// at r = 10 for d = 128, within sampling error from d = 256).
import { checkStop, contraction, initialLoss, type PlrfParams, type ProgressHooks } from './model';
import { modalCurve, type CurveOptions, type Spectrum } from './exact';

/**
 * Limit loss F_0 = min_theta P(theta) as d → ∞ with v/d fixed (notes §2, unified form): find s > 0 with
 * Σ_j s lambda_j / (1 + s lambda_j) = d (bisection in log s), then F_0 = Σ_j j^(-2alpha-2beta) / (1 + s lambda_j).
 */
export function limitLoss(alpha: number, beta: number, d: number, v: number): { F0: number; s: number } {
  if (d >= v) return { F0: 0, s: Infinity };
  const lam = new Float64Array(v);
  for (let j = 0; j < v; j++) lam[j] = Math.pow(j + 1, -2 * alpha);
  const count = (s: number) => {
    let c = 0;
    for (let j = 0; j < v; j++) c += (s * lam[j]) / (1 + s * lam[j]);
    return c;
  };
  let lo = -60, hi = 60; // log s
  for (let it = 0; it < 200 && hi - lo > 1e-13; it++) {
    const mid = 0.5 * (lo + hi);
    if (count(Math.exp(mid)) < d) lo = mid;
    else hi = mid;
  }
  const s = Math.exp(0.5 * (lo + hi));
  let F0 = 0;
  for (let j = v - 1; j >= 0; j--) F0 += Math.pow(j + 1, -2 * alpha - 2 * beta) / (1 + s * lam[j]);
  return { F0, s };
}

export interface DeterministicOptions {
  /** relative spacing of the log grid on the real axis (also the lift eta_k / x_k) */
  delta?: number;
  /** lower end of the grid as a multiple of d^(-2 alpha) */
  lowFactor?: number;
  /** solve every grid point by the full ladder from Im z = 1e6 (no continuation along the grid; slower, for checks) */
  ladderOnly?: boolean;
}

export interface DeterministicSpectrum extends Spectrum {
  /** m(z) on the grid (real and imaginary parts) */
  mRe: Float64Array;
  mIm: Float64Array;
  /** raw total eigenvalue count ∫ n(dx) before renormalisation to d (a discretisation diagnostic) */
  count: number;
  /** raw ∫ c(dx) before renormalisation to P(0) − F_0 */
  mass: number;
  /** Newton residual |F(m) − 1| at the worst grid point */
  maxResidual: number;
}

/** Build the deterministic-equivalent measures for the model's (alpha, beta, d, v). */
export function deterministicSpectrum(p: PlrfParams, opt: DeterministicOptions = {}, hooks?: ProgressHooks): DeterministicSpectrum {
  const { alpha, beta, d, v } = p;
  const delta = opt.delta ?? 0.02;
  const xlo = (opt.lowFactor ?? 0.01) * Math.pow(d, -2 * alpha);
  const xhi = 1.1 * (1 + Math.sqrt(v / d)) ** 2;
  const N = Math.ceil(Math.log(xhi / xlo) / Math.log1p(delta)) + 1;
  const lam = new Float64Array(v), w2 = new Float64Array(v);
  for (let j = 0; j < v; j++) {
    lam[j] = Math.pow(j + 1, -2 * alpha);
    w2[j] = Math.pow(j + 1, -2 * alpha - 2 * beta);
  }
  const levels = Math.ceil(40 + 10 * 2 * alpha * Math.log(d));
  const x = new Float64Array(N), cw = new Float64Array(N), nw = new Float64Array(N), mRe = new Float64Array(N), mIm = new Float64Array(N);
  const invd = 1 / d;
  let maxResidual = 0;
  let prevR = 1, prevI = 0;
  for (let k = 0; k < N; k++) {
    if ((k & 15) === 0) {
      checkStop(hooks);
      hooks?.onProgress?.(k, N);
    }
    const xk = xlo * Math.pow(1 + delta, k);
    const dx = xk * delta;
    const eta = dx;
    // m at the two lifts 2 eta and eta (a short continuation from 2 eta). At 2 eta: continue from
    // the previous grid point (Newton from its m, a few iterations), and take the authors' ladder
    // from Im z = 1e6 when that does not converge or lands on another branch (Im m ≥ 0 there).
    let st = k > 0 && !opt.ladderOnly ? newtonAt(lam, invd, xk, 2 * eta, prevR, prevI, 12) : null;
    if (!st || !(st.res < 1e-12) || !(st.mi <= 0)) st = newtonLadder(lam, invd, xk, 1, 0, Math.log(1e6), Math.log(2 * eta), levels);
    prevR = st.mr;
    prevI = st.mi;
    const g2 = forcingIm(lam, w2, st.mr, st.mi, xk, 2 * eta);
    const m2i = st.mi;
    const st1 = newtonLadder(lam, invd, xk, st.mr, st.mi, Math.log(2 * eta), Math.log(eta), 6);
    const g1 = forcingIm(lam, w2, st1.mr, st1.mi, xk, eta);
    maxResidual = Math.max(maxResidual, st.res, st1.res);
    x[k] = xk;
    mRe[k] = st1.mr;
    mIm[k] = st1.mi;
    // 2 P_eta − P_2eta: a positive smoothing kernel of mass 1 with x^-4 tails (plain Poisson
    // smoothing has x^-2 tails that leak mass far from the spectrum and spoil the x² moment of K)
    const stable = contraction(xk, p.lr, p.batch) < 1;
    cw[k] = stable ? Math.max(0, ((2 * g1 - g2) / Math.PI) * dx) : 0;
    nw[k] = stable ? Math.max(0, ((-(2 * st1.mi - m2i) * d) / Math.PI) * dx / xk) : 0;
  }
  hooks?.onProgress?.(N, N);
  let mass = 0, count = 0, kept = 0;
  for (let k = 0; k < N; k++) {
    mass += cw[k];
    count += nw[k];
    if (cw[k] > 0 || nw[k] > 0) kept++;
  }
  const { F0 } = limitLoss(alpha, beta, d, v);
  const p0 = initialLoss(alpha, beta, v);
  // The smoothed measures sum to (P(0) − F_0) and d up to O(delta) discretisation error; both totals
  // are known exactly, so renormalise. Atoms with no weight (or outside the stable range) are dropped.
  const cScale = mass > 0 ? Math.max(p0 - F0, 0) / mass : 0, nScale = count > 0 ? Math.min(d, v) / count : 0;
  const lambda = new Float64Array(kept), c = new Float64Array(kept), weight = new Float64Array(kept);
  const mR = new Float64Array(kept), mI = new Float64Array(kept);
  for (let k = 0, o = 0; k < N; k++) {
    if (!(cw[k] > 0 || nw[k] > 0)) continue;
    lambda[o] = x[k];
    c[o] = cw[k] * cScale;
    weight[o] = nw[k] * nScale;
    mR[o] = mRe[k];
    mI[o] = mIm[k];
    o++;
  }
  return { lambda, c, weight, pRes: F0, p0, mRe: mR, mIm: mI, count, mass, maxResidual };
}

/** Deterministic-equivalent forcing F(r) (including F_0) and kernel K(r) at the given steps. */
export function deterministicForcingKernel(spec: Spectrum, p: PlrfParams, steps: ArrayLike<number>): { F: Float64Array; K: Float64Array } {
  const F = new Float64Array(steps.length), K = new Float64Array(steps.length);
  const g2B = p.lr * p.lr * p.batch;
  for (let i = 0; i < spec.lambda.length; i++) {
    const l = spec.lambda[i];
    const lq = Math.log(contraction(l, p.lr, p.batch));
    const kw = g2B * l * l * (spec.weight ? spec.weight[i] : 1);
    for (let t = 0; t < steps.length; t++) {
      const qr = Math.exp(lq * steps[t]);
      F[t] += spec.c[i] * qr;
      K[t] += kw * qr;
    }
  }
  for (let t = 0; t < steps.length; t++) F[t] += spec.pRes;
  return { F, K };
}

/** Deterministic-equivalent loss curve: the Volterra solution on the deterministic measures. */
export function deterministicCurve(p: PlrfParams, steps: ArrayLike<number>, opt: DeterministicOptions & CurveOptions = {}, hooks?: ProgressHooks): { loss: Float64Array; spectrum: DeterministicSpectrum } {
  const spectrum = deterministicSpectrum(p, opt, hooks);
  return { loss: modalCurve(spectrum, p, steps, opt, hooks), spectrum };
}

/** Scratch of newtonStep: the updated m and the residual |F(m) − 1| before the step. */
const step = { mr: 0, mi: 0, res: 0 };

/** One Newton step on F(m) = m + (1/d) Σ lam m / (lam m − z) = 1 at z = zr + i zi, into `step`. */
function newtonStep(lam: Float64Array, invd: number, zr: number, zi: number, mr: number, mi: number): void {
  // S = Σ lam m / (lam m − z), T = Σ lam z / (lam m − z)²
  let Sr = 0, Si = 0, Tr = 0, Ti = 0;
  for (let j = 0; j < lam.length; j++) {
    const l = lam[j];
    const a = l * mr - zr, b = l * mi - zi;
    const n2 = a * a + b * b;
    const ir = a / n2, ii = -b / n2;
    Sr += l * (mr * ir - mi * ii);
    Si += l * (mr * ii + mi * ir);
    const i2r = ir * ir - ii * ii, i2i = 2 * ir * ii;
    Tr += l * (zr * i2r - zi * i2i);
    Ti += l * (zr * i2i + zi * i2r);
  }
  const Fr = mr + Sr * invd - 1, Fi = mi + Si * invd;
  const Dr = 1 - Tr * invd, Di = -Ti * invd;
  const dn = Dr * Dr + Di * Di;
  step.res = Math.hypot(Fr, Fi);
  step.mr = mr - (Fr * Dr + Fi * Di) / dn;
  step.mi = mi - (Fi * Dr - Fr * Di) / dn;
}

/** One Newton step per level on Im z = exp(log ladder from `from` to `to`), then polish at the end. */
function newtonLadder(lam: Float64Array, invd: number, zr: number, mr: number, mi: number, from: number, to: number, levels: number): { mr: number; mi: number; res: number } {
  let res = Infinity;
  for (let lvl = 1; lvl <= levels + 30; lvl++) {
    const zi = Math.exp(lvl <= levels ? from + ((to - from) * lvl) / levels : to);
    newtonStep(lam, invd, zr, zi, mr, mi);
    mr = step.mr;
    mi = step.mi;
    if (lvl >= levels) {
      res = step.res;
      if (res < 1e-13) break;
    }
  }
  return { mr, mi, res };
}

/** Newton at fixed z = zr + i zi from (mr, mi), at most `iters` steps; stops once the residual is below 1e-13. */
function newtonAt(lam: Float64Array, invd: number, zr: number, zi: number, mr: number, mi: number, iters: number): { mr: number; mi: number; res: number } {
  let res = Infinity;
  for (let it = 0; it < iters; it++) {
    newtonStep(lam, invd, zr, zi, mr, mi);
    res = step.res;
    if (res < 1e-13) break;
    mr = step.mr;
    mi = step.mi;
  }
  return { mr, mi, res };
}

/** Im G_F(x + i eta) = Im Σ_j j^(-2alpha-2beta) / (lambda_j m − z). */
function forcingIm(lam: Float64Array, w2: Float64Array, mr: number, mi: number, zr: number, eta: number): number {
  let Gi = 0;
  for (let j = 0; j < lam.length; j++) {
    const a = lam[j] * mr - zr, b = lam[j] * mi - eta;
    Gi += (w2[j] * -b) / (a * a + b * b);
  }
  return Gi;
}
