// Multi-power law (Luo et al. 2025, arXiv 2503.12811) for a loss curve under an LR schedule:
//   L(t) = L0 + A * S1(t)^-alpha - LD(t),
//   LD(t) = B * sum_{k=1..t} (eta_{k-1} - eta_k) * G(eta_k^-gamma * S_k(t)),
//   S_k(t) = sum_{tau=k..t} eta_tau,  G(x) = 1 - (C x + 1)^-beta.
// The authors' fit path (thu-yao-01-luo/MultiPowerLaw src/evaluation.py, read not copied):
// eta is the whole per-step schedule including the linear warmup (see core/schedule), S1(t) =
// sum_{tau=0..t} eta_tau (cumulative sum of the array, so the warmup area S_W is implicit) and
// the loss-drop sum runs over warmup steps too (where eta rises, the "drop" is negative).
//
// Parameters (natural scale, this order): L0, A, alpha, B, C, beta, gamma.
import { buildSumPlan } from '../curves/summationPlan';
import { TARGET_Q, buildFarFieldPlan } from '../curves/farFieldPlan';
import { lossDropSums, type SumsCurve } from './multipowerSums';

export const MPL_PARAM_NAMES = ['L0', 'A', 'alpha', 'B', 'C', 'beta', 'gamma'] as const;
export type MplParamName = (typeof MPL_PARAM_NAMES)[number];

export const MPL_FORMULA = 'L0 + A * S1^(-alpha) - B * sum_k (eta[k-1] - eta[k]) * (1 - (1 + C * eta[k]^(-gamma) * S_k)^(-beta))';

/** A schedule prepared for repeated evaluation at fixed steps. */
export interface MplCurve extends SumsCurve {
  eta: Float64Array;
  /** P[i] = eta[0] + ... + eta[i] (sequential sum, as numpy.cumsum). */
  P: Float64Array;
  /** gap[k] = eta[k] - eta[k-1] (gap[0] = 0): the authors' lr_gap, minus the formula's drop. */
  gap: Float64Array;
  lnEta: Float64Array;
  steps: Int32Array;
}

/**
 * `exact`: exact sums (zero-gap blocks skipped); `plan: 'per-point'`: the source-side plan alone
 * (the one before the far-field groups; kept as a reference for tests).
 */
export function prepareMplCurve(eta: Float64Array, steps: ArrayLike<number>, options: { exact?: boolean; plan?: 'per-point' } = {}): MplCurve {
  const T = eta.length;
  const st = new Int32Array(steps.length);
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    if (!Number.isInteger(s) || s < 0 || s >= T) throw new RangeError(`step ${s} is outside the schedule (0..${T - 1})`);
    st[i] = s;
  }
  const P = new Float64Array(T);
  const gap = new Float64Array(T);
  const lnEta = new Float64Array(T);
  let acc = 0;
  for (let i = 0; i < T; i++) {
    acc += eta[i];
    P[i] = acc;
    gap[i] = i === 0 ? 0 : eta[i] - eta[i - 1];
    lnEta[i] = Math.log(eta[i]);
  }
  const plan: SumsCurve['plan'] = options.exact || options.plan === 'per-point' ? buildSumPlan(gap, lnEta, st, options) : buildFarFieldPlan(gap, lnEta, P, st);
  const groups = plan.far ? plan.far.groupLo.length : 0;
  return {
    eta, P, gap, lnEta, steps: st, plan,
    eg: new Float64Array(T), egGamma: NaN,
    sums: new Float64Array(4 * st.length), sumsAt: Float64Array.of(NaN, NaN, NaN),
    groupSums: new Float64Array(groups * TARGET_Q * 4),
  };
}

/**
 * Predictions at the curve's steps; when `jac` is given, also d pred / d param (natural
 * scale), row-major n x 7 in MPL_PARAM_NAMES order. No allocation.
 */
export function mplEvaluate(p: ArrayLike<number>, c: MplCurve, pred: Float64Array, jac?: Float64Array): void {
  const L0 = p[0], A = p[1], alpha = p[2], B = p[3], C = p[4], beta = p[5], gamma = p[6];
  const { P, steps } = c;
  const sums = lossDropSums(c, C, beta, gamma);
  for (let i = 0; i < steps.length; i++) {
    const sG = sums[i * 4], sC = sums[i * 4 + 1], sB = sums[i * 4 + 2], sGam = sums[i * 4 + 3];
    const S1 = P[steps[i]];
    const pw = Math.exp(-alpha * Math.log(S1));
    pred[i] = L0 + A * pw + B * sG;
    if (jac) {
      const o = i * 7;
      jac[o] = 1;
      jac[o + 1] = pw;
      jac[o + 2] = -A * Math.log(S1) * pw;
      jac[o + 3] = sG;
      jac[o + 4] = B * beta * sC;
      jac[o + 5] = B * sB;
      jac[o + 6] = -B * C * beta * sGam;
    }
  }
}

/** Convenience: predicted loss at `steps` for a per-step schedule (exact sums unless told). */
export function mplPredict(params: ArrayLike<number>, eta: Float64Array, steps: ArrayLike<number>, options: { exact?: boolean } = { exact: true }): Float64Array {
  const c = prepareMplCurve(eta, steps, options);
  const out = new Float64Array(c.steps.length);
  mplEvaluate(params, c, out);
  return out;
}

/** Named values → parameter vector in MPL_PARAM_NAMES order; throws naming what is missing. */
export function mplParamsFrom(values: Record<string, number>): Float64Array {
  const missing = MPL_PARAM_NAMES.filter((n) => !(n in values) || !Number.isFinite(values[n]));
  if (missing.length) throw new Error(`multipower needs parameters ${MPL_PARAM_NAMES.join(', ')}; missing or not finite: ${missing.join(', ')}`);
  return Float64Array.from(MPL_PARAM_NAMES, (n) => values[n]);
}
