// Exact expected SGD loss for one drawn W (notes §1.3).
// Conditional on W, features are Gaussian with covariance K = W^T D W. With lambda_i, V_i its
// eigenpairs and g = W^T D b, the initial mode energies are c_i = <V_i, g>² / lambda_i
// (= <U_i, D^(1/2) b>² for the left singular vectors U_i of D^(1/2) W), P_res = ||D^(1/2) b||² − Σ c_i.
// Then E[P(theta_r) | W] solves the discrete Volterra equation, equivalently the modal recursion
//   u_i(r+1) = q_i u_i(r) + gamma² B lambda_i² P(r),   P(r) = P_res + Σ_i u_i(r),  u_i(0) = c_i.
import { symEigenProject, tridiagonalEigenProject } from './eigen';
import { tridiagonalKernelWasm } from './plrfKernels';
import { checkStop, contraction, forEachWRow, initialLoss, type PlrfParams, type ProgressHooks } from './model';

/** A spectral description of the loss dynamics; `weight` = kernel multiplicity per atom (1 for the exact spectrum). */
export interface Spectrum {
  lambda: Float64Array;
  c: Float64Array;
  weight?: Float64Array;
  /** the loss floor min_theta P(theta) (capacity limit F_0) */
  pRes: number;
  /** P(0) = ||D^(1/2) b||² */
  p0: number;
}

/**
 * Build K = W^T D W (lower triangle) and g = W^T D b from the seeded W, streaming W in blocks
 * of rows so that memory is O(d²) whatever v is. Same seed → same W as drawW / the SGD simulation.
 */
export function buildKernelMatrix(p: PlrfParams, seed: number, hooks?: ProgressHooks): { K: Float64Array; g: Float64Array } {
  const { d, v, alpha, beta } = p;
  const K = new Float64Array(d * d), g = new Float64Array(d);
  const NB = 64;
  const Bt = new Float64Array(d * NB); // block transposed: Bt[i*NB + r] = j^-alpha W_ji
  let fill = 0;
  // K[i][k] += Σ_r Bt[i][r] Bt[k][r] for k ≤ i, in 2×4 register tiles (6 loads per 8 multiply-adds)
  const flush = (rows: number) => {
    for (let i = 0; i < d; i += 2) {
      const i1 = Math.min(i + 1, d - 1);
      const io = i * NB, io1 = i1 * NB, ko = i * d, ko1 = i1 * d;
      let k = 0;
      for (; k + 3 <= i; k += 4) {
        const k0 = k * NB, k1 = k0 + NB, k2 = k1 + NB, k3 = k2 + NB;
        let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        for (let r = 0; r < rows; r++) {
          const x = Bt[io + r], y = Bt[io1 + r];
          const w0 = Bt[k0 + r], w1 = Bt[k1 + r], w2 = Bt[k2 + r], w3 = Bt[k3 + r];
          a0 += x * w0; a1 += x * w1; a2 += x * w2; a3 += x * w3;
          b0 += y * w0; b1 += y * w1; b2 += y * w2; b3 += y * w3;
        }
        K[ko + k] += a0; K[ko + k + 1] += a1; K[ko + k + 2] += a2; K[ko + k + 3] += a3;
        if (i1 !== i) {
          K[ko1 + k] += b0; K[ko1 + k + 1] += b1; K[ko1 + k + 2] += b2; K[ko1 + k + 3] += b3;
        }
      }
      for (let ii = i; ii <= i1; ii++) {
        const iio = ii * NB, iko = ii * d;
        for (let kk = k; kk <= ii; kk++) {
          const kb = kk * NB;
          let s = 0;
          for (let r = 0; r < rows; r++) s += Bt[iio + r] * Bt[kb + r];
          K[iko + kk] += s;
        }
        if (i1 === i) break;
      }
    }
  };
  forEachWRow(seed, v, d, (j, row) => {
    const sa = Math.pow(j + 1, -alpha), sg = sa * Math.pow(j + 1, -alpha - beta);
    for (let i = 0; i < d; i++) {
      Bt[i * NB + fill] = sa * row[i];
      g[i] += sg * row[i];
    }
    if (++fill === NB) {
      flush(NB);
      fill = 0;
      checkStop(hooks);
      hooks?.onProgress?.(j + 1, v);
    }
  });
  if (fill) flush(fill);
  return { K, g };
}

