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
import { buildSumPlan, sumRule, type SumPlan } from '../curves/summationPlan';

export const MPL_PARAM_NAMES = ['L0', 'A', 'alpha', 'B', 'C', 'beta', 'gamma'] as const;
export type MplParamName = (typeof MPL_PARAM_NAMES)[number];

export const MPL_FORMULA = 'L0 + A * S1^(-alpha) - B * sum_k (eta[k-1] - eta[k]) * (1 - (1 + C * eta[k]^(-gamma) * S_k)^(-beta))';

/** A schedule prepared for repeated evaluation at fixed steps. */
export interface MplCurve {
  eta: Float64Array;
  /** P[i] = eta[0] + ... + eta[i] (sequential sum, as numpy.cumsum). */
  P: Float64Array;
  /** gap[k] = eta[k] - eta[k-1] (gap[0] = 0): the authors' lr_gap, minus the formula's drop. */
  gap: Float64Array;
  lnEta: Float64Array;
  steps: Int32Array;
  plan: SumPlan;
  /** Scratch: eta^-gamma for the current gamma. */
  eg: Float64Array;
  egGamma: number;
}

export function prepareMplCurve(eta: Float64Array, steps: ArrayLike<number>, options: { exact?: boolean } = {}): MplCurve {
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
  return { eta, P, gap, lnEta, steps: st, plan: buildSumPlan(gap, lnEta, st, options), eg: new Float64Array(T), egGamma: NaN };
}

/**
 * Predictions at the curve's steps; when `jac` is given, also d pred / d param (natural
 * scale), row-major n x 7 in MPL_PARAM_NAMES order. No allocation.
 */
export function mplEvaluate(p: ArrayLike<number>, c: MplCurve, pred: Float64Array, jac?: Float64Array): void {
  const L0 = p[0], A = p[1], alpha = p[2], B = p[3], C = p[4], beta = p[5], gamma = p[6];
  const { P, gap, lnEta, steps, plan, eg } = c;
  if (c.egGamma !== gamma) {
    for (let k = 0; k < eg.length; k++) eg[k] = Math.exp(-gamma * lnEta[k]);
    c.egGamma = gamma;
  }
  const { segStart, segLo, segHi, segLevel } = plan;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    const PS = P[s];
    let sG = 0, sC = 0, sB = 0, sGam = 0;
    for (let g = segStart[i]; g < segStart[i + 1]; g++) {
      const level = segLevel[g];
      if (level < 0) {
        for (let k = segLo[g], hi = segHi[g]; k < hi; k++) {
          const d = gap[k];
          if (d === 0) continue;
          const S = PS - P[k - 1];
          const e0 = eg[k];
          if (e0 === Infinity) {
            sG += S > 0 ? d : 0;
            continue;
          }
          const x = e0 * S;
          const u = 1 + C * x;
          const l = Math.log(u);
          const e = Math.exp(-beta * l);
          sG += d * (1 - e);
          const qd = (d * x * e) / u;
          sC += qd;
          sGam += qd * lnEta[k];
          sB += d * l * e;
        }
      } else {
        const rule = sumRule(level);
        const base = segLo[g];
        const nodes = rule.nodes, weights = rule.weights;
        for (let j = 0; j < nodes.length; j++) {
          const k = base + nodes[j];
          const d = gap[k] * weights[j];
          const S = PS - P[k - 1];
          const x = eg[k] * S;
          const u = 1 + C * x;
          const l = Math.log(u);
          const e = Math.exp(-beta * l);
          sG += d * (1 - e);
          const qd = (d * x * e) / u;
          sC += qd;
          sGam += qd * lnEta[k];
          sB += d * l * e;
        }
      }
    }
    const S1 = PS;
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
