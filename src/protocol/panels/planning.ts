// The planning panel (dist/planning.js): the three Chinchilla approaches' frontiers with intervals,
// a compute-budget slider and an inference-aware view, for the active fit.
import type { ChinchillaParams } from '../../core/plan/computeOptimal';
import { check, fields, type ArgsCheck } from '../webview';

export const PLANNING_VIEW_TYPE = 'scalingLaws.planning';

export interface FrontierSeries {
  /** '1' | '2' | '3' */
  id: string;
  name: string;
  /** N_opt(C), D_opt(C) on the shared C grid, with 95 % bands when available. */
  N: number[];
  D: number[];
  NLo?: number[];
  NHi?: number[];
  DLo?: number[];
  DHi?: number[];
  /** N_opt ∝ C^a, D_opt ∝ C^b with their 95 % intervals. */
  a: number;
  b: number;
  aCi?: [number, number];
  bCi?: [number, number];
  warnings: string[];
}

export interface PlanningData {
  title: string;
  fitLabel: string;
  law: ChinchillaParams;
  /** Bootstrap draws (subsampled) for intervals computed in the webview. */
  draws: ChinchillaParams[];
  C: number[];
  frontiers: FrontierSeries[];
  /** Approaches that could not run on this data, with the reason. */
  errors: { id: string; name: string; message: string }[];
  /** The fitted runs (for the compute range and a scatter of what the fit saw). */
  runs: { N: number[]; D: number[] };
  /** Starting budget for the slider (10× the largest compute in the data, or 1e21). */
  budget: number;
  /** The config in the active editor, when one is recognised: its N and D as a marker. */
  config?: { file: string; N: number; D?: number };
  flopsPerParamToken: number;
}

/** Data keys: 'planning' (PlanningData) or 'message' (why there is nothing to plan: no active fit, not a Chinchilla-form law). */
export const PLANNING_ACTIONS: Record<string, ArgsCheck> = {
  copy: fields({ text: (v) => check.string(v, 64 * 1024) }),
};
