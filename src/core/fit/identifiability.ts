// Is every parameter pinned down by the data? Correlations between parameter estimates (from the
// bootstrap draws when there are any, else from the Gauss–Newton covariance at the optimum), and
// plain-words warnings for parameters whose interval spans orders of magnitude or that move
// together with another parameter. Everything is in fit space (log A, log B, ... for
// log-transformed parameters), where the bootstrap distributions are close to symmetric.
import type { LawSpec, Inputs } from '../laws/types';
import type { ResidualSpace } from '../optimize/objective';
import type { Conditioning as ConditioningHook, Identifiability, ParameterCorrelation } from '../report/fitReport';
import { percentileInterval } from '../numeric/stats';

/** Estimates correlated beyond this move together (reported as "not identified separately" when one is also loose). */
export const CORRELATION_WARN = 0.98;
/** A log-transformed parameter whose 95 % interval spans more than this factor is "not pinned down". */
export const LOG_SPAN_WARN = 10;

/**
 * Jacobian of the residuals (in the fit's residual space) with respect to the free fit-space
 * parameters at `full`: n × k row-major. Analytic when the law has one, else central differences.
 */
export function residualJacobian(law: LawSpec, x: Inputs, full: Float64Array, freeIndex: number[], space: ResidualSpace, n: number): Float64Array {
  const k = freeIndex.length, m = law.params.length;
  const pred = new Float64Array(n);
  const out = new Float64Array(n * k);
  let jac: Float64Array | undefined;
  if (law.evaluate) law.evaluate(full, x, pred, (jac = new Float64Array(n * m)));
  else {
    law.predict(full, x, pred);
    if (law.gradient) law.gradient(full, x, (jac = new Float64Array(n * m)));
  }
  if (jac) {
    for (let i = 0; i < n; i++) for (let d = 0; d < k; d++) out[i * k + d] = jac[i * m + freeIndex[d]];
  } else {
    const p = Float64Array.from(full), up = new Float64Array(n), down = new Float64Array(n);
    for (let d = 0; d < k; d++) {
      const j = freeIndex[d], h = 1e-6 * Math.max(1, Math.abs(full[j]));
      p[j] = full[j] + h;
      law.predict(p, x, up);
      p[j] = full[j] - h;
      law.predict(p, x, down);
      p[j] = full[j];
      for (let i = 0; i < n; i++) out[i * k + d] = (up[i] - down[i]) / (2 * h);
    }
  }
  // d log f = df / f in log space.
  if (space === 'log') for (let i = 0; i < n; i++) for (let d = 0; d < k; d++) out[i * k + d] /= pred[i];
  return out;
}

/**
 * Gauss–Newton covariance scale² (JᵀJ)⁻¹ (k × k), by Cholesky of the column-equilibrated JᵀJ.
 * `rank` counts pivots above 1e-12 of the equilibrated matrix (whose diagonal is 1); a rank below
 * k means some direction changes no prediction, and the covariance is then undefined (NaN).
 */
export function gaussNewtonCovariance(J: Float64Array, n: number, k: number, scale: number): { cov: Float64Array; rank: number } {
  const G = new Float64Array(k * k);
  for (let i = 0; i < n; i++) {
    const o = i * k;
    for (let a = 0; a < k; a++) for (let b = 0; b <= a; b++) G[a * k + b] += J[o + a] * J[o + b];
  }
  const s = new Float64Array(k);
  for (let a = 0; a < k; a++) s[a] = G[a * k + a] > 0 ? 1 / Math.sqrt(G[a * k + a]) : 0;
  // Lower-triangular Cholesky factor of the equilibrated matrix, in place.
  const L = new Float64Array(k * k);
  let rank = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      let v = G[a * k + b] * s[a] * s[b];
      for (let c = 0; c < b; c++) v -= L[a * k + c] * L[b * k + c];
      if (a === b) {
        if (v > 1e-12) { L[a * k + a] = Math.sqrt(v); rank++; }
        else L[a * k + a] = NaN;
      } else L[a * k + b] = v / L[b * k + b];
    }
  }
  const cov = new Float64Array(k * k).fill(NaN);
  if (rank < k) return { cov, rank };
  // inverse of L, then (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹, undone equilibration.
  const Li = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    Li[a * k + a] = 1 / L[a * k + a];
    for (let b = 0; b < a; b++) {
      let v = 0;
      for (let c = b; c < a; c++) v -= L[a * k + c] * Li[c * k + b];
      Li[a * k + b] = v / L[a * k + a];
    }
  }
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let v = 0;
      for (let c = Math.max(a, b); c < k; c++) v += Li[c * k + a] * Li[c * k + b];
      cov[a * k + b] = v * s[a] * s[b] * scale * scale;
    }
  }
  return { cov, rank };
}

