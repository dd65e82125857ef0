// Schedule optimisation with a fitted multi-power law: minimise the predicted loss at the last
// step (a) over the WSD family (decay start as a fraction of the run, exponential or linear
// decay) and (b) over free non-increasing schedules after the warmup, parametrised as the
// authors do (optimization.py there) by non-negative per-step decrements
// eta_j = max(minLr, peak - sum_{i<=j} delta_i), but scored with the same fit-path formula as
// every prediction here (warmup in the array, loss-drop over all steps), with an analytic O(T)
// gradient and L-BFGS-B instead of Adam.
import { lbfgsb } from '../optimize/lbfgsb';
import { scheduleLRs } from '../schedule/schedule';

/**
 * Predicted loss at the last step of `eta` and, when gradEta is given, its gradient with respect
 * to every eta_j. p = [L0, A, alpha, B, C, beta, gamma]. O(T), no allocation besides `work`.
 */
export function mplFinalLoss(p: ArrayLike<number>, eta: Float64Array, gradEta?: Float64Array, work?: Float64Array): number {
  const L0 = p[0], A = p[1], alpha = p[2], B = p[3], C = p[4], beta = p[5], gamma = p[6];
  const T = eta.length;
  // suffix sums S_k = sum_{tau=k..T-1} eta_tau, sequential from the start as the authors' cumsum
  const P = work && work.length >= T ? work : new Float64Array(T);
  let acc = 0;
  for (let i = 0; i < T; i++) {
    acc += eta[i];
    P[i] = acc;
  }
  const PT = acc;
  let ld = 0;
  let prefix = 0; // sum_{k<=j} g_k G'(x_k) eta_k^-gamma
  if (gradEta) gradEta.fill(0);
  for (let k = 1; k < T; k++) {
    const g = eta[k] - eta[k - 1];
    const S = PT - P[k - 1];
    let G = 0, dGdx = 0, x = 0, eg = 0;
    if (eta[k] > 0) {
      eg = Math.exp(-gamma * Math.log(eta[k]));
      x = eg * S;
      const u = 1 + C * x;
      const e = Math.exp(-beta * Math.log(u));
      G = 1 - e;
      dGdx = (beta * C * e) / u;
    } else if (S > 0) G = 1;
    ld += g * G;
    if (gradEta) {
      // d/d eta_k of g_k G_k (+1) and of g_{k+1} G_{k+1} (-1, added at k+1 below)
      gradEta[k] += B * G;
      gradEta[k - 1] -= B * G;
      prefix += g * dGdx * eg;
      gradEta[k] += B * prefix;
      if (eta[k] > 0) gradEta[k] += B * g * dGdx * (-gamma) * x / eta[k];
    }
  }
  const pw = Math.exp(-alpha * Math.log(PT));
  if (gradEta) {
    const d1 = -alpha * A * pw / PT;
    for (let j = 0; j < T; j++) gradEta[j] += d1;
  }
  return L0 + A * pw + B * ld;
}

export interface WsdCandidate {
  decayStep: number;
  decayFraction: number;
  shape: 'exp' | 'linear';
  loss: number;
}

/** Grid search over WSD decay start (fraction of total) and shape. */
export function optimizeWsd(
  p: ArrayLike<number>,
  base: { warmup: number; total: number; peak: number; end: number },
  options: { fractions?: number[]; shapes?: ('exp' | 'linear')[] } = {},
): { best: WsdCandidate; candidates: WsdCandidate[] } {
  const fractions = options.fractions ?? Array.from({ length: 60 }, (_, i) => (i + 1) / 100);
  const shapes = options.shapes ?? ['exp', 'linear'];
  const work = new Float64Array(base.total);
  const candidates: WsdCandidate[] = [];
  for (const shape of shapes) {
    for (const f of fractions) {
      const decayStep = Math.max(base.warmup, Math.round(base.total * (1 - f)));
      if (decayStep >= base.total) continue;
      const eta = scheduleLRs({ kind: 'wsd', warmup: base.warmup, total: base.total, decay: decayStep, peak: base.peak, end: base.end, shape });
      candidates.push({ decayStep, decayFraction: (base.total - decayStep) / base.total, shape, loss: mplFinalLoss(p, eta, undefined, work) });
    }
  }
  if (!candidates.length) throw new Error('no WSD candidate fits inside the run');
  const best = candidates.reduce((a, b) => (b.loss < a.loss ? b : a));
  return { best, candidates };
}

export interface FreeScheduleResult {
  eta: Float64Array;
  loss: number;
  nit: number;
  nfev: number;
  message: string;
}

/**
 * Free non-increasing schedule after a linear warmup: minimise the predicted final loss over
 * decrements delta_j in [0, peak] (j = warmup..total-1), eta_j = max(minLr, peak - cumsum delta).
 * Start: a given schedule (default constant peak with a small linear tail).
 */
export function optimizeFreeSchedule(
  p: ArrayLike<number>,
  base: { warmup: number; total: number; peak: number; minLr?: number },
  options: { maxIter?: number; start?: Float64Array; shouldStop?: () => boolean } = {},
): FreeScheduleResult {
  const { warmup: W, total: T, peak } = base;
  const minLr = base.minLr ?? 1e-10;
  const n = T - W;
  if (n < 2) throw new Error('free schedule needs total > warmup + 1');
  const eta = scheduleLRs({ kind: 'constant', warmup: W, total: T, peak });
  const gEta = new Float64Array(T);
  const work = new Float64Array(T);
  const startEta = options.start ?? scheduleLRs({ kind: 'wsd', warmup: W, total: T, decay: Math.max(W, Math.round(T * 0.8)), peak, end: peak / 10, shape: 'linear' });
  // delta from the start schedule (clipped to be non-increasing)
  const x0 = new Float64Array(n);
  let prev = peak;
  for (let j = 0; j < n; j++) {
    const v = Math.min(prev, Math.max(minLr, startEta[W + j]));
    x0[j] = prev - v;
    prev = v;
  }
  const scale = 1 / peak; // optimise delta/peak for conditioning
  for (let j = 0; j < n; j++) x0[j] *= scale;
  const fill = (x: Float64Array) => {
    let c = 0;
    for (let j = 0; j < n; j++) {
      c += x[j] * peak;
      const v = peak - c;
      eta[W + j] = v > minLr ? v : minLr;
    }
  };
  const fg = (x: Float64Array, g: Float64Array) => {
    fill(x);
    const f = mplFinalLoss(p, eta, gEta, work);
    // d f / d delta_i = -peak * sum_{j >= i, unclamped} dF/deta_j
    let suffix = 0;
    for (let j = n - 1; j >= 0; j--) {
      if (eta[W + j] > minLr) suffix += gEta[W + j];
      g[j] = -peak * suffix;
    }
    return f;
  };
  const lower = new Float64Array(n);
  const upper = new Float64Array(n).fill(1);
  const r = lbfgsb(fg, x0, { lower, upper, maxIter: options.maxIter ?? 500, maxFun: (options.maxIter ?? 500) * 2, gtol: 1e-12, ftol: 1e-15, shouldStop: options.shouldStop });
  fill(r.x);
  return { eta: Float64Array.from(eta), loss: mplFinalLoss(p, eta), nit: r.nit, nfev: r.nfev, message: r.message };
}
