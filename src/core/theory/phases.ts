// Phase rule of the PLRF model over (alpha, beta) and its compute-optimal exponents
// d* ∝ f^xi, P* ∝ f^-eta (Paquette, Paquette, Xiao, Pennington 2024; notes §4-5 and docs/PHASES.md).
//
// Regions (the paper's proposition titles; the IVa/IVb split is derived in docs/PHASES.md §3):
//   2alpha > 1:  Ia  2beta < 1          II  1/2 < beta < alpha       III  beta > alpha
//   2alpha < 1:  Ib  2beta < 1 (and 2(alpha+beta) > 1)
//                Ic  2beta > 1, alpha < 1/4
//                IVb 2beta > 1, 1/4 < alpha < 1 − 1/√2     IVa  2beta > 1, 1 − 1/√2 < alpha < 1/2
// Below 2(alpha+beta) = 1 the target norm diverges as v → ∞: no loss, no phase.
// alpha ≤ 0 or beta ≤ 0 is outside the model (no decaying spectrum / target) and is refused.

export type PhaseName = 'Ia' | 'Ib' | 'Ic' | 'II' | 'III' | 'IVa' | 'IVb';

/** Where a point's (xi, eta) come from. 'none' only for the undefined region. */
export type ExponentSource = 'closed-form' | 'continuity' | 'measured' | 'none';

/** alpha of the IVa/IVb line: the SGD-noise term's d-exponent at fixed flops changes sign (2alpha² − 4alpha + 1 = 0). */
export const ALPHA_IV_SPLIT = 1 - Math.SQRT1_2;

export interface PhaseInfo {
  /** 'Ia', …, a boundary such as 'II/III' (the phases meeting there), or 'undefined' when 2(alpha+beta) ≤ 1 */
  phase: string;
  /** finite for every defined point, null only when phase is 'undefined' */
  xi: number | null;
  eta: number | null;
  source: ExponentSource;
  /** the loss terms that compete at the compute-optimal point */
  dominant: string[];
  /** the interior phases that meet at this point (one element unless on a boundary) */
  adjacent: PhaseName[];
  /** the boundary lines the point lies on (empty inside a region) */
  lines: string[];
  /** where the formula comes from: the paper's tradeoff, derived here, or continuity */
  basis: string;
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
  IVb: [TERM.Kpp, TERM.Fpp],
};

/** Why each closed form holds (shown with the answer). */
const BASIS: Record<PhaseName, string> = {
  Ia: 'paper tradeoff F_pp = F_0 (authors\' code), notes §5.2',
  II: 'paper tradeoff F_pp = F_ac (authors\' code), notes §5.2',
  III: 'paper tradeoff K_pp = F_ac (authors\' code); d* = f^1/2 as the paper states',
  Ib: 'paper: P ≍ F_pp + F_0 in Ib; tradeoff F_pp = F_0 with gamma ∝ d^(2alpha−1), notes §5.2',
  Ic: 'paper: P ≍ F_pp + F_0 in Ic; tradeoff F_pp = F_0 with gamma ∝ d^(2alpha−1), derived in docs/PHASES.md §3',
  IVa: 'tradeoff F_0 = K_pp (SGD noise rising in d at fixed flops), derived in docs/PHASES.md §3, checked by measurement',
  IVb: 'tradeoff F_pp = K_pp (SGD noise falling in d at fixed flops), derived in docs/PHASES.md §3, checked by measurement',
};

export const PHASE_ORDER: readonly PhaseName[] = ['Ia', 'Ib', 'Ic', 'II', 'III', 'IVa', 'IVb'];

/** Refuse what is outside the model: alpha, beta must be finite and positive. */
export function checkExponentsDomain(alpha: number, beta: number): void {
  if (!Number.isFinite(alpha) || !Number.isFinite(beta)) throw new RangeError(`alpha and beta must be finite numbers, got (${alpha}, ${beta})`);
  if (alpha <= 0) throw new RangeError(`alpha must be > 0 (the data spectrum j^-2alpha must decay), got ${alpha}`);
  if (beta <= 0) throw new RangeError(`beta must be > 0 (the target b_j = j^-beta must decay; the phase diagram covers beta > 0), got ${beta}`);
}

