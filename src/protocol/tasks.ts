// Every job's request and result, as data. The CLI parses flags into these requests, the worker
// receives them in messages; both run the same task (src/tasks) and get the same result. Types
// only, importing nothing but core types.
import type { IngestOptions } from '../core/ingest/options';
import type { ObjectiveSpec } from '../core/optimize/objectiveSpec';
import type { FitReport, RowExclusion } from '../core/report/fitReport';
import type { FolderLayout } from '../core/table/runTable';

export type { LossKind as ObjectiveKind, Reduction, ResidualSpace } from '../core/optimize/objectiveSpec';

/** Fit a law to the runs in one file or folder (`scaling-laws fit`). */
export interface FitRequest {
  file: string;
  ingest?: IngestOptions;
  /** Law id (default chinchilla). */
  law?: string;
  /** Law options: the input of the 'power' law, the formula of 'custom'. */
  x?: string;
  formula?: string;
  /** role → column (overrides inference). */
  map?: Record<string, string>;
  /** Derived columns, in order: [name, mathjs expression]. */
  derive?: [string, string][];
  /** Keep the rows where this is true. */
  where?: string;
  /** Fields that replace the law's authors' objective. */
  objective?: Partial<ObjectiveSpec>;
  /** 'default', 'chinchilla', 'gadre' or a count of quasi-random starts. */
  starts?: string;
  /** An earlier FitReport of the same law: start from its optimum (plus `starts` quasi-random starts, default 32). */
  warmStart?: string;
  /** NAME=VALUE or NAME=fit.json[:PARAM]. */
  fix?: string[];
  /** 'optimize' (default) or 'log-ols' (loss-to-loss, the authors' procedure). */
  procedure?: string;
  /** Bootstrap resamples (0: none). */
  bootstrap?: number;
  seed?: number;
  /** Pair source and target rows across data sets (loss-to-loss): tokens, C or a column. */
  pairBy?: string;
  /** k in C = k·N·D (default 6): used to derive D from C and for compute-optimal answers. */
  flopsPerParamToken?: number;
  /** Rows left out before the fit: table rows (1-based, first data row = 1) and/or run names. */
  exclude?: RowExclusion;
  /** |robust residual| above which a point is flagged as an outlier (default 6). */
  outlierCut?: number;
}

export type FitResult = FitReport;

/** Rows a preview may ask for: the Viewer's grid shows up to this many. */
export const MAX_PREVIEW_ROWS = 100_000;

/** What a file or folder holds (`scaling-laws inspect`). */
export interface InspectRequest {
  file: string;
  ingest?: IngestOptions;
  /** Include the first rows as display strings (panels' run tables). */
  rows?: number;
}

export interface InspectResult {
  format: string;
  runs: number;
  rows: number;
  columns: { name: string; role: string | null; type: 'number' | 'string'; unit: string | null; missing: number; min?: number; max?: number; scale?: { factor: number; unit: string } }[];
  warnings: string[];
  inferred: { column: string; role: string; reason: string }[];
  /** Folders only: the runs found (id, layout, files read) and every skipped file with its reason. */
  layout?: FolderLayout;
  /** First rows as display strings, in column order (when asked for). */
  preview?: string[][];
}

/** Where a law's parameters come from: a FitReport file, one in memory (the active fit), or explicit values. */
export interface LawSource {
  /** Path of a FitReport JSON (`fit --out`). */
  fit?: string;
  /** A FitReport already in memory (the extension's active fit). */
  report?: FitReport;
  /** Explicit law and parameters (no intervals). */
  law?: string;
  params?: Record<string, number>;
  x?: string;
  formula?: string;
}

/** Loss at given inputs (`scaling-laws predict`). */
export interface PredictRequest extends LawSource {
  at: Record<string, number>;
}

export interface PredictResult {
  prediction: number;
  /** 95 % confidence interval of the law at `at` (bootstrap percentiles), when the fit has draws. */
  interval?: [number, number];
  /** The same confidence interval, named for what it is. */
  confidenceInterval?: [number, number];
  /** 95 % prediction interval: where a new run's loss will fall (law plus residual scatter). */
  predictionInterval?: [number, number];
  /** What each interval means, in words to show next to it. */
  intervalKinds?: { confidence: string; prediction: string };
  at: Record<string, number>;
  law: string;
  warnings: string[];
  /** The answer as one sentence (CLI text output, palette message). */
  text: string;
}

/** A chained prediction through several fits (`scaling-laws predict --chain`). */
export interface ChainPredictRequest {
  chain: string[];
  at: Record<string, number>;
}

/** Compute-optimal N, D for a budget, or the least compute reaching a target loss (`scaling-laws optimal`). */
export interface OptimalRequest extends LawSource {
  compute?: number;
  targetLoss?: number;
  /** k in C = k·N·D (default: the fit's convention, else 6). */
  flopsPerParamToken?: number;
  /** Unique tokens available (the data-constrained law: data repeated D / U times). */
  uniqueTokens?: number;
  /** Lifetime inference tokens: with a target loss, Sardana et al.'s allocation (least training + inference compute). */
  inferenceTokens?: number;
}

