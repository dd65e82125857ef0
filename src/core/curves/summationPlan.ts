// Fast sums of the form  sum_{k=1..s} f_s(k)  where f_s(k) = gap[k] * G(eta_k, P[s] - P[k-1]) is
// smooth in k wherever the schedule is smooth (the multi-power law's loss-drop term).
//
// Naively every evaluation step s costs s terms (O(T) per point, O(T^2) per curve). Here the
// range [1, s] is covered by dyadic blocks [b*2^L, (b+1)*2^L) chosen greedily from the top:
//   - a block whose gaps are all exactly zero (constant stretch of the schedule) is skipped;
//   - a block where gap[] and ln(eta[]) are reproduced to ~1e-10 by a q-point polynomial
//     interpolant (checked at every integer of the block, once per schedule) is summed with an
//     interpolatory summation rule: sum_k f(k) ~ sum_j w_j f(node_j), exact for polynomials of
//     degree < q, nodes at integers near Chebyshev points; it is used only when the block is
//     at least `ratio` block-lengths away from s (f varies on the scale of the distance to s);
//   - everything else (near s, kinks, noisy arrays from logs) is summed exactly.
// The plan depends on the schedule and the evaluation steps only, not on the law's
// parameters, so it is built once per curve and reused by every evaluation of a fit.
// Accuracy is tested against the exact sum (test/unit/core/curves/multipower.test.ts).

export const PLAN_Q = 8;
const LMIN = 5;

export interface SumRule {
  m: number;
  /** Node offsets within the block (integers in [0, m)). */
  nodes: Int32Array;
  weights: Float64Array;
  /** Lagrange basis at every offset, row-major m x q (used for the smoothness check). */
  basis: Float64Array;
}

/** Rules by q, then level: looked up once per segment in the hot loop, so an array, not a Map. */
const ruleCache: SumRule[][] = [];

export function sumRule(level: number, q = PLAN_Q): SumRule {
  const hit = ruleCache[q]?.[level];
  if (hit) return hit;
  const m = 1 << level;
  const nodes = new Int32Array(q);
  const half = (m - 1) / 2;
  for (let j = 0; j < q; j++) nodes[j] = Math.round(half - half * Math.cos(((2 * j + 1) * Math.PI) / (2 * q)));
  for (let j = 1; j < q; j++) if (nodes[j] <= nodes[j - 1]) throw new Error(`summation rule: block ${m} too small for ${q} nodes`);
  const basis = new Float64Array(m * q);
  const weights = new Float64Array(q);
  for (let k = 0; k < m; k++) {
    for (let j = 0; j < q; j++) {
      let v = 1;
      for (let i = 0; i < q; i++) if (i !== j) v *= (k - nodes[i]) / (nodes[j] - nodes[i]);
      basis[k * q + j] = v;
      weights[j] += v;
    }
  }
  const rule = { m, nodes, weights, basis };
  (ruleCache[q] ??= [])[level] = rule;
  return rule;
}

/** Block flags per level: 0 = sum exactly, 1 = smooth (rule allowed), 2 = all gaps zero (skip). */
export function blockFlags(gap: Float64Array, lnEta: Float64Array, q = PLAN_Q, lmin = LMIN): Uint8Array[] {
  const T = gap.length;
  const flags: Uint8Array[] = [];
  let Lmax = lmin;
  while (1 << (Lmax + 1) <= T) Lmax++;
  for (let L = 0; L <= Lmax; L++) {
    if (L < lmin) {
      flags.push(new Uint8Array(0));
      continue;
    }
    const m = 1 << L;
    const nb = Math.floor(T / m);
    const f = new Uint8Array(nb);
    const rule = sumRule(L, q);
    for (let b = 0; b < nb; b++) {
      const lo = b * m;
      let allZero = true, gmax = 0;
      for (let k = lo; k < lo + m; k++) {
        const g = gap[k];
        if (g !== 0) allZero = false;
        if (Math.abs(g) > gmax) gmax = Math.abs(g);
      }
      if (allZero) {
        f[b] = 2;
        continue;
      }
      let ok = true;
      for (let j = 0; j < q && ok; j++) if (!Number.isFinite(lnEta[lo + rule.nodes[j]])) ok = false;
      const gtol = 1e-10 * gmax;
      for (let k = 0; k < m && ok; k++) {
        let ig = 0, il = 0;
        const row = k * q;
        for (let j = 0; j < q; j++) {
          const w = rule.basis[row + j];
          ig += w * gap[lo + rule.nodes[j]];
          il += w * lnEta[lo + rule.nodes[j]];
        }
        if (!(Math.abs(ig - gap[lo + k]) <= gtol) || !(Math.abs(il - lnEta[lo + k]) <= 1e-9)) ok = false;
      }
      f[b] = ok ? 1 : 0;
    }
    flags.push(f);
  }
  return flags;
}

/** Segments per evaluation point: [lo, hi) with level -1 = exact, else a rule block of size 2^level. */
export interface SumPlan {
  /** Segments of point i are segStart[i] .. segStart[i+1]-1. */
  segStart: Int32Array;
  segLo: Int32Array;
  segHi: Int32Array;
  segLevel: Int8Array;
  /** Terms evaluated per sweep (exact terms + rule nodes); for diagnostics. */
  cost: number;
}

/**
 * Plan for sums over k = 1..s for each s in `steps`. `exact` forces exact sums everywhere
 * (zero-gap blocks are still skipped: they contribute exactly nothing).
 */
export function buildSumPlan(gap: Float64Array, lnEta: Float64Array, steps: Int32Array, options: { exact?: boolean; ratio?: number; q?: number } = {}): SumPlan {
  const q = options.q ?? PLAN_Q;
  const ratio = options.ratio ?? 3;
  const flags = blockFlags(gap, lnEta, q);
  const Lmax = flags.length - 1;
  const lo: number[] = [], hi: number[] = [], lev: number[] = [];
  const segStart = new Int32Array(steps.length + 1);
  const m0 = 1 << LMIN;
  let cost = 0;
  for (let i = 0; i < steps.length; i++) {
    segStart[i] = lo.length;
    const s = steps[i];
    let h = s + 1;
    while (h > 1) {
      const dist = s + 1 - h;
      let took = false;
      for (let L = Lmax; L >= LMIN; L--) {
        const m = 1 << L;
        if (h % m !== 0 || h < m) continue;
        const fl = flags[L][(h - m) >> L];
        if (fl === 2) {
          h -= m;
          took = true;
          break;
        }
        if (fl === 1 && h - m >= 1 && !options.exact && m * ratio <= dist) {
          lo.push(h - m), hi.push(h), lev.push(L);
          cost += q;
          h -= m;
          took = true;
          break;
        }
      }
      if (took) continue;
      const l = Math.max(1, Math.floor((h - 1) / m0) * m0);
      const n = lo.length;
      if (n > segStart[i] && lev[n - 1] === -1 && lo[n - 1] === h) lo[n - 1] = l;
      else lo.push(l), hi.push(h), lev.push(-1);
      cost += h - l;
      h = l;
    }
  }
  segStart[steps.length] = lo.length;
  return { segStart, segLo: Int32Array.from(lo), segHi: Int32Array.from(hi), segLevel: Int8Array.from(lev), cost };
}
