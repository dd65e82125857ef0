// Messages between the extension host and the panels' compute thread (dist/panelThread.js, a
// worker_threads Worker owned by the curve / phases / transfer panels). Kept apart from
// src/protocol.ts (the fit worker's protocol) so the panels can add jobs without touching it.
// Cancellation is cooperative through a SharedArrayBuffer flag the job polls (a busy thread
// cannot read messages); the host terminates the thread if a cancelled job does not stop.
import type { ChainResult } from '../../core/transfer/chain';
import type { HeatmapCell, PhaseInfo } from '../../core/theory';
import type { Extrapolation } from '../../core/curves/extrapolate';

export interface PhaseCurvesArgs {
  alpha: number;
  beta: number;
  dMin?: number;
  dMax?: number;
  /** SGD runs overlaid on the smallest d (0 = none). */
  sgdRuns?: number;
  seed?: number;
}

export interface PhaseCurvesResult {
  alpha: number;
  beta: number;
  classify: PhaseInfo;
  curves: { d: number; flops: number[]; loss: number[] }[];
  frontier: { flops: number; dStar: number; pStar: number }[];
  measured?: { xi: number; eta: number; xiInterval: [number, number]; etaInterval: [number, number] };
  /** why there is no measurement (no interior IsoFLOP minima, ...) */
  measureNote?: string;
  sgd?: { d: number; flops: number[]; mean: number[]; q25: number[]; q75: number[]; runs: number; seed: number };
}

export interface HeatmapArgs {
  alphas: number[];
  betas: number[];
}

export interface CurveFitArgs {
  file: string;
  /** 'auto' (file name, else lr column), 'log', or a schedule SPEC */
  schedule?: string;
  map?: Record<string, string>;
  /** parameter bootstrap draws for the prediction band */
  draws?: number;
  /** extrapolation bootstrap replicates (CLI default 40) */
  bootstrap?: number;
  seed?: number;
}

export interface CurveFitPanelResult {
  file: string;
  name: string;
  schedule: string;
  /** the parsed SPEC when the schedule came from one (undefined for an lr-column array) */
  spec?: string;
  observed: { step: number[]; loss: number[] };
  law: string;
  paramNames: string[];
  params: number[];
  fixed: Record<string, number>;
  /** bootstrap parameter vectors (same order as paramNames) */
  draws: number[][];
  /** log residual pool (observation noise added to the band) */
  residualSd: number;
  extrapolation: Extrapolation;
  prediction: CurvePrediction;
}

export interface CurvePredictArgs {
  law: string;
  params: number[];
  draws: number[][];
  residualSd: number;
  /** schedule SPEC, or undefined with `eta` */
  spec?: string;
  eta?: number[];
  points?: number;
}

export interface CurvePrediction {
  schedule: string;
  step: number[];
  lr: number[];
  loss: number[];
  lo: number[];
  hi: number[];
  final: { step: number; loss: number; lo: number; hi: number };
}

export interface ExtrapolateArgs {
  file: string;
  schedule?: string;
  map?: Record<string, string>;
  bootstrap?: number;
  seed?: number;
}

export interface WatchEstimate {
  extrapolation: Extrapolation;
  observedRows: number;
  schedule: string;
}

export interface ChainArgs {
  reports: unknown[];
  /** the compute budget of the headline prediction */
  C: number;
  /** sweep of C around the headline (points per side decade) */
  sweepDecades?: number;
  sweepPoints?: number;
}

export interface SourceCurve {
  stage: number;
  law: string;
  input: string;
  points: { x: number[]; y: number[]; run?: string[] };
  curve: { x: number[]; y: number[]; lo: number[]; hi: number[] };
  params: Record<string, number>;
}

export interface ChainPanelResult {
  C: number;
  at: ChainResult;
  sweep: { C: number[]; stages: { pred: number[]; lo: number[]; hi: number[] }[] };
  sources: SourceCurve[];
  laws: string[];
}

export interface JobMap {
  phaseCurves: [PhaseCurvesArgs, PhaseCurvesResult];
  heatmap: [HeatmapArgs, HeatmapCell[]];
  curveFit: [CurveFitArgs, CurveFitPanelResult];
  curvePredict: [CurvePredictArgs, CurvePrediction];
  extrapolate: [ExtrapolateArgs, WatchEstimate];
  chain: [ChainArgs, ChainPanelResult];
}

export type JobName = keyof JobMap;

export interface ThreadRequest {
  type: 'run';
  id: number;
  job: JobName;
  args: unknown;
  /** Int32Array view: [0] != 0 means stop */
  stop: SharedArrayBuffer;
}

export type ThreadReply =
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; message: string; cancelled?: boolean };
