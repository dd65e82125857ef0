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

export interface HoldoutComparison {
  by: string;
  heldOut: number;
  threshold: number;
  rmse: number;
  meanRelErr: number;
}

export interface Provenance {
  tool: string;
  version: string;
  input?: { file: string; sha256: string; format: string; rows: number };
  mapping: Record<string, string>;
  derived: Record<string, string>;
  filter?: string;
  fixed: Record<string, number>;
  /** Fixed values taken from other fits (name → 'file.json:PARAM'). */
  fixedFrom?: Record<string, string>;
  objective: ObjectiveSpec;
  bounds: Record<string, [number, number]>;
  transforms: Record<string, string>;
  starts: { kind: string; count: number; grid?: Record<string, number[]> };
  optimizer: { name: 'L-BFGS-B'; m: number; ftol: number; gtol: number; maxIter: number; maxFun: number; refineFtol: number; refineGtol: number };
  bootstrap?: { k: number; seed: number; method: string };
  seed: number;
  /** The fitting procedure: the law's authors' own, and how this fit departs from it. */
  procedure?: ProcedureRecord;
  /** C = k·N·D convention used for derived D and compute (default 6). */
  flopsPerParamToken?: number;
  createdAt?: string;
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
