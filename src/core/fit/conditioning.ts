// Condition numbers of the problem a fit solved (FitReport.conditioning, read by the
// identifiability warnings through ConditioningHook). The Hessian is Gauss-Newton's, J'WJ in fit
// space, with W = rho''(r) (Huber: 1 inside delta, 0 outside; L1 has none, so W = 1 stands in).
// For a separable law the projected problem's Hessian is the Schur complement onto the nonlinear
// parameters: the Hessian of f(theta) = min_c F(c, theta), whatever the linear ones' scale.
import type { LawSpec } from '../laws/types';
import type { ObjectiveSpec } from '../optimize/objectiveSpec';
import { residualJacobian, type ConditioningHook } from './identifiability';
import type { PreparedProblem } from './problem';

type Info = NonNullable<ConditioningHook['full']>;

export function conditioningOf(prep: PreparedProblem, spec: ObjectiveSpec, full: Float64Array): ConditioningHook {
  const { law, freeIndex } = prep;
  const { x, y } = prep.data;
  const n = y.length, k = freeIndex.length;
  const J = residualJacobian(law, x, full, freeIndex, spec.space, n);
  const pred = new Float64Array(n);
  law.predict(full, x, pred);
  const W = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = spec.space === 'log' ? Math.log(pred[i] / y[i]) : pred[i] - y[i];
    const wi = prep.weights ? prep.weights[i] : 1;
    W[i] = spec.kind === 'huber' ? (Math.abs(r) <= spec.delta ? wi : 0) : wi;
  }
  // Huber with every point outside delta has no curvature from the data; fall back to J'J.
  if (W.every((v) => v === 0)) W.fill(1);
  const H = new Float64Array(k * k);
  for (let i = 0; i < n; i++) for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) H[a * k + b] += W[i] * J[i * k + a] * J[i * k + b];
  const names = freeIndex.map((j) => law.params[j].name);
  const out: ConditioningHook = { full: info(H, k, names) };
  const linear = linearSet(law);
  const nl = freeIndex.map((j, d) => (linear.has(j) ? -1 : d)).filter((d) => d >= 0);
  const lin = freeIndex.map((j, d) => (linear.has(j) ? d : -1)).filter((d) => d >= 0);
  if (law.separable && nl.length && lin.length) {
    const S = schur(H, k, nl, lin);
    out.projected = S ? info(S, nl.length, nl.map((d) => names[d])) : { condition: null };
  }
  return out;
}

function linearSet(law: LawSpec): Set<number> {
  return new Set((law.separable?.linear ?? []).map((nm) => law.params.findIndex((p) => p.name === nm)));
}

function info(H: Float64Array, k: number, names: string[]): Info {
  const { values, vectors } = jacobiEigen(H, k);
  let lo = 0, hi = 0;
  for (let a = 1; a < k; a++) { if (values[a] < values[lo]) lo = a; if (values[a] > values[hi]) hi = a; }
  const condition = values[lo] > 0 && Number.isFinite(values[hi]) ? values[hi] / values[lo] : null;
  const weakest: Record<string, number> = {};
  names.forEach((nm, a) => (weakest[nm] = vectors[a * k + lo]));
  return { condition, weakest };
}

/** H_nn - H_nl H_ll^-1 H_ln (null when H_ll is singular). */
function schur(H: Float64Array, k: number, nl: number[], lin: number[]): Float64Array | undefined {
  const q = lin.length, p = nl.length;
  const L = new Float64Array(q * q);
  lin.forEach((a, i) => lin.forEach((b, j) => (L[i * q + j] = H[a * k + b])));
  const inv = invert(L, q);
  if (!inv) return undefined;
  const S = new Float64Array(p * p);
  nl.forEach((a, i) => nl.forEach((b, j) => {
    let v = H[a * k + b];
    for (let u = 0; u < q; u++) for (let w = 0; w < q; w++) v -= H[a * k + lin[u]] * inv[u * q + w] * H[lin[w] * k + b];
    S[i * p + j] = v;
  }));
  return S;
}

/** Gauss-Jordan inverse with partial pivoting (q <= 4). */
function invert(A: Float64Array, q: number): Float64Array | undefined {
  const M = Float64Array.from(A), I = new Float64Array(q * q);
  for (let i = 0; i < q; i++) I[i * q + i] = 1;
  for (let c = 0; c < q; c++) {
    let piv = c;
    for (let r = c + 1; r < q; r++) if (Math.abs(M[r * q + c]) > Math.abs(M[piv * q + c])) piv = r;
    if (!(Math.abs(M[piv * q + c]) > 0)) return undefined;
    for (let j = 0; j < q; j++) {
      [M[c * q + j], M[piv * q + j]] = [M[piv * q + j], M[c * q + j]];
      [I[c * q + j], I[piv * q + j]] = [I[piv * q + j], I[c * q + j]];
    }
    const d = M[c * q + c];
    for (let j = 0; j < q; j++) { M[c * q + j] /= d; I[c * q + j] /= d; }
    for (let r = 0; r < q; r++) {
      if (r === c) continue;
      const f = M[r * q + c];
      for (let j = 0; j < q; j++) { M[r * q + j] -= f * M[c * q + j]; I[r * q + j] -= f * I[c * q + j]; }
    }
  }
  return I;
}

/** Cyclic Jacobi for a small symmetric matrix: eigenvalues and column eigenvectors. */
export function jacobiEigen(S: Float64Array, k: number): { values: Float64Array; vectors: Float64Array } {
  const A = Float64Array.from(S), V = new Float64Array(k * k);
  for (let i = 0; i < k; i++) V[i * k + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += A[p * k + q] ** 2;
    if (off === 0 || !Number.isFinite(off)) break;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) {
      const apq = A[p * k + q];
      if (apq === 0) continue;
      const theta = (A[q * k + q] - A[p * k + p]) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1), s = t * c;
      for (let r = 0; r < k; r++) {
        const arp = A[r * k + p], arq = A[r * k + q];
        A[r * k + p] = c * arp - s * arq;
        A[r * k + q] = s * arp + c * arq;
      }
      for (let r = 0; r < k; r++) {
        const apr = A[p * k + r], aqr = A[q * k + r];
        A[p * k + r] = c * apr - s * aqr;
        A[q * k + r] = s * apr + c * aqr;
      }
      for (let r = 0; r < k; r++) {
        const vrp = V[r * k + p], vrq = V[r * k + q];
        V[r * k + p] = c * vrp - s * vrq;
        V[r * k + q] = s * vrp + c * vrq;
      }
    }
  }
  return { values: Float64Array.from({ length: k }, (_, i) => A[i * k + i]), vectors: V };
}
