// Pure logic of the phases explorer (no 'vscode', no DOM): the seven regions of the (alpha, beta)
// plane as polygons over a window, the boundary lines, the heatmap grid, and where a fitted
// Chinchilla-type law's compute-optimal exponents sit ("place my fit").
import type { FitReport } from '../../core/report/fitReport';
import { phaseMapGeometry, placeExponents } from '../../core/theory/phases';
import type { FitExponents, Placement, Region } from '../../protocol/panels/phases';

export type { FitExponents, Placement, Region };

export const PLANE_MAX = 1.5;

/**
 * The regions of Paquette et al.'s phase diagram clipped to [0, M]² (from the core's
 * phaseMapGeometry): undefined below 2(alpha+beta) = 1; 2alpha > 1: Ia (2beta < 1),
 * II (1/2 < beta < alpha), III (beta > alpha); 2alpha < 1: Ib (2beta < 1), and for 2beta > 1
 * Ic (alpha < 1/4), IVb (1/4 < alpha < 1 − 1/√2), IVa (1 − 1/√2 < alpha < 1/2).
 */
export function planeRegions(M = PLANE_MAX): Region[] {
  return phaseMapGeometry(M, M).regions.map((r) => ({ name: r.name, poly: r.poly, label: r.label }));
}

/** Boundary segments with their equations (drawn as lines over the regions). */
export function planeBoundaries(M = PLANE_MAX): { name: string; from: [number, number]; to: [number, number] }[] {
  return phaseMapGeometry(M, M).lines.map((l) => ({ name: l.equation, from: l.from, to: l.to }));
}

/** Point-in-polygon (ray casting); used by the tests and to name a clicked point's region. */
export function insidePolygon(x: number, y: number, poly: [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i], [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Cell centres of an n × n heatmap over (0, M]², avoiding the boundary lines exactly. */
export function heatmapAxes(n: number, M = PLANE_MAX): { alphas: number[]; betas: number[] } {
  if (!Number.isInteger(n) || n < 2 || n > 50) throw new Error(`heatmap size must be an integer in 2..50, got ${n}`);
  const step = M / n;
  const axis = Array.from({ length: n }, (_, i) => +((i + 0.5) * step).toFixed(6));
  return { alphas: axis, betas: axis.slice() };
}


/**
 * Compute-optimal exponents implied by a fitted law: for L = E + A N^-alpha + B D^-beta with
 * C ∝ N·D, N_opt ∝ C^(beta/(alpha+beta)) and L_opt − E ∝ C^(−alpha·beta/(alpha+beta)) (Hoffmann
 * et al. 2022, eq. 4). The PLRF analogues are d* ∝ f^xi and P* ∝ f^−eta, so xi = beta/(alpha+beta)
 * and eta = alpha·beta/(alpha+beta). The over-training law has alpha = beta (xi = 1/2, eta = alpha/2).
 */
export function fitExponents(report: Pick<FitReport, 'law' | 'params'>): FitExponents {
  const p = report.params;
  const alpha = p.alpha;
  const beta = p.beta ?? (report.law === 'overtraining' ? p.alpha : undefined);
  if (!(alpha > 0) || beta === undefined || !(beta > 0)) {
    throw new Error(`law '${report.law}' has no (alpha, beta) exponents of N and D: "place my fit" needs a Chinchilla-type fit (chinchilla, overtraining)`);
  }
  const xi = beta / (alpha + beta);
  const eta = (alpha * beta) / (alpha + beta);
  return { xi, eta, law: report.law, how: `${report.law}: alpha = ${alpha.toPrecision(3)}, beta = ${beta.toPrecision(3)} → N_opt ∝ C^${xi.toFixed(3)}, L − E ∝ C^−${eta.toFixed(3)}` };
}


/** Where in the closed-form regions a fit's (xi, eta) is reproduced best. */
export function placeFit(report: Pick<FitReport, 'law' | 'params'>, M = PLANE_MAX): Placement {
  const fit = fitExponents(report);
  const points = placeExponents(fit.xi, fit.eta, { alphaRange: [0.02, M], betaRange: [0.02, M], n: 150, limit: 12 });
  const distance = points.length ? points[0].distance : NaN;
  const phases = [...new Set(points.map((q) => q.phase))];
  const note = !points.length
    ? 'no closed-form point of the plane reproduces these exponents'
    : distance > 0.05
      ? `nearest closed-form exponents are ${distance.toFixed(3)} away in (xi, eta): the fit lies outside what the closed-form phases (${phases.join(', ')}) produce`
      : `closest in phase ${phases.join(', ')} (distance ${distance.toExponential(1)} in (xi, eta))`;
  return { fit, points, distance, note };
}
