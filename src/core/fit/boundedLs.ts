// Bounded linear least squares for a handful of unknowns (the linear parameters of a separable
// law): min sum_i w_i (Phi_i c - t_i)^2 subject to lo <= c <= hi. NNLS is the case lo = 0.
// With m <= 4 unknowns, trying every face of the box (each coefficient free, at its lower or at
// its upper bound: at most 3^m small solves) is exact for this convex problem and needs no
// active-set bookkeeping: the optimum is the unconstrained optimum of the face it lies in.

/**
 * Phi is column-major (Phi[k * n + i]); w optional row weights. Returns c (inside the box).
 * Columns are scaled to unit weighted norm so the normal equations are equilibrated.
 */
export function boundedLeastSquares(phi: Float64Array, n: number, m: number, t: ArrayLike<number>, w: ArrayLike<number> | undefined, lo: ArrayLike<number>, hi: ArrayLike<number>): Float64Array {
  const G = new Float64Array(m * m), b = new Float64Array(m), s = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let gjj = 0, bj = 0;
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i] : 1, v = phi[j * n + i];
      gjj += wi * v * v;
      bj += wi * v * t[i];
    }
    s[j] = gjj > 0 ? Math.sqrt(gjj) : 1;
    b[j] = bj / s[j];
    G[j * m + j] = gjj / (s[j] * s[j]);
    for (let k = 0; k < j; k++) {
      let g = 0;
      for (let i = 0; i < n; i++) g += (w ? w[i] : 1) * phi[j * n + i] * phi[k * n + i];
      G[j * m + k] = G[k * m + j] = g / (s[j] * s[k]);
    }
  }
  // In u = s c the objective is u'Gu - 2b'u + const, with bounds s lo, s hi.
  const ulo = new Float64Array(m), uhi = new Float64Array(m);
  for (let j = 0; j < m; j++) { ulo[j] = lo[j] * s[j]; uhi[j] = hi[j] * s[j]; }
  const state = new Int8Array(m); // 0 free, 1 at lower, 2 at upper
  const u = new Float64Array(m);
  const best = new Float64Array(m);
  let bestQ = Infinity, found = false;
  const faces = 3 ** m;
  for (let f = 0; f < faces; f++) {
    let code = f, skip = false;
    for (let j = 0; j < m; j++) {
      state[j] = code % 3;
      code = Math.floor(code / 3);
      if ((state[j] === 1 && !Number.isFinite(ulo[j])) || (state[j] === 2 && !Number.isFinite(uhi[j]))) skip = true;
    }
    if (skip) continue;
    if (!solveFace(G, b, m, state, ulo, uhi, u, 0) && !solveFace(G, b, m, state, ulo, uhi, u, 1e-12)) continue;
    let feasible = true;
    for (let j = 0; j < m; j++) {
      const tol = 1e-12 * Math.max(1, Math.abs(u[j]));
      if (u[j] < ulo[j] - tol || u[j] > uhi[j] + tol) feasible = false;
      u[j] = Math.min(uhi[j], Math.max(ulo[j], u[j]));
    }
    if (!feasible) continue;
    let q = 0;
    for (let j = 0; j < m; j++) {
      let gu = 0;
      for (let k = 0; k < m; k++) gu += G[j * m + k] * u[k];
      q += u[j] * (gu - 2 * b[j]);
    }
    if (q < bestQ) { bestQ = q; best.set(u); found = true; }
  }
  const c = new Float64Array(m);
  // Every vertex is feasible, so best is set unless the data are not finite.
  for (let j = 0; j < m; j++) c[j] = found ? best[j] / s[j] : NaN;
  return c;
}

/** Minimise over the free coordinates with the others at their bounds; false if singular. */
function solveFace(G: Float64Array, b: Float64Array, m: number, state: Int8Array, ulo: Float64Array, uhi: Float64Array, u: Float64Array, ridge: number): boolean {
  const free: number[] = [];
  for (let j = 0; j < m; j++) {
    if (state[j] === 0) free.push(j);
    else u[j] = state[j] === 1 ? ulo[j] : uhi[j];
  }
  const k = free.length;
  if (k === 0) return true;
  const A = new Float64Array(k * k), r = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    const ja = free[a];
    let rhs = b[ja];
    for (let j = 0; j < m; j++) if (state[j] !== 0) rhs -= G[ja * m + j] * u[j];
    r[a] = rhs;
    for (let c = 0; c < k; c++) A[a * k + c] = G[ja * m + free[c]];
  }
  // On failure the caller retries with a tiny ridge (collinear bases, e.g. alpha = 0).
  for (let a = 0; a < k; a++) A[a * k + a] += ridge;
  if (!choleskySolve(A, r, k)) return false;
  for (let a = 0; a < k; a++) u[free[a]] = r[a];
  return true;
}

/** Solve A x = r in place (x into r) for symmetric positive definite k x k A (overwritten); false if not SPD. */
export function choleskySolve(A: Float64Array, r: Float64Array, k: number): boolean {
  for (let a = 0; a < k; a++) {
    for (let c = 0; c <= a; c++) {
      let v = A[a * k + c];
      for (let q = 0; q < c; q++) v -= A[a * k + q] * A[c * k + q];
      if (a === c) {
        if (!(v > 0)) return false;
        A[a * k + a] = Math.sqrt(v);
      } else A[a * k + c] = v / A[c * k + c];
    }
  }
  for (let a = 0; a < k; a++) {
    let v = r[a];
    for (let q = 0; q < a; q++) v -= A[a * k + q] * r[q];
    r[a] = v / A[a * k + a];
  }
  for (let a = k - 1; a >= 0; a--) {
    let v = r[a];
    for (let q = a + 1; q < k; q++) v -= A[q * k + a] * r[q];
    r[a] = v / A[a * k + a];
  }
  return true;
}