function correlationFromCovariance(cov: Float64Array, k: number): number[][] {
  return Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, b) => cov[a * k + b] / Math.sqrt(cov[a * k + a] * cov[b * k + b])));
}

/** Sample correlation matrix of fit-space draws (rows = draws, k columns). */
export function drawCorrelation(draws: Float64Array[], k: number): number[][] {
  const m = draws.length;
  const mean = new Float64Array(k);
  for (const d of draws) for (let a = 0; a < k; a++) mean[a] += d[a] / m;
  const c = new Float64Array(k * k);
  for (const d of draws) for (let a = 0; a < k; a++) for (let b = 0; b <= a; b++) c[a * k + b] += (d[a] - mean[a]) * (d[b] - mean[b]);
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) c[b * k + a] = c[a * k + b];
  return correlationFromCovariance(c, k);
}

export interface IdentifiabilityInput {
  law: LawSpec;
  x: Inputs;
  n: number;
  /** Full fit-space parameters at the optimum. */
  full: Float64Array;
  freeIndex: number[];
  space: ResidualSpace;
  /** Residual scale (robust s.d. of the residuals) for the Gauss–Newton covariance. */
  scale: number;
  /** Bootstrap draws in reported space, params order (FitReport.bootstrap.samples). */
  samples?: number[][];
  /** Condition number of the problem, when the fit reports one (FitReport.conditioning). */
  conditioning?: ConditioningHook;
}

/**
 * FitReport.conditioning (condition numbers of the objective's Gauss-Newton Hessian, core/fit/
 * conditioning.ts): `full` for all free parameters, `projected` for the nonlinear ones of a
 * separable law; `weakest` is the eigenvector of the smallest eigenvalue. `warnings`, when given,
 * are passed through as they are. Defined beside FitReport, whose field it is.
 */
export type { Conditioning as ConditioningHook } from '../report/fitReport';

/** Above this the weakest direction is determined to fewer than half the digits of a double. */
export const CONDITION_WARN = 1e8;

/**
 * Plain words from the conditioning hook. The full problem of a Chinchilla-type law is a narrow
 * ridge in fit space on any data (intercept and exponent trade off), so only the projected
 * (nonlinear) problem is judged when there is one.
 */
export function conditioningWarnings(c: ConditioningHook | undefined): string[] {
  if (!c) return [];
  const out = [...(c.warnings ?? [])];
  const info = c.projected ?? c.full;
  if (info && info.condition !== null && info.condition > CONDITION_WARN) {
    const parts = Object.entries(info.weakest ?? {}).filter(([, v]) => Math.abs(v) >= 0.3).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).map(([n]) => n);
    out.push(`the fit is ill-conditioned (condition number ${info.condition.toExponential(1)}${c.projected ? ' of the nonlinear parameters' : ''})${parts.length ? `: the data barely constrain the combination of ${parts.join(', ')}` : ''}`);
  }
  return out;
}

/** Decades spanned by each law input over the fitted points. */
export function inputSpans(law: LawSpec, x: Inputs, n: number): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  for (const name of law.inputs) {
    const col = x[name];
    if (!col) continue;
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) if (col[i] > 0) { lo = Math.min(lo, col[i]); hi = Math.max(hi, col[i]); }
    if (hi > 0) out[name] = Math.log10(hi / lo);
  }
  return out;
}

/** The input whose log each parameter's sensitivity follows most closely (B and beta → D in Chinchilla). */
function associatedInputs(law: LawSpec, x: Inputs, J: Float64Array, n: number, k: number): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  for (let d = 0; d < k; d++) {
    let best: string | undefined, bestR = 0.3;
    for (const name of law.inputs) {
      const col = x[name];
      if (!col || law.inputs.length < 2) continue;
      let mx = 0, my = 0;
      for (let i = 0; i < n; i++) { mx += Math.log(col[i]) / n; my += Math.abs(J[i * k + d]) / n; }
      let sxy = 0, sxx = 0, syy = 0;
      for (let i = 0; i < n; i++) {
        const u = Math.log(col[i]) - mx, v = Math.abs(J[i * k + d]) - my;
        sxy += u * v; sxx += u * u; syy += v * v;
      }
      const r = Math.abs(sxy / Math.sqrt(sxx * syy));
      if (r > bestR) { bestR = r; best = name; }
    }
    out.push(best);
  }
  return out;
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : String(+v.toPrecision(3));
}

