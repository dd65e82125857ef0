// Seeded one-pass SGD on the actual PLRF model (notes §1.2): fresh Gaussian samples every step,
// batch summed, theta_0 = 0. W is drawn from Rng(seed, 0) exactly as in the exact method, so
// `phases simulate` and `phases curve --method exact` with the same seed describe the same W.
// Run k draws its data from Rng(seed, 1 + k).
import { Rng } from '../optimize/rng';
import { quantileSorted } from '../numeric/stats';
import { checkStop, drawW, populationLoss, populationVectors, type PlrfParams, type ProgressHooks } from './model';

export interface SimulationResult {
  step: number[];
  flops: number[];
  /** mean loss over runs */
  loss: number[];
  /** standard deviation over runs */
  std: number[];
  /** 25 % and 75 % quantiles over runs */
  q25: number[];
  q75: number[];
  runs: number;
}

/** Largest v·d the simulation accepts (W is held in memory: 8 bytes per entry). */
export const MAX_SIMULATION_ENTRIES = 2e7;

/** Fill `out` with standard normals (Box–Muller, both halves of each pair). */
function fillNormals(rng: Rng, out: Float64Array): void {
  const n = out.length;
  for (let i = 0; i < n; i += 2) {
    let u = 0;
    while (u === 0) u = rng.next();
    const rad = Math.sqrt(-2 * Math.log(u)), th = 2 * Math.PI * rng.next();
    out[i] = rad * Math.cos(th);
    if (i + 1 < n) out[i + 1] = rad * Math.sin(th);
  }
}

/**
 * Mean and spread of the population loss over `runs` independent SGD runs with the same W, at
 * the given steps (ascending integers). Cost: runs · maxStep · B · 2 v d.
 */
export function simulateSgd(p: PlrfParams, seed: number, runs: number, steps: number[], hooks?: ProgressHooks): SimulationResult {
  const { d, v, batch, lr } = p;
  if (v * d > MAX_SIMULATION_ENTRIES) throw new Error(`simulate holds W in memory: v·d = ${v * d} exceeds ${MAX_SIMULATION_ENTRIES}; use a smaller d or the exact method`);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive integer, got ${runs}`);
  for (let k = 0; k < steps.length; k++) {
    if (!Number.isInteger(steps[k]) || steps[k] < 0 || (k > 0 && steps[k] <= steps[k - 1])) throw new Error('simulate: steps must be increasing non-negative integers');
  }
  const W = drawW(seed, v, d);
  const { dsqrt, bvec } = populationVectors(p.alpha, p.beta, v);
  const theta = new Float64Array(d), grad = new Float64Array(d), feat = new Float64Array(d), z = new Float64Array(v);
  const nS = steps.length;
  const all = new Float64Array(runs * nS);
  const maxStep = nS ? steps[nS - 1] : 0;
  const total = runs * (maxStep + 1);
  for (let run = 0; run < runs; run++) {
    const rng = new Rng(seed, 1 + run);
    theta.fill(0);
    let next = 0;
    for (let r = 0; r <= maxStep; r++) {
      if (r === steps[next]) {
        all[run * nS + next] = populationLoss(W, v, d, theta, dsqrt, bvec);
        next++;
        if (r === maxStep) break;
      }
      if ((r & 127) === 0) {
        checkStop(hooks);
        hooks?.onProgress?.(run * (maxStep + 1) + r, total);
      }
      grad.fill(0);
      for (let s = 0; s < batch; s++) {
        fillNormals(rng, z);
        feat.fill(0);
        let y = 0;
        for (let j = 0; j < v; j++) {
          const xj = dsqrt[j] * z[j];
          y += xj * bvec[j];
          const o = j * d;
          for (let i = 0; i < d; i++) feat[i] += xj * W[o + i];
        }
        let pred = 0;
        for (let i = 0; i < d; i++) pred += feat[i] * theta[i];
        const res = pred - y;
        for (let i = 0; i < d; i++) grad[i] += res * feat[i];
      }
      for (let i = 0; i < d; i++) theta[i] -= lr * grad[i];
    }
  }
  hooks?.onProgress?.(total, total);
  const loss: number[] = [], std: number[] = [], q25: number[] = [], q75: number[] = [];
  const col = new Float64Array(runs);
  for (let k = 0; k < nS; k++) {
    let m = 0;
    for (let run = 0; run < runs; run++) {
      col[run] = all[run * nS + k];
      m += col[run];
    }
    m /= runs;
    let ss = 0;
    for (let run = 0; run < runs; run++) ss += (col[run] - m) ** 2;
    col.sort();
    loss.push(m);
    std.push(runs > 1 ? Math.sqrt(ss / (runs - 1)) : 0);
    q25.push(quantileSorted(col, 0.25));
    q75.push(quantileSorted(col, 0.75));
  }
  return { step: steps.slice(), flops: steps.map((r) => r * d * batch), loss, std, q25, q75, runs };
}
