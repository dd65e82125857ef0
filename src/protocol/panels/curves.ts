// The Curve Panel (dist/curves.js): a run's observed loss, the fitted law's prediction with a band
// under the run's schedule and under the schedule in the editor.
import { check, fields, type ArgsCheck } from '../webview';

export const CURVES_VIEW_TYPE = 'scalingLaws.curves';

export const CURVES_ACTIONS: Record<string, ArgsCheck> = {
  refit: () => undefined,
  predict: fields({ spec: (v) => check.string(v, 1024) }),
};
