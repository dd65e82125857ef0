// Summation plan that approximates on both sides of the loss-drop sum (see summationPlan.ts for
// the source side): F_s = sum_{k=1..s} f(P[s], k).
//
// The per-point plan sums every far source block once per evaluation point (~450 terms per point
// on a 10 000-step cosine run). But the far part of F depends on the point s only through P[s],
// and is as smooth in s as it is in k: so for a block of points whose P[] is reproduced by a
// TARGET_Q-point interpolant, the far sources are summed at the block's TARGET_Q nodes only and
// the result is interpolated to the block's points (a one-dimensional interpolative fast
// multipole scheme without translations). A source block counts as far by the per-point plan's
// test (distance >= 3 block lengths) applied to whole blocks of points (FAR_BLOCKS); near sources
// are summed exactly. Blocks of TARGET_Q points or fewer, or whose P[] is not smooth (warmup end,
// logged schedules), fall back to per-point sums of the same source blocks. Against exact sums:
// values ~1e-14, Jacobian columns ~1e-12 (farFieldPlan.test.ts). Parameter-free: built once per
// curve like the per-point plan.
import { PLAN_Q, blockFlags, sumRule, type SumPlan } from './summationPlan';

/** Far-field groups: a block of evaluation points whose far sources are summed at its rule nodes. */
export interface FarField {
  /** Block start and level (size 2^level; its nodes and basis are sumRule(level, TARGET_Q)'s). */
  groupLo: Int32Array;
  groupLevel: Int8Array;
  /** Source segments of group g: groupSegStart[g] .. groupSegStart[g+1]-1 (level -1 = exact). */
  groupSegStart: Int32Array;
  groupSegLo: Int32Array;
  groupSegHi: Int32Array;
  groupSegLevel: Int8Array;
  /** Groups that point i interpolates from: pointGroup[pointGroupStart[i] .. pointGroupStart[i+1]-1]. */
  pointGroupStart: Int32Array;
  pointGroup: Int32Array;
}

/**
 * Smallest block level (16 steps; the per-point plan's 32 would double the exactly summed near
 * field, now the bulk of the work). The accuracy is the per-point plan's (multipower tests).
 */
const L0 = 4;
/**
 * Source block b is far from point block a (same level, size m) when a - b >= 4: every point s
 * of block a is then at least 3m + 1 past the block's end, the per-point plan's ratio 3.
 */
const FAR_BLOCKS = 4;
/** Nodes per point block: two more than the source rules' q (error ~rho^-q, rho ~ 14 at ratio 3) keep the interpolated sums ~1e-12. */
export const TARGET_Q = PLAN_Q + 2;

/** Segment list being built (lo, hi, level), merging adjacent exact runs. */
class Segments {
  lo: number[] = [];
  hi: number[] = [];
  lev: number[] = [];
  push(lo: number, hi: number, level: number): void {
    const n = this.lo.length;
    if (level < 0 && n > 0 && this.lev[n - 1] < 0 && this.hi[n - 1] === lo) this.hi[n - 1] = hi;
    else this.lo.push(lo), this.hi.push(hi), this.lev.push(level);
  }
}

/** True when the q-point interpolant of P over [lo, lo + 2^level) reproduces it at every step. */
function smoothP(P: Float64Array, lo: number, level: number, q: number): boolean {
  const rule = sumRule(level, q);
  const m = rule.m, base = P[lo];
  const tol = 1e-12 * (P[lo + m - 1] - base);
  if (!(tol > 0)) return false;
  for (let k = 0; k < m; k++) {
    let v = 0;
    for (let j = 0; j < q; j++) v += rule.basis[k * q + j] * (P[lo + rule.nodes[j]] - base);
    if (!(Math.abs(v - (P[lo + k] - base)) <= tol)) return false;
  }
  return true;
}

/**
 * Plan for sums over k = 1..s for each s in `steps` (any order, repeats allowed). The direct part
 * (segStart/segLo/segHi/segLevel) is per point as in the per-point plan; `far` adds the groups.
 */
