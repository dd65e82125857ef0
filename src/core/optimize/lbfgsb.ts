/**
 * L-BFGS-B: limited-memory BFGS for bound-constrained minimisation.
 *
 * Written from the published descriptions:
 *   R. H. Byrd, P. Lu, J. Nocedal, C. Zhu, "A limited memory algorithm for bound constrained
 *   optimization", SIAM J. Sci. Comput. 16(5) 1995;
 *   C. Zhu, R. H. Byrd, P. Lu, J. Nocedal, "Algorithm 778: L-BFGS-B", ACM TOMS 23(4) 1997;
 *   J. L. Morales, J. Nocedal, "Remark on Algorithm 778", ACM TOMS 38(1) 2011 (projected
 *   subspace step, used by scipy's `minimize(method='L-BFGS-B')`);
 *   J. J. Moré, D. J. Thuente, "Line search algorithms with guaranteed sufficient decrease",
 *   ACM TOMS 20(3) 1994.
 *
 * Each iteration:
 *   1. generalized Cauchy point (GCP) along the projected steepest-descent path, using the
 *      compact representation B = theta*I - W M W^T, W = [Y, theta*S];
 *   2. subspace minimisation of the quadratic model over the variables free at the GCP
 *      (direct primal method: Sherman-Morrison-Woodbury Newton step, projected onto the box,
 *      falling back to backtracking towards the GCP if the projected step is not descent);
 *   3. Moré-Thuente line search (ftol 1e-3, gtol 0.9, xtol 0.1) with the step capped so the
 *      iterate stays feasible; a failed line search first discards the memory and retries
 *      with steepest descent, and only then terminates abnormally;
 *   4. limited-memory update, skipped when s'y <= eps * (-g_k's) (curvature too small).
 *      S'S, S'Y and Y'Y are kept up to date with the new pair's dot products only (as the Fortran
 *      code does), so the usual case of step 2 (no variable at a bound) needs no O(m^2 n) work.
 * The arithmetic (operations and their order) is that of the straightforward formulation: the
 * shortcuts only skip exact zeros and reuse identical products, so iterates are bitwise the same.
 * For small problems (n <= DENSE_MAX_N, every scaling-law fit here) steps 1-2 instead hold B as an
 * n x n matrix rebuilt each iteration by the BFGS recursion from theta*I over the same pairs, which
 * equals the compact form (Byrd, Nocedal, Schnabel, Math. Prog. 63, 1994): O(m n^2) instead of
 * O(m^3) per iteration, ~2x less time per iteration at n = 5, m = 10. Same model, Cauchy path and
 * subspace step; only rounding differs (on the scipy comparison problems the iteration counts are
 * still scipy's). `representation: 'compact'` forces the Fortran formulation.
 * Stopping rules as scipy: ||proj g||_inf <= gtol, or (f_k - f_{k+1}) / max(|f_k|,|f_{k+1}|,1)
 * <= ftol; iteration limit first, then evaluation limit, checked after each iteration.
 *
 * Pure TypeScript, no imports of vscode / DOM / fs. No allocation per iteration: the buffers come from a
 * workspace reused by the next call with the same (n, m).
 */
import {
  MSG_ABNORMAL_LNSRCH,
  MSG_ABNORMAL_START,
  MSG_CANCELLED,
  MSG_CONV_FTOL,
  MSG_CONV_PGTOL,
  MSG_STOP_FUN,
  MSG_STOP_ITER,
  type OptimizeResult,
} from './optimizeResult';

export type { OptimizeResult } from './optimizeResult';

export interface LbfgsbOptions {
  /** Lower bounds; -Infinity allowed; default unbounded. */
  lower?: Float64Array;
  /** Upper bounds; +Infinity allowed; default unbounded. */
  upper?: Float64Array;
  /** Number of correction pairs kept (memory), default 10. */
  m?: number;
  /** Maximum number of iterations, default 15000. */
  maxIter?: number;
  /** Maximum number of function evaluations (checked after each iteration, as scipy), default 15000. */
  maxFun?: number;
  /** Relative reduction tolerance, scipy's ftol = factr*eps; default 2.220446049250313e-9. */
  ftol?: number;
  /** Projected-gradient infinity-norm tolerance (scipy pgtol), default 1e-5. */
  gtol?: number;
  /** Maximum number of evaluations per line search, default 20. */
  maxLineSearch?: number;
  /** Cooperative cancellation, checked once per iteration. */
  shouldStop?: () => boolean;
  /**
   * How steps 1-2 hold the limited-memory matrix B. 'compact' (the Fortran code's factors of
   * B = theta*I - W M W^T, O(m^3) per iteration, bitwise scipy's iterates); 'dense' (B itself,
   * n x n, rebuilt each iteration by the BFGS recursion from theta*I over the same pairs, which
   * equals the compact form (Byrd, Nocedal, Schnabel 1994), O(m n^2)); 'auto' (default): dense
   * when n <= DENSE_MAX_N, where it is ~2x cheaper per iteration.
   */
  representation?: 'auto' | 'compact' | 'dense';
}

/** Largest dimension for which 'auto' holds B densely (the fits here have 1-8 parameters). */
export const DENSE_MAX_N = 8;

const EPSMCH = 2.220446049250313e-16;
const BIG = 1e10;

// Line-search outcome codes.
const LS_FG = 0;
const LS_CONV = 1;
const LS_WARN = 2;

/**
 * Moré-Thuente line search (the MINPACK-2 dcsrch/dcstep logic), as a small state machine.
 * start() sets the initial step; iterate(f, g) consumes f and the directional derivative at
 * the current `stp` and either asks for a new evaluation (LS_FG, new `stp`) or finishes.
 */
class MoreThuente {
  stp = 0;
  private ftol = 1e-3;
  private gtol = 0.9;
  private xtol = 0.1;
  private stpmin = 0;
  private stpmax = 0;
  private brackt = false;
  private stage = 1;
  private finit = 0;
  private ginit = 0;
  private gtest = 0;
  private width = 0;
  private width1 = 0;
  private stx = 0;
  private fx = 0;
  private gx = 0;
  private sty = 0;
  private fy = 0;
  private gy = 0;
  private stmin = 0;
  private stmax = 0;

  start(f: number, g: number, stp: number, ftol: number, gtol: number, xtol: number, stpmin: number, stpmax: number): void {
    this.stp = stp;
    this.ftol = ftol;
    this.gtol = gtol;
    this.xtol = xtol;
    this.stpmin = stpmin;
    this.stpmax = stpmax;
    this.brackt = false;
    this.stage = 1;
    this.finit = f;
    this.ginit = g;
    this.gtest = ftol * g;
    this.width = stpmax - stpmin;
    this.width1 = this.width / 0.5;
    this.stx = 0;
    this.fx = f;
    this.gx = g;
    this.sty = 0;
    this.fy = f;
    this.gy = g;
    this.stmin = 0;
    this.stmax = stp + 4 * stp;
  }