export interface OptimalResult extends Allocation {
  interval: Partial<Record<'C' | 'N' | 'D' | 'loss' | 'tokensPerParam' | 'epochs', [number, number]>>;
  flopConvention: string;
  /** Data-constrained law: epochs over the unique data, and the Chinchilla allocation of the same budget under this law. */
  epochs?: number;
  uniqueTokens?: number;
  chinchilla?: { N: number; D: number; epochs: number; loss: number };
  /** With inference tokens: the inference-aware allocation and what it saves. */
  inference?: InferenceAwareAllocation;
  warnings: string[];
  text: string;
}

/** Fit every log under some files and folders into one report (`scaling-laws report`). */
export interface ReportRequest {
  paths: string[];
  bootstrap?: number;
  seed?: number;
  title?: string;
  flopsPerParamToken?: number;
}

import type { ApproachResult, EnvelopeResult, IsoFlopResult, PowerLaw } from '../core/plan/approaches';
import type { Allocation } from '../core/plan/computeOptimal';
import type { InferenceAwareAllocation } from '../core/plan/inference';
import type { FigureSet } from '../core/report/figures';
import type { IsoFlopBias } from '../core/plan/isoflopBias';
import type { CurveFitFile, CurveExploreRequest, CurveExploreResult, CurveExtrapolateRequest, CurveExtrapolateResult, CurveFitRequest, CurvePredictRequest, CurvePredictResult } from './curveTasks';
import type { PhasesExploreRequest, PhasesExploreResult, PhasesHeatmapRequest, PhasesHeatmapResult } from './phasesTasks';
import type { ChainRequest, ChainSweepResult } from './transferTasks';
import type { PlanningData } from './panels/planning';
import type { ReportResult } from '../core/report/html';
import type { DesignResult } from '../core/design/design';
import type { ReportDiff } from '../core/report/diff';
export type { ReportDiff } from '../core/report/diff';
export type { DesignResult } from '../core/design/design';
/** The design with its figure (the runs so far, the designed runs, the naive grid, the target). */
export type DesignTaskResult = DesignResult & { figures: FigureSet };
export type { ReportResult, ReportSection } from '../core/report/html';


/** Every task by name: [request, result]. The worker runs any of them; the CLI has a command for each. */
export interface TaskMap {
  fit: [FitRequest, FitResult];
  inspect: [InspectRequest, InspectResult];
  predict: [PredictRequest, PredictResult];
  optimal: [OptimalRequest, OptimalResult];
  report: [ReportRequest, ReportResult];
  figures: [FiguresRequest, FigureSet];
  curveFit: [CurveFitRequest, CurveFitFile];
  curvePredict: [CurvePredictRequest, CurvePredictResult];
  curveExtrapolate: [CurveExtrapolateRequest & { law?: string; target?: number; level?: number }, CurveExtrapolateResult];
  curveExplore: [CurveExploreRequest, CurveExploreResult];
  phasesExplore: [PhasesExploreRequest, PhasesExploreResult];
  phasesHeatmap: [PhasesHeatmapRequest, PhasesHeatmapResult];
  chain: [ChainRequest, ChainSweepResult];
  approaches: [ApproachesRequest, PlanningData];
  isoflop: [IsoflopRequest, IsoflopResult];
  envelope: [EnvelopeRequest, EnvelopeTaskResult];
  plan: [PlanRequest, Record<string, unknown>];
  compare: [CompareRequest, CompareResult];
  design: [DesignRequest, DesignTaskResult];
  diff: [DiffRequest, ReportDiff];
}

export type TaskName = keyof TaskMap;

/** Every task name (the worker checks names against it before loading any task code). */
export const TASK_NAMES = ['fit', 'inspect', 'predict', 'optimal', 'report', 'figures', 'curveFit', 'curvePredict', 'curveExtrapolate', 'curveExplore', 'phasesExplore', 'phasesHeatmap', 'chain', 'approaches', 'isoflop', 'envelope', 'plan', 'compare', 'design', 'diff'] as const satisfies readonly TaskName[];

export function isTaskName(name: unknown): name is TaskName {
  return typeof name === 'string' && (TASK_NAMES as readonly string[]).includes(name);
}

/** The figures of a FitReport (`scaling-laws figures`): what every panel and the report draw. */
export interface FiguresRequest {
  /** Path of a FitReport JSON. */
  fit?: string;
  /** A FitReport in memory. */
  report?: FitReport;
  flopsPerParamToken?: number;
  maxBandDraws?: number;
}

