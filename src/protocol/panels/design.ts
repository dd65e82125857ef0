// The "Plan Next Runs" panel (dist/design.js): the k runs that shrink the target's interval most
// for an experiment budget (the worker's 'design' task, as `scaling-laws design`), with the widths
// before and after, the same compute on a naive grid, a reason per run, and configs to copy.
import type { DesignRequest, DesignTaskResult } from '../tasks';
import { check, fields, type ArgsCheck } from '../webview';

export const DESIGN_VIEW_TYPE = 'scalingLaws.design';

export interface DesignPanelData {
  name: string;
  file: string;
  request: DesignRequest;
  result: DesignTaskResult;
  /** `scaling-laws design …` giving the same runs. */
  cli: string;
  elapsedMs: number;
}

/** Data keys: 'design' (DesignPanelData) or 'message'. */
export const DESIGN_ACTIONS: Record<string, ArgsCheck> = {
  copy: fields({ text: (v) => check.string(v, 256 * 1024) }),
};
