// The multi-power law's loss-drop sums at every evaluation point, following a summation plan:
//   sG   = sum_k gap_k * G(x_k),              x_k = eta_k^-gamma * (P[s] - P[k-1]),
//   sC   = sum_k gap_k * x_k (1+C x_k)^(-beta-1)      (d/dC, up to B*beta),
//   sB   = sum_k gap_k * ln(1+C x_k) (1+C x_k)^-beta  (d/dbeta, up to B),
//   sGam = sum_k gap_k * x_k (1+C x_k)^(-beta-1) ln eta_k  (d/dgamma, up to -B*C*beta).
// They depend on (C, beta, gamma) only, not on L0, A, alpha, B: a fit that holds the shape (the
// extrapolation's default) computes them once per curve, not once per evaluation.
import { sumRule, type SumPlan } from '../curves/summationPlan';
import { TARGET_Q, type FarField } from '../curves/farFieldPlan';

/** What the sums need of a prepared curve (see MplCurve). */
export interface SumsCurve {
  P: Float64Array;
  gap: Float64Array;
  lnEta: Float64Array;
  steps: Int32Array;
  plan: SumPlan & { far?: FarField };
  /** eta^-gamma for egGamma. */
  eg: Float64Array;
  egGamma: number;
  /** Per point (sG, sC, sB, sGam) for (C, beta, gamma) = sumsAt, or NaNs. */
  sums: Float64Array;
  sumsAt: Float64Array;
  /** Far-field groups' four sums at their q nodes. */
  groupSums: Float64Array;
}

/**
 * Adds the four sums over segments [from, to) at P[s] = PS into acc[o..o+3]. No allocation.
 * The term is written out in both loops: one loop for both kinds measured ~5 % slower.
 */
function addSegments(c: SumsCurve, PS: number, C: number, beta: number, segLo: Int32Array, segHi: Int32Array, segLevel: Int8Array, from: number, to: number, acc: Float64Array, o: number): void {
  const { P, gap, lnEta, eg } = c;
  let sG = 0, sC = 0, sB = 0, sGam = 0;
  for (let g = from; g < to; g++) {
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
  acc[o] += sG;
  acc[o + 1] += sC;
  acc[o + 2] += sB;
  acc[o + 3] += sGam;
}

/** Fills c.sums for (C, beta, gamma) unless they are already there. */
export function lossDropSums(c: SumsCurve, C: number, beta: number, gamma: number): Float64Array {
  const at = c.sumsAt;
  if (at[0] === C && at[1] === beta && at[2] === gamma) return c.sums;
  const { P, lnEta, steps, plan, eg, sums } = c;
  if (c.egGamma !== gamma) {
    for (let k = 0; k < eg.length; k++) eg[k] = Math.exp(-gamma * lnEta[k]);
    c.egGamma = gamma;
  }
  const far = plan.far;
  const gs = c.groupSums;
  gs.fill(0);
  if (far) {
    for (let g = 0; g < far.groupLo.length; g++) {
      const nodes = sumRule(far.groupLevel[g], TARGET_Q).nodes;
      for (let j = 0; j < nodes.length; j++) {
        const PS = P[far.groupLo[g] + nodes[j]];
        addSegments(c, PS, C, beta, far.groupSegLo, far.groupSegHi, far.groupSegLevel, far.groupSegStart[g], far.groupSegStart[g + 1], gs, (g * nodes.length + j) * 4);
      }
    }
  }
  sums.fill(0);
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    addSegments(c, P[s], C, beta, plan.segLo, plan.segHi, plan.segLevel, plan.segStart[i], plan.segStart[i + 1], sums, i * 4);
    if (!far) continue;
    // Far sources: interpolate each group's node sums to this point.
    for (let r = far.pointGroupStart[i]; r < far.pointGroupStart[i + 1]; r++) {
      const g = far.pointGroup[r];
      const rule = sumRule(far.groupLevel[g], TARGET_Q);
      const q = rule.nodes.length;
      const row = (s - far.groupLo[g]) * q;
      let sG = 0, sC = 0, sB = 0, sGam = 0;
      for (let j = 0, o = g * q * 4; j < q; j++, o += 4) {
        const w = rule.basis[row + j];
        sG += w * gs[o];
        sC += w * gs[o + 1];
        sB += w * gs[o + 2];
        sGam += w * gs[o + 3];
      }
      sums[i * 4] += sG;
      sums[i * 4 + 1] += sC;
      sums[i * 4 + 2] += sB;
      sums[i * 4 + 3] += sGam;
    }
  }
  at[0] = C, at[1] = beta, at[2] = gamma;
  return sums;
}
