// The baseline a team would launch without a design: the same total compute as k equal runs, one
// more IsoFLOP slice at budget/k, sizes spread evenly in log tokens/param across the data's own
// range (clipped to what the region allows).
import type { Candidate, DesignRegion } from './region';

export function naiveGrid(r: DesignRegion, budget: number, k: number): Candidate[] {
  const dataTpp = r.data.tokensPerParam;
  const c = budget / k;
  const kk = r.flopsPerParamToken;
  const lo = Math.max(dataTpp[0], r.tokensPerParam[0]), hi = Math.min(dataTpp[1], r.tokensPerParam[1]);
  const out: Candidate[] = [];
  for (let i = 0; i < k; i++) {
    const t = k === 1 ? Math.sqrt(lo * hi) : lo * (hi / lo) ** (i / (k - 1));
    const N = Math.sqrt(c / (kk * t));
    let D = t * N;
    if (r.U !== undefined) D = Math.min(D, r.U * r.maxEpochs!);
    out.push({ N, D, flops: kk * N * D });
  }
  return out;
}
