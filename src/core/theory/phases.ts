// Phase rule of the PLRF model over (alpha, beta) and closed-form compute-optimal exponents
// (notes §4-5). d* ∝ f^xi, P* ∝ f^-eta. Closed forms are given only where the notes have them
// with confidence (Ia, II, III, II/III, Ib); Ic, IVa, IVb are 'unknown' and must be measured.

export type PhaseName = 'Ia' | 'Ib' | 'Ic' | 'II' | 'III' | 'IVa' | 'IVb';

export interface PhaseInfo {
  /** 'Ia', …, a boundary such as 'II/III', or 'undefined' when 2(alpha+beta) ≤ 1 */
  phase: string;
  xi: number | null;
  eta: number | null;
  source: 'closed-form' | 'unknown';
  /** the loss terms that compete at the compute-optimal point */
  dominant: string[];
  /** the interior phases that meet at this point (one element unless on a boundary) */
  adjacent: PhaseName[];
  note: string;
}

export const TERM = {
  Fpp: 'F_pp: population signal not yet learned (pure-point forcing)',
  F0: 'F_0: model capacity (limit loss of d parameters)',
  Fac: 'F_ac: feature embedding distortion (absolutely continuous forcing)',
  Kpp: 'K_pp: SGD noise',
} as const;

const DOMINANT: Record<PhaseName, string[]> = {
  Ia: [TERM.Fpp, TERM.F0],
  Ib: [TERM.Fpp, TERM.F0],
  Ic: [TERM.Fpp, TERM.F0],
  II: [TERM.Fpp, TERM.Fac],
  III: [TERM.Kpp, TERM.Fac],
  IVa: [TERM.Kpp, TERM.F0],
  IVb: [TERM.Kpp, TERM.F0],
};

const ORDER: PhaseName[] = ['Ia', 'Ib', 'Ic', 'II', 'III', 'IVa', 'IVb'];

/** The interior rule (no tolerance): which open region (alpha, beta) lies in; null when undefined or on a line. */
export function interiorPhase(alpha: number, beta: number): PhaseName | null {
  if (2 * (alpha + beta) <= 1) return null;
  if (2 * alpha > 1) {
    if (2 * beta < 1) return 'Ia';
    if (2 * beta === 1) return null;
    if (beta < alpha) return 'II';
    if (beta > alpha) return 'III';
    return null;
  }
  if (2 * alpha === 1 || alpha === 0.25 || 2 * beta === 1) return null;
  if (2 * beta < 1) return alpha > 0.25 ? 'Ib' : 'Ic';
  return alpha > 0.25 ? 'IVb' : 'IVa';
}

/** Closed-form (xi, eta) of an interior phase, or null when the notes give none with confidence. */
export function closedFormExponents(phase: PhaseName, alpha: number, beta: number): { xi: number; eta: number } | null {
  switch (phase) {
    case 'Ia': // F_pp vs F_0
      return { xi: 1 / (2 * alpha + 1), eta: (2 * alpha + 2 * beta - 1) / (2 * alpha + 1) };
    case 'II': // F_pp vs F_ac
      return { xi: beta / (alpha + beta), eta: (2 * alpha + 2 * beta - 1) / (2 * (alpha + beta)) };
    case 'III': // K_pp vs F_ac
      return { xi: 0.5, eta: 1 - 1 / (4 * alpha) };
    case 'Ib': // F_pp vs F_0 with gamma ∝ d^(2alpha-1)
      return { xi: 0.5, eta: (2 * alpha + 2 * beta - 1) / 2 };
    default:
      return null;
  }
}

/**
 * Classify (alpha, beta). Points within `tol` of a boundary line (2alpha = 1, 2beta = 1,
 * alpha = beta for 2alpha > 1, alpha = 1/4 for 2alpha < 1) are named by the phases that meet
 * there, e.g. 'II/III'; their exponents are closed-form when all adjacent closed forms agree
 * (they are continuous across Ia/II, II/III, Ia/Ib).
 */