/**
 * The exact spectrum (lambda descending, c, P_res) of one seeded draw of W: K = Wᵀ D W and its
 * tridiagonal form in WebAssembly SIMD when available (plrfKernels.ts), else in JavaScript; then
 * QL on the tridiagonal matrix with the reflected g.
 */
export function exactSpectrum(p: PlrfParams, seed: number, hooks?: ProgressHooks): Spectrum {
  const t = tridiagonalKernelWasm(p, seed, hooks);
  let values: Float64Array, proj: Float64Array;
  if (t) ({ values, proj } = tridiagonalEigenProject(t.diag, t.e, t.y));
  else {
    const { K, g } = buildKernelMatrix(p, seed, hooks);
    ({ values, proj } = symEigenProject(K, p.d, g, hooks));
  }
  const n = p.d;
  const c = new Float64Array(n);
  const lmax = values[0];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const l = values[i];
    if (l > 1e-13 * lmax) {
      c[i] = (proj[i] * proj[i]) / l;
      sum += c[i];
    } else {
      values[i] = Math.max(l, 0);
      c[i] = 0;
    }
  }
  const p0 = initialLoss(p.alpha, p.beta, p.v);
  return { lambda: values, c, pRes: Math.max(p0 - sum, 0), p0 };
}

export interface CurveOptions {
  /** relative step of the log-time integrator (h = rho·r); 0 = step every iteration exactly */
  rho?: number;
  /** exact single steps until rho·r reaches this step length (default 10) */
  minStep?: number;
}

/** Default relative step of the log-time integrator and the step length it starts at. */
export const DEFAULT_RHO = 0.02;
export const DEFAULT_MIN_STEP = 10;

/**
 * Expected loss at the requested steps (ascending, may be non-integer) for a spectrum.
 * Error control: the exact modal recursion runs step by step until the log-time step h = rho·r
 * reaches `minStep` (r = 500 by default); after that each step of length h propagates every mode
 * exactly for a loss that is linear in the iteration count over the step:
 *   u_i(r+h) = q_i^h u_i + kw_i Σ_{s<h} q_i^(h−1−s) P(r+s),   P(r+s) = P_old + (s/h)(P_new − P_old),
 * with the discrete sums in closed form (exact for integer h; the same formulas interpolate a
 * fractional last step). P_new is solved implicitly: P_new = (P_res + Σ(a u + w_old P_old)) / (1 − Σ w_new).
 * The only error left is the linear interpolation of P over one step, O(rho²) relative
 * (test/unit/core/theory/exact.test.ts bounds it by 1e-3 for alpha = 0.3 … 2).
 * No allocation per step; cost O(d) per step, O(d (minStep/rho + log(R)/rho)) in total.
 */