  /**
   * The trial at `stp` gave a non-finite value: treat it as a failed step, move halfway back
   * towards the best step so far and forbid stepping past the midpoint again.
   * Returns false when no meaningful step remains.
   */
  rejectNonFinite(): boolean {
    const failed = this.stp;
    const mid = this.stx + 0.5 * (failed - this.stx);
    if (!(Math.abs(mid - this.stx) > EPSMCH * Math.max(1, Math.abs(this.stx)))) return false;
    if (failed > this.stx) {
      this.stpmax = Math.min(this.stpmax, mid);
      if (this.stmax > mid) this.stmax = mid;
    } else {
      this.stpmin = Math.max(this.stpmin, mid);
      if (this.stmin < mid) this.stmin = mid;
    }
    this.stp = mid;
    return true;
  }

  iterate(f: number, g: number): number {
    const stp = this.stp;
    const ftest = this.finit + stp * this.gtest;
    if (this.stage === 1 && f <= ftest && g >= 0) this.stage = 2;

    // Termination: convergence, then warnings (the caller treats both as "done").
    if (f <= ftest && Math.abs(g) <= this.gtol * -this.ginit) return LS_CONV;
    if (this.brackt && (stp <= this.stmin || stp >= this.stmax)) return LS_WARN; // rounding errors
    if (this.brackt && this.stmax - this.stmin <= this.xtol * this.stmax) return LS_WARN; // xtol
    if (stp === this.stpmax && f <= ftest && g <= this.gtest) return LS_WARN; // stp = stpmax
    if (stp === this.stpmin && (f > ftest || g >= this.gtest)) return LS_WARN; // stp = stpmin

    if (this.stage === 1 && f <= this.fx && f > ftest) {
      // Use the modified function psi(a) = f(a) - f(0) - a*gtest while in stage 1.
      const gtest = this.gtest;
      this.fx -= this.stx * gtest;
      this.fy -= this.sty * gtest;
      this.gx -= gtest;
      this.gy -= gtest;
      this.step(f - stp * gtest, g - gtest);
      this.fx += this.stx * gtest;
      this.fy += this.sty * gtest;
      this.gx += gtest;
      this.gy += gtest;
    } else {
      this.step(f, g);
    }

    if (this.brackt) {
      if (Math.abs(this.sty - this.stx) >= 0.66 * this.width1) this.stp = this.stx + 0.5 * (this.sty - this.stx);
      this.width1 = this.width;
      this.width = Math.abs(this.sty - this.stx);
      this.stmin = Math.min(this.stx, this.sty);
      this.stmax = Math.max(this.stx, this.sty);
    } else {
      this.stmin = this.stp + 1.1 * (this.stp - this.stx);
      this.stmax = this.stp + 4 * (this.stp - this.stx);
    }
    if (this.stp < this.stpmin) this.stp = this.stpmin;
    if (this.stp > this.stpmax) this.stp = this.stpmax;
    if (
      (this.brackt && (this.stp <= this.stmin || this.stp >= this.stmax)) ||
      (this.brackt && this.stmax - this.stmin <= this.xtol * this.stmax)
    ) {
      this.stp = this.stx;
    }
    return LS_FG;
  }

  /** dcstep: safeguarded cubic/quadratic step; updates the interval [stx, sty] and stp. */
  private step(fp: number, dp: number): void {
    const stx = this.stx, fx = this.fx, dx = this.gx;
    const sty = this.sty, fy = this.fy, dy = this.gy;
    const stp = this.stp;
    const stpmin = this.stmin, stpmax = this.stmax;
    const sgnd = dp * (dx / Math.abs(dx));
    let stpf: number;

    if (fp > fx) {
      // Case 1: higher function value; the minimum is bracketed.
      const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
      const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
      let gamma = s * Math.sqrt(Math.max(0, (theta / s) * (theta / s) - (dx / s) * (dp / s)));
      if (stp < stx) gamma = -gamma;
      const p = gamma - dx + theta;
      const q = gamma - dx + gamma + dp;
      const r = p / q;
      const stpc = stx + r * (stp - stx);
      const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
      stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
      this.brackt = true;
    } else if (sgnd < 0) {
      // Case 2: lower value, derivatives of opposite sign; bracketed.
      const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
      const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
      let gamma = s * Math.sqrt(Math.max(0, (theta / s) * (theta / s) - (dx / s) * (dp / s)));
      if (stp > stx) gamma = -gamma;
      const p = gamma - dp + theta;
      const q = gamma - dp + gamma + dx;
      const r = p / q;
      const stpc = stp + r * (stx - stp);
      const stpq = stp + (dp / (dp - dx)) * (stx - stp);
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      this.brackt = true;
    } else if (Math.abs(dp) < Math.abs(dx)) {
      // Case 3: lower value, same-sign derivative, derivative magnitude decreases.
      const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
      const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
      let gamma = s * Math.sqrt(Math.max(0, (theta / s) * (theta / s) - (dx / s) * (dp / s)));
      if (stp > stx) gamma = -gamma;
      const p = gamma - dp + theta;
      const q = gamma + (dx - dp) + gamma;
      const r = p / q;
      let stpc: number;
      if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
      else if (stp > stx) stpc = stpmax;
      else stpc = stpmin;
      const stpq = stp + (dp / (dp - dx)) * (stx - stp);
      if (this.brackt) {
        stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
        if (stp > stx) stpf = Math.min(stp + 0.66 * (sty - stp), stpf);
        else stpf = Math.max(stp + 0.66 * (sty - stp), stpf);
      } else {
        stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
        stpf = Math.min(stpmax, stpf);
        stpf = Math.max(stpmin, stpf);
      }
    } else {
      // Case 4: lower value, same-sign derivative that does not decrease.
      if (this.brackt) {
        const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
        const s = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
        let gamma = s * Math.sqrt(Math.max(0, (theta / s) * (theta / s) - (dy / s) * (dp / s)));
        if (stp > sty) gamma = -gamma;
        const p = gamma - dp + theta;
        const q = gamma - dp + gamma + dy;
        const r = p / q;
        stpf = stp + r * (sty - stp);
      } else if (stp > stx) {
        stpf = stpmax;
      } else {
        stpf = stpmin;
      }
    }

    // Update the interval that contains a minimiser.
    if (fp > fx) {
      this.sty = stp;
      this.fy = fp;
      this.gy = dp;
    } else {
      if (sgnd < 0) {
        this.sty = stx;
        this.fy = fx;
        this.gy = dx;
      }
      this.stx = stp;
      this.fx = fp;
      this.gx = dp;
    }
    this.stp = stpf;
  }
}

/** In-place Cholesky A = L L^T of the leading k x k block of a row-major matrix with stride ld. */
function cholesky(a: Float64Array, k: number, ld: number): boolean {
  for (let j = 0; j < k; j++) {
    const rj = j * ld;
    let s = a[rj + j];
    for (let p = 0; p < j; p++) s -= a[rj + p] * a[rj + p];
    if (!(s > 0)) return false;
    const djj = Math.sqrt(s);
    a[rj + j] = djj;
    for (let i = j + 1; i < k; i++) {
      const ri = i * ld;
      let t = a[ri + j];
      for (let p = 0; p < j; p++) t -= a[ri + p] * a[rj + p];
      a[ri + j] = t / djj;
    }
  }
  return true;
}