export function buildFarFieldPlan(gap: Float64Array, lnEta: Float64Array, P: Float64Array, steps: Int32Array, q = PLAN_Q): SumPlan & { far: FarField } {
  const T = gap.length;
  const n = steps.length;
  const flags = blockFlags(gap, lnEta, q, L0);
  const order = Array.from(steps.keys()).sort((x, y) => steps[x] - steps[y]);
  const sorted = Int32Array.from(order, (i) => steps[i]);
  const direct = Array.from({ length: n }, () => new Segments());
  const groupOf = new Map<number, number>(); // (level, block) -> group id
  const groups: { lo: number; level: number; segs: Segments; from: number; to: number }[] = [];
  const pSmooth = new Map<number, boolean>();
  let cost = 0;
  let Ltop = L0;
  while (1 << Ltop < T) Ltop++;

  // Source block b of level L as rule blocks (smooth), nothing (all gaps zero), or exact runs.
  const decompose = (L: number, b: number, out: Segments): number => {
    const m = 1 << L, lo = b * m;
    const fl = L < flags.length && b < flags[L].length ? flags[L][b] : 0;
    if (fl === 2) return 0;
    if (fl === 1 && lo >= 1) {
      out.push(lo, lo + m, L);
      return q;
    }
    if (L > L0) return decompose(L - 1, 2 * b, out) + decompose(L - 1, 2 * b + 1, out);
    const a = Math.max(1, lo);
    out.push(a, lo + m, -1);
    return lo + m - a;
  };
  const smoothAt = (L: number, a: number): boolean => {
    const key = a * 64 + L;
    let v = pSmooth.get(key);
    if (v === undefined) pSmooth.set(key, (v = (a + 1) << L <= T && smoothP(P, a << L, L, TARGET_Q)));
    return v;
  };
  // Points sorted[from..to) all lie in point block a of level L; source block b is far from it.
  const addPair = (L: number, a: number, b: number, from: number, to: number): void => {
    const count = to - from;
    if (count > TARGET_Q && smoothAt(L, a)) {
      const key = a * 64 + L;
      let g = groupOf.get(key);
      if (g === undefined) groupOf.set(key, (g = groups.push({ lo: a << L, level: L, segs: new Segments(), from, to }) - 1));
      cost += TARGET_Q * decompose(L, b, groups[g].segs);
      return;
    }
    if (count > TARGET_Q && L > L0) {
      const mid = lowerBound(sorted, from, to, (2 * a + 1) << (L - 1));
      for (const [ca, f, t] of [[2 * a, from, mid], [2 * a + 1, mid, to]]) if (t > f) for (const cb of [2 * b, 2 * b + 1]) addPair(L - 1, ca, cb, f, t);
      return;
    }
    const segs = new Segments();
    const per = decompose(L, b, segs);
    for (let r = from; r < to; r++) {
      const d = direct[order[r]];
      for (let j = 0; j < segs.lo.length; j++) d.push(segs.lo[j], segs.hi[j], segs.lev[j]);
      cost += per;
    }
  };

  // Interaction lists: at each level, the source blocks far from a point block whose parents were
  // not far from its parent (those were taken a level up), so every k < s is taken exactly once.
  for (let L = Ltop; L >= L0; L--) {
    for (let from = 0; from < n; ) {
      const a = sorted[from] >> L;
      const to = lowerBound(sorted, from, n, (a + 1) << L);
      const bMin = L === Ltop ? 0 : Math.max(0, 2 * ((a >> 1) - FAR_BLOCKS + 1));
      for (let b = bMin; b <= a - FAR_BLOCKS; b++) addPair(L, a, b, from, to);
      from = to;
    }
  }
  // Near field: the last FAR_BLOCKS leaf blocks up to and including s, exactly.
  for (let i = 0; i < n; i++) {
    const s = steps[i];
    const lo = Math.max(1, ((s >> L0) - FAR_BLOCKS + 1) << L0);
    if (s + 1 > lo) direct[i].push(lo, s + 1, -1), (cost += s + 1 - lo);
  }

  const segStart = new Int32Array(n + 1);
  const lo: number[] = [], hi: number[] = [], lev: number[] = [];
  for (let i = 0; i < n; i++) {
    segStart[i] = lo.length;
    lo.push(...direct[i].lo), hi.push(...direct[i].hi), lev.push(...direct[i].lev);
  }
  segStart[n] = lo.length;
  const groupSegStart = new Int32Array(groups.length + 1);
  const gLo: number[] = [], gHi: number[] = [], gLev: number[] = [];
  const perPoint: number[][] = Array.from({ length: n }, () => []);
  groups.forEach((g, id) => {
    groupSegStart[id] = gLo.length;
    gLo.push(...g.segs.lo), gHi.push(...g.segs.hi), gLev.push(...g.segs.lev);
    for (let r = g.from; r < g.to; r++) perPoint[order[r]].push(id);
    cost += (g.to - g.from) * TARGET_Q; // interpolation, counted like terms
  });
  groupSegStart[groups.length] = gLo.length;
  const pointGroupStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) pointGroupStart[i + 1] = pointGroupStart[i] + perPoint[i].length;
  return {
    segStart,
    segLo: Int32Array.from(lo),
    segHi: Int32Array.from(hi),
    segLevel: Int8Array.from(lev),
    cost,
    far: {
      groupLo: Int32Array.from(groups, (g) => g.lo),
      groupLevel: Int8Array.from(groups, (g) => g.level),
      groupSegStart,
      groupSegLo: Int32Array.from(gLo),
      groupSegHi: Int32Array.from(gHi),
      groupSegLevel: Int8Array.from(gLev),
      pointGroupStart,
      pointGroup: Int32Array.from(perPoint.flat()),
    },
  };
}

/** First index r in [from, to) with sorted[r] >= value. */
function lowerBound(sorted: Int32Array, from: number, to: number, value: number): number {
  while (from < to) {
    const mid = (from + to) >> 1;
    if (sorted[mid] < value) from = mid + 1;
    else to = mid;
  }
  return from;
}
