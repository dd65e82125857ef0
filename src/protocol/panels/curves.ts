// The Curve Panel (dist/curves.js): a run's observed loss, the fitted law's prediction with a band
// under the run's schedule and under the schedule in the editor.
import { check, fields, type ArgsCheck } from '../webview';

export const CURVES_VIEW_TYPE = 'scalingLaws.curves';

export const CURVES_ACTIONS: Record<string, ArgsCheck> = {
  /** Refit, optionally on another loss column (one of the choices the fit offered). */
  refit: fields({ loss: (v) => check.string(v, 256) }, ['loss']),
  predict: fields({ spec: (v) => check.string(v, 1024) }),
};
