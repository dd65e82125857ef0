// Requests and results of the phases explorer's tasks (the PLRF model, issue #7). Types only.
import type { HeatmapCell, PhaseInfo } from '../core/theory';

export interface PhasesExploreRequest {
  alpha: number;
  beta: number;
  dMin?: number;
  dMax?: number;
  /** SGD runs overlaid on the smallest d (0 = none). */
  sgdRuns?: number;
  seed?: number;
}

export interface PhasesExploreResult {
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

export interface PhasesHeatmapRequest {
  alphas: number[];
  betas: number[];
}

export type PhasesHeatmapResult = HeatmapCell[];