/** The interior rule (no tolerance): which open region (alpha, beta) lies in; null when undefined or on a line. */
export function interiorPhase(alpha: number, beta: number): PhaseName | null {
  if (!(alpha > 0) || !(beta > 0) || 2 * (alpha + beta) <= 1) return null;
  if (2 * alpha > 1) {
    if (2 * beta < 1) return 'Ia';
    if (2 * beta === 1 || beta === alpha) return null;
    return beta < alpha ? 'II' : 'III';
  }
  if (2 * alpha === 1 || 2 * beta === 1) return null;
  if (2 * beta < 1) return 'Ib';
  if (alpha < 0.25) return 'Ic';
  if (alpha === 0.25 || alpha === ALPHA_IV_SPLIT) return null;
  return alpha < ALPHA_IV_SPLIT ? 'IVb' : 'IVa';
}

/** Ic's F_pp = F_0 balance with gamma ∝ d^(2alpha−1) and F_0 ∝ d^-2alpha (also d* on the IVa/IVb line). */
function ppVersusCapacity(alpha: number, beta: number): { xi: number; eta: number } {
  const s = 2 * alpha + 2 * beta - 1;
  const xi = s / ((2 - 2 * alpha) * s + 4 * alpha * alpha);
  return { xi, eta: 2 * alpha * xi };
}

/** Closed-form (xi, eta) of an interior phase at (alpha, beta). Derivations: docs/PHASES.md §2-3. */
export function closedFormExponents(phase: PhaseName, alpha: number, beta: number): { xi: number; eta: number } {
  switch (phase) {
    case 'Ia': // F_pp vs F_0
      return { xi: 1 / (2 * alpha + 1), eta: (2 * alpha + 2 * beta - 1) / (2 * alpha + 1) };
    case 'II': // F_pp vs F_ac
      return { xi: beta / (alpha + beta), eta: (2 * alpha + 2 * beta - 1) / (2 * (alpha + beta)) };
    case 'III': // K_pp vs F_ac
      return { xi: 0.5, eta: 1 - 1 / (4 * alpha) };
    case 'Ib': // F_pp vs F_0 with gamma ∝ d^(2alpha-1), F_0 ∝ d^-(2alpha+2beta-1)
      return { xi: 0.5, eta: (2 * alpha + 2 * beta - 1) / 2 };
    case 'Ic': // F_pp vs F_0 with gamma ∝ d^(2alpha-1), F_0 ∝ d^-2alpha
      return ppVersusCapacity(alpha, beta);
    case 'IVa': // K_pp (rising in d) meets F_0 at d = f^1/2
      return { xi: 0.5, eta: alpha };
    case 'IVb': { // K_pp (falling in d) vs F_pp
      const den = 2 * beta * (1 - alpha) - alpha;
      return { xi: (beta - alpha) / den, eta: ((1 - 2 * alpha) * (2 * alpha + 2 * beta - 1)) / (2 * den) };
    }
  }
}

interface Line {
  name: string;
  /** signed distance-like residual; 0 on the line */
  residual: (a: number, b: number) => number;
  /** the line only separates phases where this holds */
  applies: (a: number, b: number) => boolean;
}

/** The boundary lines of the diagram (2(alpha+beta) = 1 is the edge of the defined region, handled apart). */
const LINES: Line[] = [
  { name: '2α = 1', residual: (a) => 2 * a - 1, applies: () => true },
  { name: '2β = 1', residual: (_a, b) => 2 * b - 1, applies: () => true },
  { name: 'α = β', residual: (a, b) => a - b, applies: (a) => 2 * a >= 1 },
  { name: 'α = 1/4', residual: (a) => a - 0.25, applies: (_a, b) => 2 * b >= 1 },
  { name: 'α = 1 − 1/√2', residual: (a) => a - ALPHA_IV_SPLIT, applies: (_a, b) => 2 * b >= 1 },
];

/**
 * Classify (alpha, beta). Points within `tol` of a boundary line are named by the phases that meet
 * there (e.g. 'II/III'). Every defined point gets finite exponents: inside a region its closed
 * form; on a line the common limit of the adjacent closed forms (source 'continuity'); on the
 * IVa/IVb line, where xi jumps, the on-line balance (the SGD-noise term is flat in d there, so d*
 * follows F_pp = F_0 and P* the noise level, eta = alpha). Throws RangeError for alpha ≤ 0 or beta ≤ 0.
 */
