// Requests and results of the loss-curve tasks (learning-rate schedules, issue #6). Types only.
import type { Extrapolation } from '../core/curves/extrapolate';
import type { CurveFitResult } from '../core/curves/fitCurves';

export interface CurveExploreRequest {
  file: string;
  /** 'auto' (file name, else lr column), 'log', or a schedule SPEC */
  schedule?: string;
  map?: Record<string, string>;
  /** parameter bootstrap draws for the prediction band */
  draws?: number;
  /** extrapolation bootstrap replicates (default 40) */
  bootstrap?: number;
  seed?: number;
}

export interface CurveExploreResult {
  file: string;
  name: string;
  schedule: string;
  /** the parsed SPEC when the schedule came from one (undefined for an lr-column array) */
  spec?: string;
  observed: { step: number[]; loss: number[] };
  /** The loss column, why it was chosen, and the loss-like columns the panel offers instead. */
  loss?: { column: string; reason: string; choices: string[] };
  law: string;
  paramNames: string[];
  params: number[];
  fixed: Record<string, number>;
  /** bootstrap parameter vectors (same order as paramNames) */
  draws: number[][];
  /** log residual pool (observation noise added to the band) */
  residualSd: number;
  extrapolation: Extrapolation;
  prediction: CurvePredictResult;
  /** A partial result (the point fit, before the interval and the draws). */
  partial?: true;
  /** A preview of a long log: fitted on this many evenly spaced points; the fit on all of them follows. */
  previewPoints?: number;
}


export interface CurveExtrapolateRequest {
  file: string;
  schedule?: string;
  map?: Record<string, string>;
  bootstrap?: number;
  seed?: number;
}

/** The extrapolation itself, with how many rows were observed and the schedule it assumed. */
export type CurveExtrapolateResult = Extrapolation & { observedRows: number; schedule: string };

/** Fit loss curves (`scaling-laws curve fit`): one law over one or several logs. */
export interface CurveFitRequest {
  files: string[];
  law: string;
  /** One schedule for all files, or one per file: 'auto', 'log' or a SPEC. */
  schedules?: string[];
  map?: Record<string, string>;
  fix?: Record<string, number>;
  exact?: boolean;
  lambda?: number;
  tokensPerStep?: number;
  delta?: number;
}

/** A loss curve predicted under a schedule (`scaling-laws curve predict`), with a band when draws are given. */
export interface CurvePredictRequest {
  /** A curve-fit file (`curve fit --out`)… */
  fit?: string;
  /** …and which of its per-curve fits. */
  curve?: number;
  /** …or a law with its parameters (by name, or a vector in the law's parameter order). */
  law?: string;
  params?: Record<string, number> | number[];
  exact?: boolean;
  lambda?: number;
  tokensPerStep?: number;
  /** The schedule: a SPEC, or a per-step LR array. */
  schedule?: string;
  eta?: number[];
  /** Compare with an observed log (metrics). */
  against?: string;
  map?: Record<string, string>;
  /** Predict every N steps, or about this many points. */
  every?: number;
  points?: number;
  /** Parameter draws (vectors) and log-residual s.d. for a 95 % band. */
  draws?: number[][];
  residualSd?: number;
}

export interface CurvePredictResult {
  step: number[];
  lr: number[];
  loss: number[];
  lo?: number[];
  hi?: number[];
  final: { step: number; loss: number; lo?: number; hi?: number };
  metrics?: { r2: number; mae: number; rmse: number; meanRelErr: number; worstRelErr: number };
  law: string;
  schedule: string;
}

/** The best WSD (and optionally free) schedule under a multi-power-law fit (`scaling-laws curve optimize`). */
export interface CurveOptimizeRequest {
  fit?: string;
  law?: string;
  params?: Record<string, number>;
  schedule: string;
  free?: boolean;
  maxIter?: number;
}

/** What `scaling-laws curve fit` prints and writes (--out): predict from it with `curve predict --fit`. */
export interface CurveFitFile extends Omit<CurveFitResult, 'fits' | 'seconds'> {
  fits: (Omit<CurveFitResult['fits'][number], 'vector'> & { vector: number[] })[];
  kind: 'scaling-laws/curve-fit';
  tool: { name: 'scaling-laws'; version: string };
  /** Joint laws: the shared parameters (natural scale). */
  params?: Record<string, number>;
  options: { exact: boolean; lambda?: number; tokensPerStep?: number; fixed: Record<string, number> };
  /** One entry per curve: per file, or per run when a file holds several runs. */
  inputs: { file: string; sha256: string; schedule: string; rows: number; droppedRows: number; run?: string; /** The loss column and why it was chosen. */ loss?: { column: string; reason: string } }[];
  warnings: string[];
}