export function assessIdentifiability(input: IdentifiabilityInput): Identifiability {
  const { law, x, n, full, freeIndex, space, scale } = input;
  const k = freeIndex.length;
  const names = freeIndex.map((j) => law.params[j].name);
  const J = residualJacobian(law, x, full, freeIndex, space, n);
  const gn = gaussNewtonCovariance(J, n, k, scale);
  const warnings: string[] = [];
  const spans = inputSpans(law, x, n);
  const assoc = associatedInputs(law, x, J, n, k);
  const spanText = (d: number): string => {
    const name = assoc[d];
    return name !== undefined && spans[name] !== undefined ? `; the data span ${spans[name].toFixed(1)} decades of ${name}` : '';
  };
  const gaussNewton: ParameterCorrelation = {
    source: 'gauss-newton',
    names,
    matrix: gn.rank < k ? [] : correlationFromCovariance(gn.cov, k),
    se: gn.rank < k ? [] : names.map((_, a) => Math.sqrt(gn.cov[a * k + a])),
  };
  if (gn.rank < k) warnings.push(`the parameters are not identifiable from these points: only ${gn.rank} of ${k} directions change the predictions (fix a parameter or add data that varies ${law.inputs.join(', ')})`);

  // 95 % intervals in fit space: bootstrap percentiles, else ±1.96 Gauss–Newton s.e.
  let bootstrap: ParameterCorrelation | undefined;
  const intervals: ([number, number] | undefined)[] = [];
  const draws = (input.samples ?? []).map((s) => Float64Array.from(freeIndex, (j) => (law.params[j].transform === 'log' ? Math.log(s[j]) : s[j])));
  const finiteDraws = draws.filter((d) => d.every(Number.isFinite));
  if (finiteDraws.length >= 20) {
    const matrix = drawCorrelation(finiteDraws, k);
    bootstrap = { source: 'bootstrap', names, matrix };
    for (let d = 0; d < k; d++) intervals.push(percentileInterval(finiteDraws.map((v) => v[d])));
  } else if (gn.rank === k) {
    for (let d = 0; d < k; d++) {
      const se = Math.sqrt(gn.cov[d * k + d]);
      intervals.push([full[freeIndex[d]] - 1.96 * se, full[freeIndex[d]] + 1.96 * se]);
    }
  }
  const source = bootstrap ? 'bootstrap draws' : 'Gauss–Newton covariance';
  const loose = new Array<boolean>(k).fill(false);
  intervals.forEach((iv, d) => {
    if (!iv) return;
    const spec = law.params[freeIndex[d]];
    const [lo, hi] = iv;
    if (spec.transform === 'log') {
      const factor = Math.exp(hi - lo);
      if (factor > LOG_SPAN_WARN) {
        loose[d] = true;
        warnings.push(`${spec.name} is not pinned down by the data: its 95 % interval (${source}) [${fmt(Math.exp(lo))}, ${fmt(Math.exp(hi))}] spans a factor of ${factor >= 1e3 ? factor.toExponential(1) : factor.toFixed(0)}${spanText(d)}`);
      }
    } else {
      const v = full[freeIndex[d]];
      if (hi - lo > Math.max(Math.abs(v), 1e-12)) {
        loose[d] = true;
        warnings.push(`${spec.name} is not pinned down by the data: its 95 % interval (${source}) [${fmt(lo)}, ${fmt(hi)}] is wider than its value ${fmt(v)}${spanText(d)}`);
      }
    }
  });
  const corr = bootstrap ?? (gaussNewton.matrix.length ? gaussNewton : undefined);
  if (corr) {
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < a; b++) {
        const r = corr.matrix[a][b];
        if (Math.abs(r) >= CORRELATION_WARN && (loose[a] || loose[b])) {
          const input = assoc[a] === assoc[b] ? a : loose[a] ? a : b;
          warnings.push(`${names[b]} and ${names[a]} are not identified separately: their estimates are correlated at ${r.toFixed(3)} (${source}), so the data fix a combination of them, not each${spanText(input)}`);
        }
      }
    }
  }
  for (const w of conditioningWarnings(input.conditioning)) if (!warnings.includes(w)) warnings.push(w);
  return { space: 'fit', correlation: corr ?? gaussNewton, gaussNewton, ...(bootstrap ? { bootstrap } : {}), spans, warnings };
}
