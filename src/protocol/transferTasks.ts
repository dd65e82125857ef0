// Requests and results of the transfer chain's task (compute → loss → other loss → error, issue #8). Types only.
import type { FitReport } from '../core/report/fitReport';
import type { ChainResult } from '../core/transfer/chain';

export interface ChainRequest {
  /** The fits of the chain, in order (compute → loss first), in memory… */
  reports?: FitReport[];
  /** …or as FitReport files. */
  fits?: string[];
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

export interface ChainSweepResult {
  C: number;
  at: ChainResult;
  sweep: { C: number[]; stages: { pred: number[]; lo: number[]; hi: number[] }[] };
  sources: SourceCurve[];
  laws: string[];
}
