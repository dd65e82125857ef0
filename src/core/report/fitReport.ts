// FitReport: what a fit tells its caller (and what it takes to rerun it). The JSON keys are part
// of the CLI contract: law, formula, params, objective, n, starts, bootstrap, warnings, provenance.
import type { ProcedureRecord } from '../laws/procedure';
import type { ObjectiveSpec } from '../optimize/objective';

export interface BootstrapSummary {
  k: number;
  seed: number;
  /** Replicates whose refit converged. */
  converged: number;
  se: Record<string, number>;
  ci95: Record<string, [number, number]>;
  /** Reported-space parameter draws, one array per replicate in params order (for intervals downstream). */
  samples: number[][];
}

/** Rows left out before a fit: 1-based table row numbers and/or run names. */
export interface RowExclusion {
  rows?: number[];
  runs?: string[];
}

export interface HoldoutComparison {
  by: string;
  heldOut: number;
  threshold: number;
  rmse: number;
  meanRelErr: number;
}

/** Compute-optimal allocation (C = k·N·D) at one budget: the answer most users act on. */
export interface HeadlineAnswer {
  C: number;
  N: number;
  D: number;
  tokensPerParam: number;
  loss: number;
}

/** How much leaving one point out moves the fit (refit warm-started at the optimum). */
export interface PointInfluence {
  /** Largest parameter shift, in standard errors of that parameter (fit space). */
  maxShift: number;
  /** The parameter that shifts most. */
  param: string;
  /** The headline answer without this point alone. */
  headline?: HeadlineAnswer;
}

export interface FlaggedPoint {
  /** Position in data.* arrays (0-based). */
  index: number;
  /** Row number in the input table (1-based, first data row = 1): what row exclusion takes. */
  row?: number;
  run?: string;
  /** outlier: far off the law; influential: leaving it out moves the answer materially. */
  kind: 'outlier' | 'influential';
  /** Plain words, with numbers. */
  reason: string;
  /** Observed minus law in the fit's residual space, in robust s.d., against the law fitted without the flagged points. */
  robustResidual: number;
  /** The same against the law fitted to all points (smaller when several outliers pull the law towards them). */
  robustResidualAllPoints: number;
  influence?: PointInfluence;
}

/** The fit with and without the flagged points, side by side. */
export interface WithWithout {
  /** Flagged points left out (data indices) and their table rows when known. */
  indices: number[];
  rows?: number[];
  with: { params: Record<string, number>; headline?: HeadlineAnswer };
  without: { params: Record<string, number>; headline?: HeadlineAnswer; objective: number; n: number; starts: number };
  /** The headline answer changes by more than the materiality threshold. */
  material: boolean;
  /** e.g. "with / without the 5 flagged points: 11.1 vs 19.9 tokens per parameter at C = 1.30e22". */
  summary: string;
}

export interface ParameterCorrelation {
  /** bootstrap: sample correlation of the bootstrap draws; gauss-newton: scale² (JᵀJ)⁻¹ at the optimum. */
  source: 'bootstrap' | 'gauss-newton';
  /** Free parameters, in fit space (log for log-transformed ones). */
  names: string[];
  matrix: number[][];
  /** Standard errors in fit space (Gauss–Newton only). */
  se?: number[];
}

export interface Identifiability {
  space: 'fit';
  /** The matrix the warnings used: the bootstrap's when there is one, else Gauss–Newton's. */
  correlation: ParameterCorrelation;
  gaussNewton: ParameterCorrelation;
  bootstrap?: ParameterCorrelation;
  /** Decades spanned by each input over the fitted points. */
  spans: Record<string, number>;
  warnings: string[];
}

export interface FitDiagnostics {
  /** Residuals are observed minus law in this space (log: ln y - ln f). */
  residualSpace: 'log' | 'linear';
  /** Robust s.d. of the residuals (1.4826 · MAD about the median) of the unflagged points. */
  robustScale: number;
  /** |robust residual| above which a point is an outlier. */
  cut: number;
  /** Robust standardized residual of every point (data order), against the law fitted without the flagged points. */
  robustResiduals: number[];
  /** Table row (1-based) of every point, data order, when the caller knew them: what "exclude and refit" passes on. */
  rows?: number[];
  flagged: FlaggedPoint[];
  /** The budget the headline answer is computed at (the largest k·N·D in the data), when the law has a compute-optimal allocation. */
  headline?: { flopsPerParamToken: number; answer: HeadlineAnswer; description: string };
  withWithout?: WithWithout;
  /** Leave-one-out refits: which points and how (no timings: a report is the same on every run). */
  influence: { method: string; computed: number; of: number; relativeHeadlineChange?: number[]; maxShift?: number[] };
  identifiability: Identifiability;
  /** Plain-words lines for every output (flags, with/without, identifiability), deduplicated. */
  warnings: string[];
}