/** Solve L y = b in place (b := y), L lower triangular (stride ld), vector at offset off. */
function solveLower(l: Float64Array, k: number, ld: number, b: Float64Array, off: number): void {
  for (let i = 0; i < k; i++) {
    const ri = i * ld;
    let s = b[off + i];
    for (let p = 0; p < i; p++) s -= l[ri + p] * b[off + p];
    b[off + i] = s / l[ri + i];
  }
}

/** Solve L^T y = b in place (b := y). */
function solveLowerT(l: Float64Array, k: number, ld: number, b: Float64Array, off: number): void {
  for (let i = k - 1; i >= 0; i--) {
    let s = b[off + i];
    for (let p = i + 1, o = p * ld + i; p < k; p++, o += ld) s -= l[o] * b[off + p];
    b[off + i] = s / l[i * ld + i];
  }
}

/**
 * Every buffer of one lbfgsb call except the returned x and gradient. One spare is kept for the
 * next call with the same (n, m) (the hot use is thousands of small solves in a row); a call made
 * while the spare is in use (an objective that itself calls lbfgsb) allocates its own. Every
 * entry is written before it is read within a call, so reuse cannot leak state between calls.
 */
class Workspace {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly nbd: Int8Array;
  readonly xk: Float64Array; // iterate at the start of the line search (Fortran t)
  readonly gk: Float64Array; // its gradient (Fortran r before the update)
  readonly z: Float64Array; // GCP, then the subspace-minimisation point
  readonly d: Float64Array; // search direction
  readonly dc: Float64Array; // Cauchy path direction
  readonly xp: Float64Array; // saved GCP in subsm
  readonly rr: Float64Array; // reduced gradient / subspace step (free positions)
  readonly brk: Float64Array; // breakpoints
  readonly order: Int32Array;
  readonly index: Int32Array; // free variables first (nfree), then active ones
  readonly iwhere: Int8Array;
  readonly ws: Float64Array; // S columns, slot-major: slot*n + i
  readonly wy: Float64Array; // Y columns
  readonly sy: Float64Array; // S^T Y (logical order, oldest first), lower part used
  readonly ss: Float64Array; // S^T S
  readonly wt: Float64Array; // Cholesky factor of T = theta*S^T S + L D^-1 L^T
  readonly kp: Float64Array; // subspace: Cholesky of D + Y_F^T Y_F / theta
  readonly kb: Float64Array; // subspace: (2,1) block
  readonly et: Float64Array; // subspace: (Lp^-1 B^T)^T
  readonly kc: Float64Array; // subspace: Schur complement, then its Cholesky
  readonly yyS: Float64Array; // Y^T Y by storage slot: yyS[a*m + b] = y_a'y_b
  readonly syS: Float64Array; // S^T Y by storage slot: syS[a*m + b] = s_a'y_b
  readonly tc: Float64Array; // terms of L D^-1 L^T by storage slots (see formt)
  readonly gs: Float64Array; // S gathered in index order (general formk), logical-column-major
  readonly gy: Float64Array; // Y gathered likewise
  readonly pv: Float64Array;
  readonly cv: Float64Array;
  readonly wbp: Float64Array;
  readonly vv: Float64Array;
  readonly wv: Float64Array;
  readonly slot: Int32Array; // logical column j -> storage slot
  readonly soff: Int32Array; // slot[j] * n
  readonly bm: Float64Array; // dense B (row-major n x n)
  readonly bd: Float64Array; // dense: B d along the Cauchy path
  readonly bc: Float64Array; // dense: B c, c the Cauchy path displacement; B s in buildDense
  readonly kf: Float64Array; // dense: Cholesky factor of B restricted to the free variables

  constructor(
    readonly n: number,
    readonly m: number,
  ) {
    this.lo = new Float64Array(n);
    this.hi = new Float64Array(n);
    this.nbd = new Int8Array(n);
    this.xk = new Float64Array(n);
    this.gk = new Float64Array(n);
    this.z = new Float64Array(n);
    this.d = new Float64Array(n);
    this.dc = new Float64Array(n);
    this.xp = new Float64Array(n);
    this.rr = new Float64Array(n);
    this.brk = new Float64Array(n);
    this.order = new Int32Array(n);
    this.index = new Int32Array(n);
    this.iwhere = new Int8Array(n);
    this.ws = new Float64Array(n * m);
    this.wy = new Float64Array(n * m);
    this.sy = new Float64Array(m * m);
    this.ss = new Float64Array(m * m);
    this.wt = new Float64Array(m * m);
    this.kp = new Float64Array(m * m);
    this.kb = new Float64Array(m * m);
    this.et = new Float64Array(m * m);
    this.kc = new Float64Array(m * m);
    this.yyS = new Float64Array(m * m);
    this.syS = new Float64Array(m * m);
    this.tc = new Float64Array(m <= TERM_CACHE_MAX_M ? m * m * m : 0);
    this.gs = new Float64Array(n * m);
    this.gy = new Float64Array(n * m);
    const m2 = 2 * m;
    this.pv = new Float64Array(m2);
    this.cv = new Float64Array(m2);
    this.wbp = new Float64Array(m2);
    this.vv = new Float64Array(m2);
    this.wv = new Float64Array(m2);
    this.slot = new Int32Array(m);
    this.soff = new Int32Array(m);
    this.bm = new Float64Array(n * n);
    this.bd = new Float64Array(n);
    this.bc = new Float64Array(n);
    this.kf = new Float64Array(n * n);
  }
}

let spare: Workspace | undefined;
const TERM_CACHE_MAX_M = 32;

/**
 * Minimise f subject to lower <= x <= upper with L-BFGS-B.
 * fg(x, g) returns f(x) and writes the gradient into g. x must not be retained.
 */