export function classifyPhase(alpha: number, beta: number, tol = 1e-9): PhaseInfo {
  checkExponentsDomain(alpha, beta);
  if (2 * (alpha + beta) <= 1 + 2 * tol) {
    return {
      phase: 'undefined', xi: null, eta: null, source: 'none', dominant: [], adjacent: [], lines: 2 * (alpha + beta) >= 1 - 2 * tol ? ['2(α+β) = 1'] : [],
      basis: '',
      note: '2(alpha+beta) ≤ 1: the target norm ||D^(1/2) b||² diverges as v → ∞ and the problem trivializes (no compute-optimal exponents)',
    };
  }
  const lines = LINES.filter((l) => l.applies(alpha, beta) && Math.abs(l.residual(alpha, beta)) <= tol).map((l) => l.name);
  const found = new Set<PhaseName>();
  const inside = interiorPhase(alpha, beta);
  if (inside && !lines.length) found.add(inside);
  else {
    // probe a small circle: 48 directions separate every pair of lines through a point of the diagram
    const eps = Math.max(tol * 10, 1e-7);
    for (let k = 0; k < 48; k++) {
      const ph = interiorPhase(alpha + eps * Math.cos((k + 0.5) * Math.PI / 24), beta + eps * Math.sin((k + 0.5) * Math.PI / 24));
      if (ph) found.add(ph);
    }
  }
  const adjacent = PHASE_ORDER.filter((x) => found.has(x));
  const phase = adjacent.join('/');
  const dominant = [...new Set(adjacent.flatMap((ph) => DOMINANT[ph]))];
  if (adjacent.length === 1) {
    const ph = adjacent[0];
    const cf = closedFormExponents(ph, alpha, beta);
    return { phase, xi: cf.xi, eta: cf.eta, source: 'closed-form', dominant, adjacent, lines, basis: BASIS[ph], note: phaseNote(ph) };
  }
  const forms = adjacent.map((ph) => closedFormExponents(ph, alpha, beta));
  const f0 = forms[0];
  const agree = forms.every((f) => Math.abs(f.xi - f0.xi) < 1e-6 && Math.abs(f.eta - f0.eta) < 1e-6);
  if (agree) {
    return {
      phase, xi: f0.xi, eta: f0.eta, source: 'continuity', dominant, adjacent, lines,
      basis: `limit of the closed forms of ${adjacent.join(' and ')}, which agree on ${lines.join(' and ')}`,
      note: `on the boundary between ${adjacent.join(' and ')}`,
    };
  }
  // Only the IVa/IVb line (away from 2beta = 1) has adjacent forms that disagree (in xi).
  const online = ppVersusCapacity(alpha, beta);
  return {
    phase, xi: online.xi, eta: alpha, source: 'closed-form', dominant, adjacent, lines,
    basis: 'on the IVa/IVb line the SGD-noise term does not depend on d at fixed flops: d* follows F_pp = F_0 and P* the noise level (docs/PHASES.md §3)',
    note: `xi jumps across this line (IVb: ${forms[adjacent.indexOf('IVb')].xi.toFixed(3)}, IVa: 0.5); eta is continuous (= alpha)`,
  };
}