export function modalCurve(spec: Spectrum, p: PlrfParams, steps: ArrayLike<number>, opt: CurveOptions = {}, hooks?: ProgressHooks): Float64Array {
  const rho = opt.rho ?? DEFAULT_RHO;
  const minStep = Math.max(1, opt.minStep ?? DEFAULT_MIN_STEP);
  const n = spec.lambda.length;
  const g2B = p.lr * p.lr * p.batch;
  const q = new Float64Array(n), omq = new Float64Array(n), lnq = new Float64Array(n), kw = new Float64Array(n);
  const u = Float64Array.from(spec.c), tmp = new Float64Array(n), bn = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const l = spec.lambda[i];
    q[i] = contraction(l, p.lr, p.batch);
    omq[i] = 2 * p.lr * p.batch * l - p.lr * p.lr * p.batch * (p.batch + 1) * l * l;
    lnq[i] = Math.log1p(-omq[i]);
    kw[i] = g2B * l * l * (spec.weight ? spec.weight[i] : 1);
  }
  const pRes = spec.pRes;
  let P = pRes;
  for (let i = 0; i < n; i++) P += u[i];
  let r = 0;
  const out = new Float64Array(steps.length);
  const exactUntil = rho > 0 ? minStep / rho : Infinity;
  let count = 0;
  for (let k = 0; k < steps.length; k++) {
    const target = steps[k];
    if (target < r - 1e-9) throw new Error('modalCurve: steps must be ascending');
    while (target - r > 1e-9) {
      if ((++count & 255) === 0) checkStop(hooks);
      if (r < exactUntil && target - r >= 1) {
        let s = pRes;
        for (let i = 0; i < n; i++) {
          const ui = q[i] * u[i] + kw[i] * P;
          u[i] = ui;
          s += ui;
        }
        P = s;
        r += 1;
        continue;
      }
      const h = Math.min(target - r, Math.max(1, rho * r));
      let A = pRes, Sb = 0;
      for (let i = 0; i < n; i++) {
        const om = omq[i], hom = h * om;
        const em = Math.expm1(h * lnq[i]); // q^h − 1
        const a = 1 + em;
        // S0 = Σ_{m<h} q^m, C = Σ_{m<h} (h−1−m) q^m (the weight of s/h·P_new, times h)
        let S0: number, C: number;
        if (hom > 1e-4) {
          S0 = -em / om;
          C = (hom + em) / (om * om);
        } else {
          // q → 1: series in om (truncation O((h om)²) ≤ 1e-8 relative; the closed form would cancel)
          S0 = h * (1 - (om * (h - 1)) / 2);
          C = ((h * (h - 1)) / 2) * (1 - (om * (h - 2)) / 3);
        }
        const w = kw[i] * S0;
        const b1 = (kw[i] * C) / h; // weight of P_new
        tmp[i] = a * u[i] + (w - b1) * P;
        bn[i] = b1;
        A += tmp[i];
        Sb += b1;
      }
      const Pn = A / (1 - Sb);
      for (let i = 0; i < n; i++) u[i] = tmp[i] + bn[i] * Pn;
      P = Pn;
      r += h;
    }
    out[k] = P;
  }
  return out;
}

/** F(r) = Σ c_i q_i^r + P_res and K(r) = gamma² B Σ w_i lambda_i² q_i^r for r = 0..R-1 (for the direct Volterra check). */
export function forcingAndKernel(spec: Spectrum, p: PlrfParams, R: number): { F: Float64Array; K: Float64Array } {
  const F = new Float64Array(R), K = new Float64Array(R);
  const n = spec.lambda.length;
  const g2B = p.lr * p.lr * p.batch;
  for (let i = 0; i < n; i++) {
    const l = spec.lambda[i], qi = contraction(l, p.lr, p.batch);
    const kw = g2B * l * l * (spec.weight ? spec.weight[i] : 1);
    let qr = 1;
    for (let r = 0; r < R; r++) {
      F[r] += spec.c[i] * qr;
      K[r] += kw * qr;
      qr *= qi;
    }
  }
  for (let r = 0; r < R; r++) F[r] += spec.pRes;
  return { F, K };
}

/** Direct O(R²) solution of P(r) = F(r) + Σ_{s<r} K(r−1−s) P(s). */
export function solveVolterra(F: Float64Array, K: Float64Array): Float64Array {
  const R = F.length;
  const P = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    let s = F[r];
    for (let t = 0; t < r; t++) s += K[r - 1 - t] * P[t];
    P[r] = s;
  }
  return P;
}

/** Kernel norm ||K|| = Σ_r K(r) = Σ_i w_i gamma lambda_i / (2 − gamma (B+1) lambda_i) for a spectrum. */
export function kernelNorm(spec: Spectrum, p: PlrfParams): number {
  let s = 0;
  for (let i = 0; i < spec.lambda.length; i++) {
    const l = spec.lambda[i];
    s += ((spec.weight ? spec.weight[i] : 1) * p.lr * l) / (2 - p.lr * (p.batch + 1) * l);
  }
  return s;
}
