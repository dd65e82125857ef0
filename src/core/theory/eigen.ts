// Symmetric eigenvalues plus one projected vector, for the exact PLRF spectrum.
//
// Why our own solver: the exact loss needs the eigenvalues of K = W^T D W (d × d) and the
// projections V^T g of one vector g on its eigenvectors, never the eigenvectors themselves.
// Householder tridiagonalisation (tred2 order, lower triangle, row-contiguous loops) followed by
// implicit QL (tqli) with each Givens rotation applied to the single vector gives both in
// (4/3) d³ + O(d²) flops on Float64Array. The maintained npm option, ml-matrix 6
// (EigenvalueDecomposition, a JAMA port on arrays of arrays), always accumulates all eigenvectors
// (0.83 s at d = 512 and 7.3 s at d = 1024 when measured, 5-7x slower than this file). The
// tridiagonalisation here is the fallback; plrfKernels.ts does it in WebAssembly SIMD (docs/PHASES.md §8),
// and both paths share tridiagonalEigenProject.
import { checkStop, type ProgressHooks } from './model';

/**
 * Eigen-decomposition of the symmetric matrix A (n × n row-major; only the lower triangle
 * A[i*n + j], j ≤ i, is read, and A is destroyed). Returns eigenvalues (descending) and
 * proj[k] = <V_k, h> for the matching unit eigenvectors V_k.
 */
export function symEigenProject(A: Float64Array, n: number, h: Float64Array, hooks?: ProgressHooks): { values: Float64Array; proj: Float64Array } {
  const diag = new Float64Array(n), e = new Float64Array(n);
  const p = new Float64Array(n);
  const y = Float64Array.from(h);
  // --- Householder reduction, rows n-1 .. 1 (tred2 order) ---
  for (let i = n - 1; i >= 1; i--) {
    if ((i & 63) === 0) checkStop(hooks);
    const l = i - 1;
    const ro = i * n;
    if (l === 0) {
      e[i] = A[ro];
      continue;
    }
    let sigma2 = 0;
    for (let k = 0; k <= l; k++) sigma2 += A[ro + k] * A[ro + k];
    if (sigma2 === 0) {
      e[i] = 0;
      continue;
    }
    const xl = A[ro + l];
    const alpha = xl >= 0 ? -Math.sqrt(sigma2) : Math.sqrt(sigma2);
    const H = sigma2 - xl * alpha; // = u^T u / 2
    A[ro + l] = xl - alpha; // u stored in row i, entries 0..l
    e[i] = alpha;
    // p = A0 u / H with A0 the leading (l+1)×(l+1) block, lower triangle
    for (let r = 0; r <= l; r++) p[r] = 0;
    for (let r = 0; r <= l; r++) {
      const rr = r * n;
      const ur = A[ro + r];
      let acc = 0;
      for (let c = 0; c < r; c++) {
        const a = A[rr + c];
        acc += a * A[ro + c];
        p[c] += a * ur;
      }
      p[r] += acc + A[rr + r] * ur;
    }
    let up = 0;
    for (let r = 0; r <= l; r++) {
      p[r] /= H;
      up += A[ro + r] * p[r];
    }
    const K = up / (2 * H);
    for (let r = 0; r <= l; r++) p[r] -= K * A[ro + r]; // p := q
    for (let r = 0; r <= l; r++) {
      const rr = r * n;
      const ur = A[ro + r], qr = p[r];
      for (let c = 0; c <= r; c++) A[rr + c] -= ur * p[c] + qr * A[ro + c];
    }
    // apply the reflector to the projected vector
    let uh = 0;
    for (let r = 0; r <= l; r++) uh += A[ro + r] * y[r];
    uh /= H;
    for (let r = 0; r <= l; r++) y[r] -= uh * A[ro + r];
  }
  for (let i = 0; i < n; i++) diag[i] = A[i * n + i];
  return tridiagonalEigenProject(diag, e, y);
}

/**
 * Eigenvalues (descending) of the symmetric tridiagonal matrix with diagonal `diag` and couplings
 * e[i] between i−1 and i (e[0] unused), and proj[k] = <V_k, y> for its unit eigenvectors, by
 * implicit QL with shifts (tqli) applying each rotation to y alone: O(n²). All three arrays are overwritten.
 */
export function tridiagonalEigenProject(diag: Float64Array, e: Float64Array, y: Float64Array): { values: Float64Array; proj: Float64Array } {
  const n = diag.length;
  // --- implicit QL with shifts (tqli); e[i-1] := coupling between i-1 and i ---
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  const eps = 2.220446049250313e-16;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(diag[m]) + Math.abs(diag[m + 1]);
        if (Math.abs(e[m]) <= eps * dd) break;
      }
      if (m !== l) {
        if (iter++ === 100) throw new Error('symEigenProject: QL iteration did not converge');
        let g = (diag[l + 1] - diag[l]) / (2 * e[l]);
        let r = Math.sqrt(g * g + 1);
        g = diag[m] - diag[l] + e[l] / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
        let s = 1, c = 1, pp = 0;
        let i: number;
        let early = false;
        for (i = m - 1; i >= l; i--) {
          const f = s * e[i], b = c * e[i];
          e[i + 1] = r = Math.sqrt(f * f + g * g);
          if (r === 0) {
            diag[i + 1] -= pp;
            e[m] = 0;
            early = true;
            break;
          }
          s = f / r;
          c = g / r;
          g = diag[i + 1] - pp;
          r = (diag[i] - g) * s + 2 * c * b;
          pp = s * r;
          diag[i + 1] = g + pp;
          g = c * r - b;
          const yf = y[i + 1];
          y[i + 1] = s * y[i] + c * yf;
          y[i] = c * y[i] - s * yf;
        }
        if (early) continue;
        diag[l] -= pp;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
  // sort descending
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => diag[b] - diag[a]);
  const values = new Float64Array(n), proj = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    values[k] = diag[idx[k]];
    proj[k] = y[idx[k]];
  }
  return { values, proj };
}