function phaseNote(ph: PhaseName): string {
  switch (ph) {
    case 'Ib':
      return 'the paper proves Ib for alpha > 1/4 and believes it holds below 1/4';
    case 'Ic':
      return 'the paper states P ≍ F_pp + F_0 in Ic without sharp kernel bounds; exponents checked by measurement (docs/PHASES.md)';
    case 'IVa':
      return 'asymptotic exponents (derived in docs/PHASES.md §3; eta = alpha is confirmed by measurement). Below d ≈ 10^4 the noise is still small next to F_0 and d* follows F_pp = F_0 (measured xi ≈ 0.6 at d ≤ 2048). The letters follow Phase I (a nearest the high-dimensional line)';
    case 'IVb':
      return 'derived in docs/PHASES.md §3 and checked by measurement (d ≤ 2048, within the extrapolation\'s uncertainty); the letters follow Phase I (a nearest the high-dimensional line)';
    default:
      return '';
  }
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
 * fitted (xi, eta), scanning a grid (alpha in [0.02, 2], beta in [0.02, 3] by default, `n` × `n`).
 * Phases III and IVa are degenerate (xi = 1/2 along whole lines), so several points can tie; the
 * `limit` best are returned, closest first.
 */
export function placeExponents(xi: number, eta: number, opts: { alphaRange?: [number, number]; betaRange?: [number, number]; n?: number; limit?: number } = {}): PlacedPoint[] {
  const [a0, a1] = opts.alphaRange ?? [0.02, 2], [b0, b1] = opts.betaRange ?? [0.02, 3];
  const n = opts.n ?? 120, limit = opts.limit ?? 10;
  const out: PlacedPoint[] = [];
  for (let i = 0; i < n; i++) {
    const alpha = a0 + ((a1 - a0) * i) / (n - 1);
    for (let k = 0; k < n; k++) {
      const beta = b0 + ((b1 - b0) * k) / (n - 1);
      const ph = interiorPhase(alpha, beta);
      if (!ph) continue;
      const cf = closedFormExponents(ph, alpha, beta);
      out.push({ alpha, beta, phase: ph, xi: cf.xi, eta: cf.eta, distance: Math.hypot(cf.xi - xi, cf.eta - eta) });
    }
  }
  out.sort((p, q) => p.distance - q.distance);
  return out.slice(0, limit);
}

// ------------------------------------------------------------------ the phase map, for drawing

export interface PhaseRegion {
  /** 'Ia' … 'IVb', or 'undefined' (2(alpha+beta) < 1) */
  name: PhaseName | 'undefined';
  /** closed polygon in (alpha, beta), counter-clockwise, last vertex ≠ first */
  poly: [number, number][];
  /** a point inside the region for its label */
  label: [number, number];
}

export interface PhaseLine {
  name: string;
  /** the equation, e.g. '2α = 1' */
  equation: string;
  from: [number, number];
  to: [number, number];
}

export interface PhaseMapGeometry {
  alphaMax: number;
  betaMax: number;
  regions: PhaseRegion[];
  lines: PhaseLine[];
}

/**
 * The seven regions (plus the undefined corner) as polygons clipped to [0, alphaMax] × [0, betaMax],
 * and the boundary lines 2(α+β) = 1, 2α = 1, 2β = 1, α = β (2α > 1), α = 1/4 (2β > 1) and the
 * IVa/IVb line α = 1 − 1/√2 (2β > 1). Both maxima must exceed 1/2.
 */
export function phaseMapGeometry(alphaMax = 1.5, betaMax = 1.5): PhaseMapGeometry {
  if (!(alphaMax > 0.5) || !(betaMax > 0.5) || !Number.isFinite(alphaMax) || !Number.isFinite(betaMax)) {
    throw new RangeError(`the phase map needs alphaMax, betaMax > 1/2 (finite), got ${alphaMax}, ${betaMax}`);
  }
  const A = alphaMax, B = betaMax, s = ALPHA_IV_SPLIT, m = Math.min(A, B);
  const centroid = (poly: [number, number][]): [number, number] => {
    const n = poly.length;
    return [poly.reduce((t, p) => t + p[0], 0) / n, poly.reduce((t, p) => t + p[1], 0) / n];
  };
  const region = (name: PhaseRegion['name'], poly: [number, number][]): PhaseRegion => ({ name, poly, label: centroid(poly) });
  const regions: PhaseRegion[] = [
    region('undefined', [[0, 0], [0.5, 0], [0, 0.5]]),
    region('Ia', [[0.5, 0], [A, 0], [A, 0.5], [0.5, 0.5]]),
    region('II', A <= B ? [[0.5, 0.5], [A, 0.5], [A, A]] : [[0.5, 0.5], [A, 0.5], [A, B], [B, B]]),
    region('III', A <= B ? [[0.5, 0.5], [A, A], [A, B], [0.5, B]] : [[0.5, 0.5], [B, B], [0.5, B]]),
    region('Ib', [[0.5, 0], [0.5, 0.5], [0, 0.5]]),
    region('Ic', [[0, 0.5], [0.25, 0.5], [0.25, B], [0, B]]),
    region('IVb', [[0.25, 0.5], [s, 0.5], [s, B], [0.25, B]]),
    region('IVa', [[s, 0.5], [0.5, 0.5], [0.5, B], [s, B]]),
  ];
  const lines: PhaseLine[] = [
    { name: 'validity limit', equation: '2(α+β) = 1', from: [0, 0.5], to: [0.5, 0] },
    { name: 'high-dimensional line', equation: '2α = 1', from: [0.5, 0], to: [0.5, B] },
    { name: 'target complexity', equation: '2β = 1', from: [0, 0.5], to: [A, 0.5] },
    { name: 'II/III', equation: 'α = β', from: [0.5, 0.5], to: [m, m] },
    { name: 'Ic/IVb', equation: 'α = 1/4', from: [0.25, 0.5], to: [0.25, B] },
    { name: 'IVb/IVa', equation: 'α = 1 − 1/√2', from: [s, 0.5], to: [s, B] },
  ];
  return { alphaMax: A, betaMax: B, regions, lines };
}
