// The Compare Laws panel (dist/compare.js): the laws fitted to one file, ranked by cross-validated
// error, with AIC/BIC, held-out error, parameters and intervals, the overlaid figures, and a button
// that makes one law the file's active fit.
import type { CompareResult } from '../tasks';
import { check, fields, type ArgsCheck } from '../webview';

export const COMPARE_VIEW_TYPE = 'scalingLaws.compare';

export interface CompareData extends CompareResult {
  /** File name for titles and exports. */
  name: string;
  /** The law the file's fits use now (its row is marked). */
  activeLaw: string;
  elapsedMs: number;
}

/** Data keys: 'comparison' (CompareData) or 'message' (nothing to compare yet, and why). */
export const COMPARE_ACTIONS: Record<string, ArgsCheck> = {
  /** Use this law for the file from now on (saved with the file's options) and refit. */
  makeActive: fields({ law: (v) => check.string(v, 64) }),
  /** Save the comparison table as Markdown beside the log. */
  exportMarkdown: () => undefined,
};