export function lbfgsb(
  fg: (x: Float64Array, g: Float64Array) => number,
  x0: ArrayLike<number>,
  options: LbfgsbOptions = {},
): OptimizeResult {
  const n = x0.length;
  const m = Math.max(1, Math.floor(options.m ?? 10));
  const maxIter = options.maxIter ?? 15000;
  const maxFun = options.maxFun ?? 15000;
  const ftol = options.ftol ?? 2.220446049250313e-9;
  const pgtol = options.gtol ?? 1e-5;
  const maxLs = Math.max(1, Math.floor(options.maxLineSearch ?? 20));
  const shouldStop = options.shouldStop;
  const lower = options.lower;
  const upper = options.upper;
  if (lower && lower.length !== n) throw new RangeError(`lbfgsb: lower has length ${lower.length}, expected ${n}`);
  if (upper && upper.length !== n) throw new RangeError(`lbfgsb: upper has length ${upper.length}, expected ${n}`);

  // ---- buffers: x and g are returned, the rest comes from a reusable workspace
  const x = new Float64Array(n);
  const g = new Float64Array(n);
  let work = spare;
  if (work !== undefined && work.n === n && work.m === m) spare = undefined;
  else work = new Workspace(n, m);
  const ws0 = work;
  const { lo, hi, nbd, xk, gk, z, d, dc, xp, rr, brk, order, index, iwhere } = ws0;
  const { ws, wy, sy, ss, wt, kp, kb, et, kc, yyS, syS, tc, gs, gy, pv, cv, wbp, vv, wv, slot, soff } = ws0;
  const { bm, bd, bc, kf } = ws0;
  const rep = options.representation ?? 'auto';
  const dense = rep === 'dense' || (rep === 'auto' && n <= DENSE_MAX_N);

  // ---- bounds: nbd 0 none, 1 lower only, 2 both, 3 upper only (as in the Fortran code)
  let cnstnd = false;
  let boxed = n > 0;
  for (let i = 0; i < n; i++) {
    const l = lower ? lower[i] : -Infinity;
    const u = upper ? upper[i] : Infinity;
    if (l > u) throw new RangeError(`lbfgsb: lower[${i}] = ${l} > upper[${i}] = ${u}`);
    const hasL = Number.isFinite(l);
    const hasU = Number.isFinite(u);
    lo[i] = hasL ? l : -Infinity;
    hi[i] = hasU ? u : Infinity;
    nbd[i] = hasL ? (hasU ? 2 : 1) : hasU ? 3 : 0;
    if (nbd[i] !== 0) cnstnd = true;
    if (nbd[i] !== 2) boxed = false;
  }

  let col = 0;
  let head = 0;
  let theta = 1;
  let nit = 0;
  let nfev = 0;
  let f = 0;

  const hasLower = (i: number): boolean => nbd[i] === 1 || nbd[i] === 2;
  const hasUpper = (i: number): boolean => nbd[i] >= 2;

  // ---- project x0 into the box, initialise iwhere (-1 unbounded, 3 fixed, 0 otherwise)
  for (let i = 0; i < n; i++) {
    let xi = +x0[i];
    if (xi < lo[i]) xi = lo[i];
    if (xi > hi[i]) xi = hi[i];
    x[i] = xi;
    iwhere[i] = nbd[i] === 0 ? -1 : nbd[i] === 2 && hi[i] - lo[i] <= 0 ? 3 : 0;
  }

  const finish = (status: 0 | 1 | 2 | 3, message: string): OptimizeResult => {
    spare = ws0;
    return { x, fun: f, jac: g, nit, nfev, status, success: status === 0, message };
  };

  const allFinite = (v: Float64Array): boolean => {
    for (let i = 0; i < n; i++) if (!Number.isFinite(v[i])) return false;
    return true;
  };

  const projectInPlace = (v: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      if (v[i] < lo[i]) v[i] = lo[i];
      else if (v[i] > hi[i]) v[i] = hi[i];
    }
  };

  /** Infinity norm of the projected gradient. */
  const projgr = (): number => {
    let norm = 0;
    for (let i = 0; i < n; i++) {
      let gi = g[i];
      if (nbd[i] !== 0) {
        if (gi < 0) {
          if (hasUpper(i)) gi = Math.max(x[i] - hi[i], gi);
        } else if (hasLower(i)) {
          gi = Math.min(x[i] - lo[i], gi);
        }
      }
      const a = Math.abs(gi);
      if (a > norm) norm = a;
    }
    return norm;
  };

  const refreshSlots = (): void => {
    for (let j = 0; j < col; j++) {
      let sl = head + j;
      if (sl >= m) sl -= m;
      slot[j] = sl;
      soff[j] = sl * n;
    }
  };

  const resetMemory = (): void => {
    col = 0;
    head = 0;
    theta = 1;
  };

  /** out := M v for the 2col-vector v (M = middle matrix of the compact representation). */
  const bmv = (v: Float64Array, out: Float64Array): void => {
    if (col === 0) return;
    // Second block: T p2 = v2 + L D^-1 v1.
    for (let i = 0; i < col; i++) {
      let s = v[col + i];
      for (let k = 0; k < i; k++) s += (sy[i * m + k] * v[k]) / sy[k * m + k];
      out[col + i] = s;
    }
    solveLower(wt, col, m, out, col);
    solveLowerT(wt, col, m, out, col);
    // First block: p1 = D^-1 (L^T p2 - v1).
    for (let i = 0; i < col; i++) {
      let s = -v[i];
      for (let k = i + 1; k < col; k++) s += sy[k * m + i] * out[col + k];
      out[i] = s / sy[i * m + i];
    }
  };

  /** Form T = theta*SS + L D^-1 L^T and factor it. */
  const formt = (): boolean => {
    if (tc.length === 0) {
      for (let i = 0; i < col; i++) {
        for (let j = 0; j <= i; j++) {
          let s = theta * ss[i * m + j];
          for (let k = 0; k < j; k++) s += (sy[i * m + k] * sy[j * m + k]) / sy[k * m + k];
          wt[i * m + j] = s;
        }
      }
      return cholesky(wt, col, m);
    }
    // The terms sy[i][k] sy[j][k] / sy[k][k] depend only on the pairs, so they are kept by
    // storage slots; only those of the newest pair (i = col - 1) are new. Same sums, same order.
    const last = col - 1;
    const rl = last * m;
    const bl = slot[last] * m;
    for (let j = 0; j <= last; j++) {
      const rj = j * m;
      const base = (bl + slot[j]) * m;
      for (let k = 0; k < j; k++) tc[base + slot[k]] = (sy[rl + k] * sy[rj + k]) / sy[k * m + k];
    }
    for (let i = 0; i < col; i++) {
      const ri = i * m;
      const bi = slot[i] * m;
      for (let j = 0; j <= i; j++) {
        const base = (bi + slot[j]) * m;
        let s = theta * ss[ri + j];
        for (let k = 0; k < j; k++) s += tc[base + slot[k]];
        wt[ri + j] = s;
      }
    }
    return cholesky(wt, col, m);
  };

  /**
   * First step of both Cauchy searches: classify the variables (iwhere), set the path direction
   * dc = -g on the free ones and collect their breakpoints (brk, order). Returns their number;
   * leaves g'dc in pathF1 and whether the path is bounded in pathBounded.
   */
  let pathF1 = 0;
  let pathBounded = true;
  /** Curvature of the model along the path, and its value at the start (for the safeguard). */
  let pathF2 = 0;
  let pathF2org = 0;
  const cauchyPath = (): number => {
    let bnded = true;
    let nbreak = 0;
    let f1 = 0;
    for (let i = 0; i < n; i++) {
      const neggi = -g[i];
      let tl = 0;
      let tu = 0;
      if (iwhere[i] !== 3 && iwhere[i] !== -1) {
        if (hasLower(i)) tl = x[i] - lo[i];
        if (hasUpper(i)) tu = hi[i] - x[i];
        const xlower = hasLower(i) && tl <= 0;
        const xupper = hasUpper(i) && tu <= 0;
        iwhere[i] = 0;
        if (xlower) {
          if (neggi <= 0) iwhere[i] = 1;
        } else if (xupper) {
          if (neggi >= 0) iwhere[i] = 2;
        } else if (Math.abs(neggi) <= 0) {
          iwhere[i] = -3;
        }
      }
      if (iwhere[i] !== 0 && iwhere[i] !== -1) {
        dc[i] = 0;
      } else {
        dc[i] = neggi;
        f1 -= neggi * neggi;
        if (hasLower(i) && neggi < 0) {
          brk[nbreak] = tl / -neggi;
          order[nbreak++] = i;
        } else if (hasUpper(i) && neggi > 0) {
          brk[nbreak] = tu / neggi;
          order[nbreak++] = i;
        } else if (Math.abs(neggi) > 0) {
          bnded = false;
        }
      }
    }
    pathF1 = f1;
    pathBounded = bnded;
    return nbreak;
  };

  /** Sort the breakpoints ascending (insertion sort; n is small in our uses). */
  const sortBreakpoints = (nbreak: number): void => {
    for (let a = 1; a < nbreak; a++) {
      const tb = brk[a];
      const ob = order[a];
      let b = a - 1;
      while (b >= 0 && brk[b] > tb) {
        brk[b + 1] = brk[b];
        order[b + 1] = order[b];
        b--;
      }
      brk[b + 1] = tb;
      order[b + 1] = ob;
    }
  };

  /** z := P(x + tsum dc) on the variables still moving along the path. */
  const moveAlongPath = (tsum: number): void => {
    for (let i = 0; i < n; i++) {
      if (dc[i] !== 0) {
        let zi = x[i] + tsum * dc[i];
        if (zi < lo[i]) zi = lo[i];
        else if (zi > hi[i]) zi = hi[i];
        z[i] = zi;
      }
    }
  };

  /**
   * Generalized Cauchy point: z := xcp, cv := W^T (xcp - x); updates iwhere.
   * Returns false on a breakdown (non-finite curvature), which triggers a memory reset.
   */
  const cauchy = (sbgnrm: number): boolean => {
    z.set(x);
    const col2 = 2 * col;
    for (let j = 0; j < col2; j++) {
      pv[j] = 0;
      cv[j] = 0;
    }
    if (sbgnrm <= 0) return true;
    const nbreak = cauchyPath();
    pathF2 = 0;
    for (let i = 0; i < n; i++) {
      if (iwhere[i] !== 0 && iwhere[i] !== -1) continue;
      const neggi = dc[i];
      for (let j = 0; j < col; j++) {
        const o = soff[j] + i;
        pv[j] += wy[o] * neggi;
        pv[col + j] += ws[o] * neggi;
      }
    }
    if (pathF1 === 0) return true; // zero direction: the GCP is x
    if (theta !== 1) for (let j = 0; j < col; j++) pv[col + j] *= theta;

    let f2 = -theta * pathF1;
    pathF2org = f2; // the safeguard's scale: theta |d|^2, as the Fortran code
    if (col > 0) {
      bmv(pv, vv);
      let s = 0;
      for (let j = 0; j < col2; j++) s += vv[j] * pv[j];
      f2 -= s;
    }
    pathF2 = f2;
    const dtm = walkPath(nbreak, -pathF1 / f2, crossCompact);
    if (col > 0) for (let j = 0; j < col2; j++) cv[j] += dtm * pv[j];
    return Number.isFinite(pathF1) && Number.isFinite(pathF2);
  };

  /** Compact-form model update after the path crosses breakpoint ibp (see walkPath). */
  const crossCompact = (dt: number, ibp: number, dibp: number, zibp: number): void => {
    const dibp2 = dibp * dibp;
    let f1 = pathF1 + dt * pathF2 + dibp2 - theta * dibp * zibp;
    let f2 = pathF2 - theta * dibp2;
    if (col > 0) {
      const col2 = 2 * col;
      for (let j = 0; j < col2; j++) cv[j] += dt * pv[j];
      for (let j = 0; j < col; j++) {
        const o = soff[j] + ibp;
        wbp[j] = wy[o];
        wbp[col + j] = theta * ws[o];
      }
      bmv(wbp, vv);
      let wmc = 0;
      let wmp = 0;
      let wmw = 0;
      for (let j = 0; j < col2; j++) {
        wmc += cv[j] * vv[j];
        wmp += pv[j] * vv[j];
        wmw += wbp[j] * vv[j];
      }
      for (let j = 0; j < col2; j++) pv[j] -= dibp * wbp[j];
      f1 += dibp * wmc;
      f2 += 2 * dibp * wmp - dibp2 * wmw;
    }
    pathF1 = f1;
    pathF2 = f2;
  };

  /**
   * The Cauchy path's segments, shared by both representations: from x along dc, each breakpoint
   * before the model's minimiser fixes its variable at the bound (z, iwhere, dc) and `cross`
   * updates the model's slope pathF1 and curvature pathF2; then z := P(x + t* dc). Returns the
   * step dtm taken in the last segment.
   */
  const walkPath = (nbreak: number, dtm0: number, cross: (dt: number, ibp: number, dibp: number, zibp: number) => void): number => {
    let dtm = dtm0;
    let tsum = 0;
    if (nbreak > 0) {
      sortBreakpoints(nbreak);
      let tj = 0;
      let nleft = nbreak;
      for (let it = 0; it < nbreak; it++) {
        const tj0 = tj;
        tj = brk[it];
        const ibp = order[it];
        const dt = tj - tj0;
        if (dtm < dt) break; // the minimiser lies in this segment
        tsum += dt;
        nleft--;
        const dibp = dc[ibp];
        dc[ibp] = 0;
        let zibp: number;
        if (dibp > 0) {
          zibp = hi[ibp] - x[ibp];
          z[ibp] = hi[ibp];
          iwhere[ibp] = 2;
        } else {
          zibp = lo[ibp] - x[ibp];
          z[ibp] = lo[ibp];
          iwhere[ibp] = 1;
        }
        if (nleft === 0 && nbreak === n) return dt; // every variable is at a bound
        cross(dt, ibp, dibp, zibp);
        pathF2 = Math.max(EPSMCH * pathF2org, pathF2);
        if (nleft > 0) {
          dtm = -pathF1 / pathF2;
        } else if (pathBounded) {
          dtm = 0;
        } else {
          dtm = -pathF1 / pathF2;
        }
      }
    }
    if (!(dtm > 0)) dtm = 0;
    tsum += dtm;
    moveAlongPath(tsum);
    return dtm;
  };

  /** Free variables at the GCP first (returns their count), active ones after. */
  const freev = (): number => {
    let nfree = 0;
    let iact = n;
    for (let i = 0; i < n; i++) {
      if (iwhere[i] <= 0) index[nfree++] = i;
      else index[--iact] = i;
    }
    return nfree;
  };

  /**
   * Factor K = [[-D - Y_F'Y_F/theta, L_A' - R_F'], [L_A - R_F, theta*S_A'S_A]] blockwise:
   * P = D + Y_F'Y_F/theta = Lp Lp', E = Lp^-1 B', Schur = C + E'E = Ls Ls'.
   * E is stored transposed: et[j*m + i] = E[i][j] (row j of et = Lp^-1 (row j of B)).
   */
  const formk = (nfree: number): boolean => {
    if (nfree === n && formkAllFree()) return kcFactor;
    etTri = false;
    // Gather S and Y columns in index order (free first, then active): same products, same order.
    for (let j = 0; j < col; j++) {
      const sj = soff[j];
      const gj = j * n;
      for (let q = 0; q < n; q++) {
        const k = index[q];
        gs[gj + q] = ws[sj + k];
        gy[gj + q] = wy[sj + k];
      }
    }
    for (let i = 0; i < col; i++) {
      const gi = i * n;
      for (let j = 0; j <= i; j++) {
        const gj = j * n;
        let yy = 0;
        for (let q = 0; q < nfree; q++) yy += gy[gi + q] * gy[gj + q];
        let sa = 0;
        for (let q = nfree; q < n; q++) sa += gs[gi + q] * gs[gj + q];
        kp[i * m + j] = yy / theta + (i === j ? sy[i * m + i] : 0);
        kc[i * m + j] = theta * sa;
      }
    }
    for (let i = 0; i < col; i++) {
      const gi = i * n;
      for (let j = 0; j < col; j++) {
        const gj = j * n;
        let b = 0;
        if (i > j) {
          for (let q = nfree; q < n; q++) b += gs[gi + q] * gy[gj + q];
        } else {
          for (let q = 0; q < nfree; q++) b -= gs[gi + q] * gy[gj + q];
        }
        kb[i * m + j] = b;
      }
    }
    if (!cholesky(kp, col, m)) return false;
    for (let j = 0; j < col; j++) {
      const rj = j * m;
      for (let i = 0; i < col; i++) {
        const ri = i * m;
        let s = kb[rj + i];
        for (let p = 0; p < i; p++) s -= kp[ri + p] * et[rj + p];
        et[rj + i] = s / kp[ri + i];
      }
    }
    for (let i = 0; i < col; i++) {
      const ri = i * m;
      for (let j = 0; j <= i; j++) {
        const rj = j * m;
        let s = kc[ri + j];
        for (let p = 0; p < col; p++) s += et[ri + p] * et[rj + p];
        kc[ri + j] = s;
      }
    }
    return cholesky(kc, col, m);
  };

  /**
   * formk when every variable is free (index = identity), from the incrementally maintained
   * Y'Y and S'Y: then S_A is empty, B = -R_F is upper triangular and E = Lp^-1 B' has
   * et[j][i] = +0 for i < j. The zero products are skipped; with finite Lp and E this gives
   * bitwise the same factors as the general path (adding +-0 to a sum that started at +0
   * cannot change it). Returns false (caller falls back to the general path) when Lp is not
   * finite; otherwise leaves the Schur factorisation outcome in kcFactor.
   */
  let kcFactor = false;
  let etTri = false; // et from formkAllFree, finite: et[j][i] = +0 for i < j
  const formkAllFree = (): boolean => {
    for (let i = 0; i < col; i++) {
      const ri = i * m;
      const si = slot[i] * m;
      for (let j = 0; j < i; j++) kp[ri + j] = yyS[si + slot[j]] / theta + 0;
      kp[ri + i] = yyS[si + slot[i]] / theta + sy[ri + i];
    }
    if (!cholesky(kp, col, m)) {
      kcFactor = false;
      return true;
    }
    for (let i = 0; i < col; i++) {
      const ri = i * m;
      for (let p = 0; p <= i; p++) if (!Number.isFinite(kp[ri + p])) return false;
    }
    let etFinite = true;
    for (let j = 0; j < col; j++) {
      const rj = j * m;
      const sj = slot[j] * m;
      for (let i = 0; i < j; i++) et[rj + i] = 0;
      for (let i = j; i < col; i++) {
        const ri = i * m;
        let s = 0 - syS[sj + slot[i]];
        for (let p = j; p < i; p++) s -= kp[ri + p] * et[rj + p];
        const e = s / kp[ri + i];
        et[rj + i] = e;
        if (!Number.isFinite(e)) etFinite = false;
      }
    }
    etTri = etFinite;
    const c0 = theta * 0;
    for (let i = 0; i < col; i++) {
      const ri = i * m;
      const p0 = etFinite ? i : 0;
      for (let j = 0; j <= i; j++) {
        const rj = j * m;
        let s = c0;
        for (let p = p0; p < col; p++) s += et[ri + p] * et[rj + p];
        kc[ri + j] = s;
      }
    }
    kcFactor = cholesky(kc, col, m);
    return true;
  };

  /**
   * v := K^-1 v (length 2col) using the factors from formk. After formkAllFree (etTri), E' is
   * lower triangular and its zero products are skipped when v is finite (bitwise the same).
   */
  const ksolve = (v: Float64Array): void => {
    solveLower(kp, col, m, v, 0); // a = Lp^-1 w1
    let tri = etTri;
    if (tri) for (let p = 0; p < col; p++) if (!Number.isFinite(v[p])) tri = false;
    for (let i = 0; i < col; i++) {
      const ri = i * m;
      let s = 0;
      for (let p = tri ? i : 0; p < col; p++) s += et[ri + p] * v[p];
      v[col + i] += s; // w2 + E'a
    }
    solveLower(kc, col, m, v, col);
    solveLowerT(kc, col, m, v, col); // v2
    tri = etTri;
    if (tri) for (let p = col; p < 2 * col; p++) if (!Number.isFinite(v[p])) tri = false;
    for (let i = 0; i < col; i++) {
      let s = 0;
      const pe = tri ? i + 1 : col;
      for (let p = 0; p < pe; p++) s += et[p * m + i] * v[col + p];
      v[i] -= s; // a - E v2
    }
    solveLowerT(kp, col, m, v, 0);
    for (let i = 0; i < col; i++) v[i] = -v[i];
  };

  /** Reduced gradient at the GCP, negated: rr[q] = -(g + B(z - x))_k for free k = index[q]. */
  const cmprlb = (nfree: number): void => {
    if (!cnstnd && col > 0) {
      for (let q = 0; q < nfree; q++) rr[q] = -g[index[q]];
      return;
    }
    for (let q = 0; q < nfree; q++) {
      const k = index[q];
      rr[q] = -theta * (z[k] - x[k]) - g[k];
    }
    bmv(cv, vv);
    for (let j = 0; j < col; j++) {
      const a1 = vv[j];
      const a2 = theta * vv[col + j];
      const sj = soff[j];
      for (let q = 0; q < nfree; q++) {
        const k = index[q];
        rr[q] += wy[sj + k] * a1 + ws[sj + k] * a2;
      }
    }
  };

  /**
   * Subspace minimisation (Morales-Nocedal variant): Newton step on the free variables,
   * projected onto the box; if that is not a descent direction, backtrack from the GCP.
   */
  const subsm = (nfree: number): boolean => {
    for (let j = 0; j < col; j++) {
      const sj = soff[j];
      let t1 = 0;
      let t2 = 0;
      for (let q = 0; q < nfree; q++) {
        const k = index[q];
        t1 += wy[sj + k] * rr[q];
        t2 += ws[sj + k] * rr[q];
      }
      wv[j] = t1;
      wv[col + j] = theta * t2;
    }
    ksolve(wv);
    for (let q = 0; q < nfree; q++) {
      const k = index[q];
      let s = rr[q];
      for (let j = 0; j < col; j++) {
        const o = soff[j] + k;
        s += (wy[o] * wv[j]) / theta + ws[o] * wv[col + j];
      }
      rr[q] = s / theta;
    }
    for (let q = 0; q < nfree; q++) if (!Number.isFinite(rr[q])) return false;
    return projectStep(nfree);
  };

  /**
   * The Newton step rr on the free variables, from the GCP z: take the projected point if it is
   * a descent direction from x, else backtrack along rr from the GCP until a bound is met.
   */
  const projectStep = (nfree: number): boolean => {
    let hit = false;
    for (let q = 0; q < nfree; q++) {
      const k = index[q];
      xp[k] = z[k];
      let v = z[k] + rr[q];
      if (nbd[k] !== 0) {
        if (hasLower(k) && v <= lo[k]) {
          v = lo[k];
          hit = true;
        }
        if (hasUpper(k) && v >= hi[k]) {
          v = hi[k];
          hit = true;
        }
      }
      z[k] = v;
    }
    if (!hit) return true;
    let ddp = 0;
    for (let i = 0; i < n; i++) ddp += (z[i] - x[i]) * g[i];
    if (!(ddp > 0)) return true;

    // Not a descent direction: backtrack along the Newton direction from the GCP.
    for (let q = 0; q < nfree; q++) z[index[q]] = xp[index[q]];
    let alpha = 1;
    let ibd = -1;
    for (let q = 0; q < nfree; q++) {
      const k = index[q];
      const dk = rr[q];
      if (nbd[k] === 0) continue;
      let t = alpha;
      if (dk < 0 && hasLower(k)) {
        const t2 = lo[k] - z[k];
        if (t2 >= 0) t = 0;
        else if (dk * alpha < t2) t = t2 / dk;
      } else if (dk > 0 && hasUpper(k)) {
        const t2 = hi[k] - z[k];
        if (t2 <= 0) t = 0;
        else if (dk * alpha > t2) t = t2 / dk;
      }
      if (t < alpha) {
        alpha = t;
        ibd = q;
      }
    }
    if (alpha < 1 && ibd >= 0) {
      const dk = rr[ibd];
      const k = index[ibd];
      if (dk > 0) {
        z[k] = hi[k];
        rr[ibd] = 0;
      } else if (dk < 0) {
        z[k] = lo[k];
        rr[ibd] = 0;
      }
    }
    for (let q = 0; q < nfree; q++) {
      const k = index[q];
      z[k] += alpha * rr[q];
    }
    return true;
  };

  // ---- dense representation (see LbfgsbOptions.representation)

  /** bm := B = theta*I updated by BFGS with the stored pairs, oldest first. False on breakdown. */
  const buildDense = (): boolean => {
    bm.fill(0);
    for (let i = 0; i < n; i++) bm[i * n + i] = theta;
    for (let j = 0; j < col; j++) {
      const o = soff[j];
      let sBs = 0;
      for (let i = 0; i < n; i++) {
        let t = 0;
        const ri = i * n;
        for (let k = 0; k < n; k++) t += bm[ri + k] * ws[o + k];
        bc[i] = t; // B s
        sBs += ws[o + i] * t;
      }
      const ys = sy[j * m + j];
      if (!(sBs > 0) || !(ys > 0)) return false;
      const a = 1 / sBs, b = 1 / ys;
      for (let i = 0; i < n; i++) {
        const ri = i * n;
        const bsi = bc[i] * a, yi = wy[o + i] * b;
        for (let k = 0; k <= i; k++) {
          const v = bm[ri + k] - bsi * bc[k] + yi * wy[o + k];
          bm[ri + k] = v;
          bm[k * n + i] = v;
        }
      }
    }
    for (let i = 0; i < n * n; i++) if (!Number.isFinite(bm[i])) return false;
    return true;
  };

  /**
   * Generalized Cauchy point with B held densely: the same path, breakpoints and safeguards as
   * cauchy(), with B d and B c kept as vectors (O(n) per breakpoint). z := xcp; updates iwhere.
   */
  const cauchyDense = (sbgnrm: number): boolean => {
    z.set(x);
    if (sbgnrm <= 0) return true;
    const nbreak = cauchyPath();
    if (pathF1 === 0) return true; // zero direction: the GCP is x
    let f2 = 0;
    for (let i = 0; i < n; i++) {
      let t = 0;
      const ri = i * n;
      for (let k = 0; k < n; k++) t += bm[ri + k] * dc[k];
      bd[i] = t;
      bc[i] = 0;
      f2 += dc[i] * t;
    }
    pathF2 = f2;
    pathF2org = -theta * pathF1; // the safeguard's scale, as in cauchy()
    walkPath(nbreak, -pathF1 / f2, crossDense);
    return Number.isFinite(pathF1) && Number.isFinite(pathF2);
  };

  /** Dense model update after crossing breakpoint ibp: c += dt d, d loses ibp; f1 = g'd + d'Bc, f2 = d'Bd. */
  const crossDense = (dt: number, ibp: number, dibp: number): void => {
    for (let i = 0; i < n; i++) bc[i] += dt * bd[i];
    for (let i = 0; i < n; i++) bd[i] -= dibp * bm[i * n + ibp];
    let gd = 0, dBc = 0, f2 = 0;
    for (let i = 0; i < n; i++) {
      gd -= dc[i] * dc[i]; // g'd = -|d|^2 along the path (d = -g where not fixed)
      dBc += dc[i] * bc[i];
      f2 += dc[i] * bd[i];
    }
    pathF1 = gd + dBc;
    pathF2 = f2;
  };

  /**
   * Subspace step with B held densely: rr := (B_FF)^-1 (-(g + B(z - x)))_F by Cholesky on the
   * free variables (what formk, cmprlb and subsm's first half compute through the compact form),
   * then the same projection and backtracking as subsm. False on breakdown.
   */
  const subspaceDense = (nfree: number): boolean => {
    for (let i = 0; i < n; i++) bc[i] = z[i] - x[i];
    for (let q = 0; q < nfree; q++) {
      const k = index[q];
      const rk = k * n;
      let t = g[k];
      for (let j = 0; j < n; j++) t += bm[rk + j] * bc[j];
      rr[q] = -t;
      for (let p = 0; p <= q; p++) kf[q * n + p] = bm[rk + index[p]];
    }
    if (!cholesky(kf, nfree, n)) return false;
    solveLower(kf, nfree, n, rr, 0);
    solveLowerT(kf, nfree, n, rr, 0);
    for (let q = 0; q < nfree; q++) if (!Number.isFinite(rr[q])) return false;
    return projectStep(nfree);
  };

  // ---- initial evaluation
  f = fg(x, g);
  nfev = 1;
  if (!Number.isFinite(f) || !allFinite(g)) return finish(2, MSG_ABNORMAL_START);
  let sbgnrm = projgr();
  if (sbgnrm <= pgtol) return finish(0, MSG_CONV_PGTOL);

  const ls = new MoreThuente();
  let nfreeAll = -1; // unconstrained: index = identity once set

  for (;;) {
    if (shouldStop && shouldStop()) return finish(3, MSG_CANCELLED);
    refreshSlots();

    // ---- 1. Cauchy point and free set
    if (dense && !buildDense()) {
      resetMemory(); // rounding broke positive definiteness: restart from steepest descent
      continue;
    }
    let nfree: number;
    if (!cnstnd && col > 0) {
      z.set(x);
      if (nfreeAll !== n) {
        for (let i = 0; i < n; i++) index[i] = i;
        nfreeAll = n;
      }
      nfree = n;
    } else {
      if (!(dense ? cauchyDense(sbgnrm) : cauchy(sbgnrm))) {
        if (col > 0) {
          resetMemory();
          continue;
        }
        return finish(2, MSG_ABNORMAL_LNSRCH);
      }
      nfree = freev();
      nfreeAll = -1;
    }

    // ---- 2. subspace minimisation
    if (nfree > 0 && col > 0) {
      let ok: boolean;
      if (dense) ok = subspaceDense(nfree);
      else {
        ok = formk(nfree);
        if (ok) {
          cmprlb(nfree);
          ok = subsm(nfree);
        }
      }
      if (!ok) {
        resetMemory();
        continue;
      }
    }

    // ---- 3. line search along d = z - x
    let dtd = 0;
    for (let i = 0; i < n; i++) {
      const di = z[i] - x[i];
      d[i] = di;
      dtd += di * di;
    }
    const dnorm = Math.sqrt(dtd);
    let stpmx = BIG;
    if (cnstnd) {
      if (nit === 0) {
        stpmx = 1;
      } else {
        for (let i = 0; i < n; i++) {
          const a1 = d[i];
          if (nbd[i] === 0) continue;
          if (a1 < 0 && hasLower(i)) {
            const a2 = lo[i] - x[i];
            if (a2 >= 0) stpmx = 0;
            else if (a1 * stpmx < a2) stpmx = a2 / a1;
          } else if (a1 > 0 && hasUpper(i)) {
            const a2 = hi[i] - x[i];
            if (a2 <= 0) stpmx = 0;
            else if (a1 * stpmx > a2) stpmx = a2 / a1;
          }
        }
      }
    }
    let stp = nit === 0 && !boxed ? Math.min(1 / dnorm, stpmx) : 1;
    if (stp > stpmx) stp = stpmx;

    xk.set(x);
    gk.set(g);
    const fold = f;
    let gd = 0;
    for (let i = 0; i < n; i++) gd += g[i] * d[i];
    const gdold = gd;
    let lsOk = false;
    if (gd < 0 && stp > 0 && Number.isFinite(stp)) {
      ls.start(f, gd, stp, 1e-3, 0.9, 0.1, 0, stpmx);
      let nls = 0;
      while (nls < maxLs) {
        stp = ls.stp;
        if (stp === 1) {
          x.set(z);
        } else {
          for (let i = 0; i < n; i++) x[i] = xk[i] + stp * d[i];
          if (cnstnd) projectInPlace(x);
        }
        const ft = fg(x, g);
        nfev++;
        nls++;
        if (!Number.isFinite(ft) || !allFinite(g)) {
          if (!ls.rejectNonFinite()) break;
          continue;
        }
        f = ft;
        gd = 0;
        for (let i = 0; i < n; i++) gd += g[i] * d[i];
        if (ls.iterate(f, gd) !== LS_FG) {
          lsOk = f <= fold; // never accept an increase (possible after a line-search warning)
          break;
        }
      }
    }
    if (!lsOk) {
      x.set(xk);
      g.set(gk);
      f = fold;
      if (col === 0) return finish(2, MSG_ABNORMAL_LNSRCH);
      resetMemory();
      continue;
    }

    // ---- 4. new iterate: limits, convergence tests, memory update
    nit++;
    sbgnrm = projgr();
    if (nit >= maxIter) return finish(1, MSG_STOP_ITER);
    if (nfev > maxFun) return finish(1, MSG_STOP_FUN);
    if (sbgnrm <= pgtol) return finish(0, MSG_CONV_PGTOL);
    const ddum = Math.max(Math.abs(fold), Math.abs(f), 1);
    if (fold - f <= ftol * ddum) return finish(0, MSG_CONV_FTOL);

    // s = x_{k+1} - x_k = stp*d, y = g_{k+1} - g_k
    let yy = 0;
    let dr: number;
    let curv: number;
    if (stp === 1) {
      dr = gd - gdold;
      curv = -gdold;
    } else {
      dr = (gd - gdold) * stp;
      curv = -gdold * stp;
    }
    if (dr <= EPSMCH * curv) continue; // skip the update
    // Where the new pair goes.
    let sl: number;
    if (col < m) {
      sl = (head + col) % m;
      col++;
    } else {
      sl = head;
      head = (head + 1) % m;
      // Drop the oldest pair: (i+1, j+1) -> (i, j) for i, j < m - 1 is a shift of the whole
      // array by m + 1 (row/column m - 1 get stale values, rewritten below or never read).
      sy.copyWithin(0, m + 1);
      ss.copyWithin(0, m + 1);
    }
    const so = sl * n;
    let sTs = 0;
    for (let i = 0; i < n; i++) {
      const si = stp === 1 ? d[i] : stp * d[i];
      const yi = g[i] - gk[i];
      ws[so + i] = si;
      wy[so + i] = yi;
      yy += yi * yi;
      sTs += si * si;
    }
    theta = yy / dr;
    refreshSlots();
    const last = col - 1;
    sy[last * m + last] = dr;
    if (dense) continue; // the dense form needs only s'y of each pair
    for (let j = 0; j < last; j++) {
      const oj = soff[j];
      let a = 0;
      let b = 0;
      let c = 0;
      let e = 0;
      for (let i = 0; i < n; i++) {
        a += ws[so + i] * wy[oj + i]; // s_new' y_j
        b += ws[oj + i] * ws[so + i]; // s_j' s_new
        c += ws[oj + i] * wy[so + i]; // s_j' y_new
        e += wy[so + i] * wy[oj + i]; // y_new' y_j
      }
      sy[last * m + j] = a;
      ss[j * m + last] = b;
      ss[last * m + j] = b;
      const sj = slot[j];
      syS[sl * m + sj] = a;
      syS[sj * m + sl] = c;
      yyS[sl * m + sj] = e;
      yyS[sj * m + sl] = e;
    }
    {
      let a = 0;
      for (let i = 0; i < n; i++) a += ws[so + i] * wy[so + i];
      syS[sl * m + sl] = a;
      yyS[sl * m + sl] = yy;
    }
    sy[last * m + last] = dr;
    ss[last * m + last] = sTs;
    if (!formt()) resetMemory();
  }
}