export function classifyPhase(alpha: number, beta: number, tol = 1e-9): PhaseInfo {
  if (!Number.isFinite(alpha) || !Number.isFinite(beta)) throw new Error('alpha and beta must be finite');
  if (2 * (alpha + beta) <= 1 + tol) {
    return { phase: 'undefined', xi: null, eta: null, source: 'unknown', dominant: [], adjacent: [],
      note: '2(alpha+beta) ≤ 1: the target norm ||D^(1/2) b||² diverges as v → ∞ and the problem trivializes' };
  }
  const eps = Math.max(tol * 10, 1e-7);
  const found = new Set<PhaseName>();
  const inside = interiorPhase(alpha, beta);
  const near = (x: number, y: number) => Math.abs(x - y) <= tol;
  const onLine = near(2 * alpha, 1) || near(2 * beta, 1) || (2 * alpha > 1 && near(alpha, beta)) || (2 * alpha < 1 && near(alpha, 0.25));
  if (inside && !onLine) found.add(inside);
  else {
    for (const da of [-eps, 0, eps]) for (const db of [-eps, 0, eps]) {
      const ph = interiorPhase(alpha + da, beta + db);
      if (ph) found.add(ph);
    }
  }
  const adjacent = ORDER.filter((x) => found.has(x));
  const phase = adjacent.join('/');
  const forms = adjacent.map((ph) => closedFormExponents(ph, alpha, beta));
  let xi: number | null = null, eta: number | null = null;
  let source: PhaseInfo['source'] = 'unknown';
  if (forms.length > 0 && forms.every((f) => f !== null)) {
    const f0 = forms[0]!;
    if (forms.every((f) => Math.abs(f!.xi - f0.xi) < 1e-6 && Math.abs(f!.eta - f0.eta) < 1e-6)) {
      xi = f0.xi;
      eta = f0.eta;
      source = 'closed-form';
    }
  }
  const dominant = [...new Set(adjacent.flatMap((ph) => DOMINANT[ph]))];
  const uncertain = adjacent.filter((ph) => ph === 'Ic' || ph === 'IVa' || ph === 'IVb');
  const note = uncertain.length
    ? `${uncertain.join(', ')}: region and exponents not confirmed from the paper; measure them numerically (phases exponents)`
    : adjacent.length > 1 ? `on the boundary between ${adjacent.join(' and ')}` : '';
  return { phase, xi, eta, source, dominant, adjacent, note };
}

export interface PlacedPoint {
  alpha: number;
  beta: number;
  phase: string;
  xi: number;
  eta: number;
  /** Euclidean distance in (xi, eta) to the requested exponents */
  distance: number;
}

/**
 * "Place my fit": the (alpha, beta) points whose closed-form exponents are nearest to a user's
 * fitted (xi, eta), scanning a grid (alpha in [0.26, 2], beta in [0.02, 3] by default, `n` × `n`).
 * Phase III is degenerate (xi = 1/2 for every beta > alpha), so several points can tie; the
 * `limit` best are returned, closest first. Only closed-form regions take part.
 */
export function placeExponents(xi: number, eta: number, opts: { alphaRange?: [number, number]; betaRange?: [number, number]; n?: number; limit?: number } = {}): PlacedPoint[] {
  const [a0, a1] = opts.alphaRange ?? [0.26, 2], [b0, b1] = opts.betaRange ?? [0.02, 3];
  const n = opts.n ?? 120, limit = opts.limit ?? 10;
  const out: PlacedPoint[] = [];
  for (let i = 0; i < n; i++) {
    const alpha = a0 + ((a1 - a0) * i) / (n - 1);
    for (let k = 0; k < n; k++) {
      const beta = b0 + ((b1 - b0) * k) / (n - 1);
      const ph = interiorPhase(alpha, beta);
      if (!ph) continue;
      const cf = closedFormExponents(ph, alpha, beta);
      if (!cf) continue;
      out.push({ alpha, beta, phase: ph, xi: cf.xi, eta: cf.eta, distance: Math.hypot(cf.xi - xi, cf.eta - eta) });
    }
  }
  out.sort((p, q) => p.distance - q.distance);
  return out.slice(0, limit);
}
