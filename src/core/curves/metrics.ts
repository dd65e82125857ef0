// Scores of a predicted curve against an observed one, as the multi-power-law authors report
// them (src/evaluation.py there): R² (sklearn r2_score: 1 - SS_res/SS_tot), MAE, RMSE,
// mean relative error |y - p|/y ("PredE") and worst relative error ("WorstE"). Over several
// curves they average each metric across curves (not over pooled points): `averageMetrics`.

export interface CurveMetrics {
  r2: number;
  mae: number;
  rmse: number;
  meanRelErr: number;
  worstRelErr: number;
  n: number;
}

export function curveMetrics(observed: ArrayLike<number>, predicted: ArrayLike<number>): CurveMetrics {
  const n = observed.length;
  if (n === 0 || predicted.length !== n) throw new RangeError(`metrics need equal non-empty arrays (got ${n} and ${predicted.length})`);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += observed[i];
  mean /= n;
  let ssRes = 0, ssTot = 0, abs = 0, rel = 0, worst = 0;
  for (let i = 0; i < n; i++) {
    const y = observed[i], e = y - predicted[i];
    ssRes += e * e;
    ssTot += (y - mean) * (y - mean);
    abs += Math.abs(e);
    const r = Math.abs(e) / y;
    rel += r;
    if (r > worst) worst = r;
  }
  return { r2: 1 - ssRes / ssTot, mae: abs / n, rmse: Math.sqrt(ssRes / n), meanRelErr: rel / n, worstRelErr: worst, n };
}

/** Each metric averaged across curves (the authors' "Average ..." lines). */
export function averageMetrics(list: CurveMetrics[]): CurveMetrics {
  const k = list.length;
  const avg = (f: (m: CurveMetrics) => number) => list.reduce((s, m) => s + f(m), 0) / k;
  return {
    r2: avg((m) => m.r2),
    mae: avg((m) => m.mae),
    rmse: avg((m) => m.rmse),
    meanRelErr: avg((m) => m.meanRelErr),
    worstRelErr: avg((m) => m.worstRelErr),
    n: list.reduce((s, m) => s + m.n, 0),
  };
}