export interface Provenance {
  tool: string;
  version: string;
  input?: { file: string; sha256: string; format: string; rows: number };
  mapping: Record<string, string>;
  /** Why each mapped column holds its role (the loss: the documented rule, and what it passed over). */
  roleReasons?: Record<string, string>;
  /** Columns whose header carried a unit that scaled the values ('Model Size (B)': ×1e9), by column name. */
  columnScales?: Record<string, { factor: number; unit: string }>;
  derived: Record<string, string>;
  filter?: string;
  /** Rows left out on request before the fit (1-based table rows and/or run names). */
  excluded?: RowExclusion;
  fixed: Record<string, number>;
  /** Fixed values taken from other fits (name → 'file.json:PARAM'). */
  fixedFrom?: Record<string, string>;
  objective: ObjectiveSpec;
  bounds: Record<string, [number, number]>;
  transforms: Record<string, string>;
  starts: { kind: string; count: number; grid?: Record<string, number[]> };
  /** The earlier fit a warm start began from (path as given). */
  warmStart?: string;
  optimizer: { name: 'L-BFGS-B'; m: number; ftol: number; gtol: number; maxIter: number; maxFun: number; refineFtol: number; refineGtol: number };
  bootstrap?: { k: number; seed: number; method: string };
  seed: number;
  /** The fitting procedure: the law's authors' own, and how this fit departs from it. */
  procedure?: ProcedureRecord;
  /** Set when the fit ran by variable projection (--procedure vpnls): how, and what the final full-space polish gained. */
  vpnls?: { method: string; gridPoints: number; projectedObjective: number; polishGain: number };
  /** C = k·N·D convention used for derived D and compute (default 6). */
  flopsPerParamToken?: number;
  createdAt?: string;
}

/** Condition numbers of the problem a fit solved (core/fit/conditioning.ts). */
export interface Conditioning {
  warnings?: string[];
  full?: { condition: number | null; weakest?: Record<string, number> };
  projected?: { condition: number | null; weakest?: Record<string, number> };
}

export interface FitReport {
  law: string;
  lawOptions?: Record<string, unknown>;
  formula: string;
  inputs: string[];
  params: Record<string, number>;
  objective: ObjectiveSpec & { value: number };
  n: number;
  starts: { total: number; converged: number; atBest: number };
  optimizer: { status: number; message: string; nit: number; nfev: number; nfevTotal: number };
  bootstrap?: BootstrapSummary;
  warnings: string[];
  comparison: { aic: number; bic: number; rmse: number; holdout?: HoldoutComparison };
  /** Outliers, influence, the fit with and without flagged points, identifiability. */
  diagnostics?: FitDiagnostics;
  /** Condition numbers of the full problem and, for a separable law, of the projected one. */
  conditioning?: Conditioning;
  /** The points that were fitted (after mapping, derivation and filtering), for plots and checks. */
  data: { inputs: Record<string, number[]>; loss: number[]; run?: string[]; predicted: number[] };
  provenance: Provenance;
}

/** JSON files other tools of this project write, which are not FitReports (recognised to say so). */
const OTHER_KINDS: Record<string, string> = {
  'scaling-laws/curve-fit': "a loss-curve fit (written by 'scaling-laws curve fit'): predict with 'scaling-laws curve predict --fit FILE --schedule SPEC', or open its logs in the Curve Panel",
};

/** Why parsed JSON is not a FitReport, or undefined when it is one. */
export function notAFitReport(json: unknown): string | undefined {
  const r = json as { kind?: unknown; law?: unknown; params?: unknown } | null;
  if (r && typeof r.kind === 'string' && OTHER_KINDS[r.kind]) return `not a FitReport but ${OTHER_KINDS[r.kind]}`;
  if (!r || typeof r.law !== 'string' || typeof r.params !== 'object' || r.params === null) return 'not a FitReport (needs "law" and "params")';
  return undefined;
}