/** Several laws fitted to one file, ranked (`scaling-laws compare`, the Compare Laws panel). */
export interface CompareRequest {
  /** The file's fit request (roles, derived columns, filter, exclusions, bootstrap); its law is ignored. */
  fit: FitRequest;
  laws: string[];
}

export type { CompareRow, CompareResult } from '../core/report/comparison';
import type { CompareResult } from '../core/report/comparison';

/** Chinchilla approaches 1–3 side by side for a fit (`scaling-laws approaches`, the planning panel). */
export interface ApproachesRequest {
  fit?: string;
  report?: FitReport;
  flopsPerParamToken?: number;
  resamples?: number;
  seed?: number;
  /** The log the fit came from (for labels). */
  file?: string;
}

/** A run for a budget, a target loss or a time budget (`scaling-laws plan`). */
export interface PlanRequest extends LawSource {
  compute?: number;
  targetLoss?: number;
  /** Wall-clock budget in seconds (with peakFlops). */
  time?: number;
  inferenceTokens?: number;
  family?: string;
  vocab?: number;
  seqLen?: number;
  batchTokens?: number;
  nConvention?: string;
  peakFlops?: number;
  bandwidth?: number;
  devices?: number;
  mfu?: number;
  timeModel?: string;
}

/**
 * The next k runs that shrink the target's interval most (`scaling-laws design`): the fit's request
 * (the runs so far, the law, its bootstrap) plus the experiment budget and the target, either the
 * compute-optimal allocation at targetCompute or the loss at (targetN, targetD).
 */
export interface DesignRequest extends FitRequest {
  /** Total FLOPs of the new runs. */
  budgetFlops: number;
  /** Number of new runs. */
  k: number;
  targetCompute?: number;
  targetN?: number;
  targetD?: number;
  maxN?: number;
  maxD?: number;
  /** Narrow the tokens/param range of the new runs (within the data's). */
  minTokensPerParam?: number;
  maxTokensPerParam?: number;
}

/** What changed between two fits (`scaling-laws diff old.json new.json`). */
export interface DiffRequest {
  /** FitReport JSON paths (`fit --out`). */
  old: string;
  new: string;
  /** The headline: the loss here … */
  at?: Record<string, number>;
  /** … or the compute-optimal N at this budget (default: the largest budget of the old data, Chinchilla laws). */
  compute?: number;
  flopsPerParamToken?: number;
}

/** Column names a planning analysis reads (each found by role or usual name when absent). */
export interface AnalysisColumns {
  N?: string;
  C?: string;
  D?: string;
  loss?: string;
}

/** Chinchilla approach 2: IsoFLOP parabolas per budget (`scaling-laws isoflop`). */
export interface IsoflopRequest {
  file: string;
  columns?: AnalysisColumns & { budget?: string };
  bootstrap?: number;
  seed?: number;
  tolerance?: number;
  minPoints?: number;
  flopsPerParamToken?: number;
}

/** Chinchilla approach 1: the envelope of training curves (`scaling-laws envelope`). */
export interface EnvelopeRequest {
  file: string;
  columns?: AnalysisColumns & { run?: string };
  bootstrap?: number;
  seed?: number;
  grid?: number;
  minRuns?: number;
  keepEdges?: boolean;
  flopsPerParamToken?: number;
}

/** What both approaches print: the exponents with intervals, the power laws, the columns used. */
interface ApproachSummary {
  a: number;
  b: number;
  aInterval?: [number, number];
  bInterval?: [number, number];
  N: PowerLaw;
  D: PowerLaw;
  bootstrap?: ApproachResult['bootstrap'];
  flopConvention: string;
  warnings: string[];
}

export interface IsoflopResult extends ApproachSummary {
  approach: 2;
  /** a + b with its interval (1 when D* follows from C* under C = k·N·D; measured when the runs have tokens). */
  sumAB: IsoFlopResult['sumAB'];
  /** Where D* came from: the token column, or the compute budget (D = C / (k·N)). */
  DSource: IsoFlopResult['DSource'];
  /** Range of C / (k·N·D) over the runs when both C and D are known (nominal budgets stray from 1). */
  budgetRatio?: IsoFlopResult['budgetRatio'];
  budgets: IsoFlopResult['budgets'];
  skipped: IsoFlopResult['skipped'];
  columns: { N: string; C?: string; D?: string; loss: string; budget?: string };
  runs: number;
  /** The check without the parabola: approach 3 (the Chinchilla law by variable projection) on the same runs. */
  approach3?: { a: number; b: number; params: Record<string, number>; targetC: number; Dopt: number };
  /** What this sampling alone does to approach 2, with the approach-3 law as the truth. */
  bias?: IsoFlopBias;
}

export interface EnvelopeTaskResult extends ApproachSummary {
  approach: 1;
  runs: number;
  sizes: number;
  envelope: EnvelopeResult['envelope'];
  columns: { run?: string; N: string; C?: string; D?: string; loss: string };
}
