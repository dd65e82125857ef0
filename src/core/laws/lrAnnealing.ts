// LR-annealing law (Tissue et al. 2024, arXiv 2408.11029) for a loss curve under an LR schedule:
//   L(s) = L0 + A * S1(s)^-alpha - C * S2(s),
//   S1(s) = sum_{tau=0..s} eta_tau (forward area, same array convention as the multi-power law),
//   S2(s) = sum_{i=1..s} m_i,  m_i = lambda * m_{i-1} + (eta_{i-1} - eta_i)  (annealing area with momentum).
// No official code exists; lambda = 0.999 as in re-implementations. Choice made here (recorded in
// every fit): the momentum only starts after the warmup (the first step where eta reaches its
// maximum), so the warmup's rising LR is not counted as negative annealing. Known failure of the
// law (kept, not patched): appending zero-LR steps lowers the predicted loss.
//
// Parameters (natural scale, this order): L0, A, alpha, C. lambda is fixed per fit.

export const LRA_PARAM_NAMES = ['L0', 'A', 'alpha', 'C'] as const;
export const LRA_FORMULA = 'L0 + A * S1^(-alpha) - C * S2';
export const LRA_DEFAULT_LAMBDA = 0.999;

export interface LraCurve {
  S1: Float64Array;
  S2: Float64Array;
  steps: Int32Array;
  lambda: number;
}

/** First index where eta reaches its maximum (end of warmup). */
export function warmupEnd(eta: Float64Array): number {
  let best = 0;
  for (let i = 1; i < eta.length; i++) if (eta[i] > eta[best]) best = i;
  return best;
}

/** S1 and S2 at the given steps. */
export function prepareLraCurve(eta: Float64Array, steps: ArrayLike<number>, lambda = LRA_DEFAULT_LAMBDA): LraCurve {
  const T = eta.length;
  const w = warmupEnd(eta);
  const p = new Float64Array(T), s2 = new Float64Array(T);
  let acc = 0, m = 0, a2 = 0;
  for (let i = 0; i < T; i++) {
    acc += eta[i];
    p[i] = acc;
    if (i > w) {
      m = lambda * m + (eta[i - 1] - eta[i]);
      a2 += m;
    }
    s2[i] = a2;
  }
  const n = steps.length;
  const st = new Int32Array(n), S1 = new Float64Array(n), S2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = steps[i];
    if (!Number.isInteger(s) || s < 0 || s >= T) throw new RangeError(`step ${s} is outside the schedule (0..${T - 1})`);
    st[i] = s;
    S1[i] = p[s];
    S2[i] = s2[s];
  }
  return { S1, S2, steps: st, lambda };
}

/** Predictions (and d pred / d param, n x 4, natural scale) at the prepared steps. */
export function lraEvaluate(p: ArrayLike<number>, c: LraCurve, pred: Float64Array, jac?: Float64Array): void {
  const L0 = p[0], A = p[1], alpha = p[2], C = p[3];
  for (let i = 0; i < c.S1.length; i++) {
    const ls = Math.log(c.S1[i]);
    const pw = Math.exp(-alpha * ls);
    pred[i] = L0 + A * pw - C * c.S2[i];
    if (jac) {
      const o = i * 4;
      jac[o] = 1;
      jac[o + 1] = pw;
      jac[o + 2] = -A * ls * pw;
      jac[o + 3] = -c.S2[i];
    }
  }
}
