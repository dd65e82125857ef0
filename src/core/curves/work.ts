// A bound on the work of evaluating a curve law: the multi-power law sums over every step before
// each predicted point (exact sums: points × steps terms), so a long schedule with many points,
// times a band's draws, could run for hours. Checked from an upper bound before `prepare` (which
// itself allocates and scans per step), so a refused request costs nothing.
import { InputError } from '../errors';
import type { CurveLaw } from './curveLaws';

/** Most terms one request may evaluate (about a minute at the 1e7 terms/s measured on a loaded core). */
export const MAX_CURVE_TERMS = 5e8;

/** Throws an InputError naming the limit when `sweeps` evaluations of `prepared` exceed it. */
export function checkCurveWork(law: CurveLaw, steps: ArrayLike<number>, sweeps: number, what: string): void {
  const per = law.work?.(steps) ?? 0;
  const total = per * sweeps;
  if (total > MAX_CURVE_TERMS)
    throw new InputError(
      `${what} needs about ${total.toExponential(1)} ${law.id} terms (${per.toExponential(1)} per evaluation × ${sweeps}), ` +
        `more than the limit of ${MAX_CURVE_TERMS.toExponential(0)}; predict fewer points (a larger --every), a shorter schedule or fewer draws`,
    );
}
