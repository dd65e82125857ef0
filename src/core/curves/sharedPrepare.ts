// A curve law whose `prepare` is done once per (eta, steps) pair of arrays. The extrapolation's
// bootstrap refits all fit the same observed steps (only the losses are resampled), and
// preparing the multi-power law builds its summation plan, which cost more than a whole refit
// once the shape is held; sharing the prepared curve also shares its cache of loss-drop sums
// (multipowerSums.ts). Only for arrays that are not changed in place while the law is in use.
import type { CurveLaw } from './curveLaws';

export function sharePrepared(law: CurveLaw): CurveLaw {
  const cache = new Map<Float64Array, { steps: ArrayLike<number>; prepared: unknown }[]>();
  return {
    ...law,
    prepare(eta, steps) {
      const list = cache.get(eta) ?? [];
      cache.set(eta, list);
      const hit = list.find((e) => e.steps === steps);
      if (hit) return hit.prepared;
      const prepared = law.prepare(eta, steps);
      list.push({ steps, prepared });
      return prepared;
    },
  };
}
