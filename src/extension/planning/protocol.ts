// Messages and data of the planning panel (host ⇄ webview/planning.ts). Pure types: imported by the
// host and the webview bundle, so no 'vscode', DOM or Node imports here.
import type { ChinchillaParams } from '../../core/plan/computeOptimal';

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

/** `message` instead of data when there is nothing to plan (no active fit, not a Chinchilla-form law). */
export type ToPlanning = { type: 'show'; data?: PlanningData; message?: string };

export type FromPlanning =
  | { type: 'ready' }
  | { type: 'log'; level: 'info' | 'error'; message: string }
  | { type: 'copy'; text: string };
