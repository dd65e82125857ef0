// The phases explorer (dist/phases.js): the (alpha, beta) plane with its regions, a point's phase
// and curves, the xi/eta heatmap, and "place my fit".
import type { PlacedPoint } from '../../core/theory/phases';
import { check, fields, type ArgsCheck } from '../webview';

export const PHASES_VIEW_TYPE = 'scalingLaws.phases';

export interface Region {
  name: string;
  /** closed polygon vertices (alpha, beta), last ≠ first */
  poly: [number, number][];
  /** label position */
  label: [number, number];
}

export interface FitExponents {
  xi: number;
  eta: number;
  /** how they were obtained, for the panel */
  how: string;
  law: string;
}

export interface Placement {
  fit: FitExponents;
  points: PlacedPoint[];
  /** nearest distance in (xi, eta) */
  distance: number;
  note: string;
}

export const PHASES_ACTIONS: Record<string, ArgsCheck> = {
  select: fields({ alpha: check.number, beta: check.number }),
  heatmap: fields({ n: (v) => Number.isInteger(v) && (v as number) >= 2 && (v as number) <= 50 }, ['n']),
  placeFit: () => undefined,
};
