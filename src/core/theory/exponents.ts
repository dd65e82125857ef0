// Numerical compute-optimal exponents of the PLRF model (notes §6 item 5, Chinchilla IsoFLOP method):
// a geometric grid of d, the exact expected loss curve of one seeded W per d against flops f = r·d·B,
// the IsoFLOP minimum over d refined by a parabola in log d, then log-log fits of d*(f) and P*(f),
// only over budgets whose minimum lies strictly inside the grid.
import { classifyPhase, type PhaseInfo } from './phases';
import { exactSpectrum, modalCurve } from './exact';
import { deterministicSpectrum } from './deterministic';
import { CancelledError, checkStop, defaultLr, makeParams, type ProgressHooks } from './model';

export interface ExponentOptions {
  alpha: number;
  beta: number;
  dMin?: number;
  dMax?: number;
  /** grid points per octave of d (≥ 2 recommended) */
  perOctave?: number;
  /** v = vRatio · d */
  vRatio?: number;
  batch?: number;
  /** learning rate = lrMult / ((B+1) tr D) for each d (default 1, i.e. 0.5/tr D at B = 1) */
  lrMult?: number;
  seed?: number;
  /** flop grid points per decade */
  perDecade?: number;
  /** horizon for each d: r_max = horizon · d^(2 alpha) / gamma (notes §7 suggest 50) */
  horizon?: number;
  /** relative step of the log-time integrator */
  rho?: number;
  /** loss curve per d: 'exact' (one seeded W per d, the default) or 'deterministic' (the W-averaged deterministic equivalent, slower per d but free of W-to-W noise) */
  method?: 'exact' | 'deterministic';
  /** exact method: number of W draws averaged per d (default 1) */
  draws?: number;
}

export interface FrontierPoint {
  flops: number;
  dStar: number;
  pStar: number;
}

export interface ExponentResult {
  alpha: number;
  beta: number;
  xi: number;
  eta: number;
  xiInterval: [number, number];
  etaInterval: [number, number];
  /** how the intervals were made */
  intervalMethod: string;
  closedForm: PhaseInfo;
  dGrid: number[];
  frontier: FrontierPoint[];
  curves: { d: number; flops: number[]; loss: number[] }[];
  settings: Required<Omit<ExponentOptions, 'alpha' | 'beta'>>;
}

/** Geometric grid of integer d from dMin to dMax with `perOctave` points per doubling. */
export function geometricGrid(dMin: number, dMax: number, perOctave: number): number[] {
  const out: number[] = [];
  const n = Math.max(1, Math.round(Math.log2(dMax / dMin) * perOctave));
  for (let k = 0; k <= n; k++) {
    const d = Math.round(dMin * Math.pow(dMax / dMin, k / n));
    if (!out.length || d > out[out.length - 1]) out.push(d);
  }
  return out;
}

/** Ordinary least squares y = a + b x: slope, intercept and the slope's standard error. */
export function linearFit(x: ArrayLike<number>, y: ArrayLike<number>): { slope: number; intercept: number; se: number } {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
  }
  const slope = sxy / sxx, intercept = my - slope * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (y[i] - intercept - slope * x[i]) ** 2;
  const se = n > 2 ? Math.sqrt(rss / (n - 2) / sxx) : Infinity;
  return { slope, intercept, se };
}

/**
 * Vertex of the parabola through (x0,y0), (x1,y1), (x2,y2) (x ascending, y1 the smallest):
 * returns [x*, y*], clamped to [x0, x2].
 */
export function parabolaVertex(x0: number, y0: number, x1: number, y1: number, x2: number, y2: number): [number, number] {
  const d01 = (y1 - y0) / (x1 - x0), d12 = (y2 - y1) / (x2 - x1);
  const a = (d12 - d01) / (x2 - x0); // y = y1 + b (x − x1) + a (x − x1)²
  const b = d01 + a * (x1 - x0);
  if (!(a > 0)) return [x1, y1];
  let xs = x1 - b / (2 * a);
  xs = Math.min(Math.max(xs, x0), x2);
  return [xs, y1 + b * (xs - x1) + a * (xs - x1) ** 2];
}

function fillDefaults(o: ExponentOptions): Required<Omit<ExponentOptions, 'alpha' | 'beta'>> {
  return {
    dMin: o.dMin ?? 64,
    dMax: o.dMax ?? 1024,
    perOctave: o.perOctave ?? 2,
    vRatio: o.vRatio ?? 4,
    batch: o.batch ?? 1,
    lrMult: o.lrMult ?? 1,
    seed: o.seed ?? 1,
    perDecade: o.perDecade ?? 20,
    horizon: o.horizon ?? 50,
    rho: o.rho ?? 0.02,
    method: o.method ?? 'exact',
    draws: o.draws ?? 1,
  };
}

/**
 * Measure xi (d* ∝ f^xi) and eta (P* ∝ f^-eta). Intervals: the slope over the full window of
 * interior budgets and over its lower and upper two-thirds (in log f), widened by ±2 standard
 * errors; consecutive IsoFLOP minima are correlated, so the window spread is the honest part.
 * Progress is reported per d (weighted by d³, the eigen-decomposition cost).
 */
export function measureExponents(opts: ExponentOptions, hooks?: ProgressHooks): ExponentResult {
  const s = fillDefaults(opts);
  const { alpha, beta } = opts;
  if (!(s.dMin >= 4) || !(s.dMax > s.dMin)) throw new Error(`need 4 ≤ d-min < d-max, got ${s.dMin}, ${s.dMax}`);
  const grid = geometricGrid(s.dMin, s.dMax, s.perOctave);
  if (grid.length < 4) throw new Error('the d grid needs at least 4 points (widen --d-min/--d-max)');
  const closedForm = classifyPhase(alpha, beta);
  if (closedForm.phase === 'undefined') throw new Error(`(alpha, beta) = (${alpha}, ${beta}) has 2(alpha+beta) ≤ 1: the loss is not defined as v → ∞`);
  const lrOf = (d: number) => s.lrMult * defaultLr(alpha, s.vRatio * d, s.batch);
  const dTop = grid[grid.length - 1];
  const fHi = dTop * s.batch * (s.horizon * Math.pow(dTop, 2 * alpha)) / lrOf(dTop);
  const fLo = grid[0] * s.batch * 10;
  const nF = Math.max(8, Math.round(Math.log10(fHi / fLo) * s.perDecade));
  const flops = new Float64Array(nF + 1);
  for (let k = 0; k <= nF; k++) flops[k] = fLo * Math.pow(fHi / fLo, k / nF);
  const loss: Float64Array[] = [];
  const curves: ExponentResult['curves'] = [];
  const work = grid.map((d) => d ** 3 * (s.method === 'deterministic' ? 1 : Math.max(1, Math.floor(s.draws))));
  const totalWork = work.reduce((a, b) => a + b, 0);
  let done = 0;
  hooks?.onProgress?.(0, totalWork);
  for (let gi = 0; gi < grid.length; gi++) {
    checkStop(hooks);
    const d = grid[gi];
    const p = makeParams({ alpha, beta, d, v: s.vRatio * d, batch: s.batch, lr: lrOf(d) });
    const steps = new Float64Array(nF + 1);
    for (let k = 0; k <= nF; k++) steps[k] = flops[k] / (d * s.batch);
    const first = steps.findIndex((r) => r >= 1);
    const P = new Float64Array(nF + 1).fill(NaN);
    const sub = steps.subarray(first);
    const nDraws = s.method === 'deterministic' ? 1 : Math.max(1, Math.floor(s.draws));
    const vals = new Float64Array(sub.length);
    for (let t = 0; t < nDraws; t++) {
      const spec = s.method === 'deterministic'
        ? deterministicSpectrum(p, {}, { shouldStop: hooks?.shouldStop })
        : exactSpectrum(p, s.seed + gi + 7919 * t, { shouldStop: hooks?.shouldStop });
      const c = modalCurve(spec, p, sub, { rho: s.rho }, { shouldStop: hooks?.shouldStop });
      for (let k = 0; k < c.length; k++) vals[k] += c[k] / nDraws;
    }
    P.set(vals, first);
    loss.push(P);
    curves.push({ d, flops: Array.from(flops.subarray(first)), loss: Array.from(vals) });
    done += work[gi];
    hooks?.onProgress?.(done, totalWork);
  }
  // IsoFLOP minima
  const frontier: FrontierPoint[] = [];
  const lx = grid.map((d) => Math.log(d));
  for (let k = 0; k <= nF; k++) {
    let best = -1, bv = Infinity;
    for (let gi = 0; gi < grid.length; gi++) {
      const v = loss[gi][k];
      if (Number.isFinite(v) && v < bv) {
        bv = v;
        best = gi;
      }
    }
    if (best <= 0 || best >= grid.length - 1) continue;
    const y0 = loss[best - 1][k], y2 = loss[best + 1][k];
    if (!Number.isFinite(y0) || !Number.isFinite(y2)) continue;
    const [xs, ys] = parabolaVertex(lx[best - 1], Math.log(y0), lx[best], Math.log(bv), lx[best + 1], Math.log(y2));
    frontier.push({ flops: flops[k], dStar: Math.exp(xs), pStar: Math.exp(ys) });
  }
  if (frontier.length < 5) {
    throw new Error(`the IsoFLOP minimum lies inside the d grid for only ${frontier.length} budgets; widen --d-min/--d-max or the horizon`);
  }
  const lf = frontier.map((f) => Math.log(f.flops)), ld = frontier.map((f) => Math.log(f.dStar)), lp = frontier.map((f) => Math.log(f.pStar));
  const fitWindow = (lo: number, hi: number) => {
    const a = lf[0] + (lf[lf.length - 1] - lf[0]) * lo, b = lf[0] + (lf[lf.length - 1] - lf[0]) * hi;
    const idx = lf.map((x, i) => (x >= a - 1e-12 && x <= b + 1e-12 ? i : -1)).filter((i) => i >= 0);
    const X = idx.map((i) => lf[i]);
    return { d: linearFit(X, idx.map((i) => ld[i])), p: linearFit(X, idx.map((i) => lp[i])), n: idx.length };
  };
  const full = fitWindow(0, 1);
  const wins = [full, fitWindow(0, 2 / 3), fitWindow(1 / 3, 1)].filter((w) => w.n >= 3);
  const xiS = wins.map((w) => w.d.slope), etaS = wins.map((w) => -w.p.slope);
  const xiInterval: [number, number] = [Math.min(...xiS) - 2 * full.d.se, Math.max(...xiS) + 2 * full.d.se];
  const etaInterval: [number, number] = [Math.min(...etaS) - 2 * full.p.se, Math.max(...etaS) + 2 * full.p.se];
  return {
    alpha, beta,
    xi: full.d.slope,
    eta: -full.p.slope,
    xiInterval, etaInterval,
    intervalMethod: 'range of log-log slopes over the full, lower-2/3 and upper-2/3 windows of budgets with an interior IsoFLOP minimum, ±2 OLS standard errors' +
      (s.method === 'exact' ? `; conditional on the ${s.draws === 1 ? 'single W draw' : `${s.draws} W draws`} per d (W-to-W spread not included)` : ''),
    closedForm,
    dGrid: grid,
    frontier,
    curves,
    settings: s,
  };
}

export interface HeatmapCell {
  alpha: number;
  beta: number;
  phase: string;
  xi: number | null;
  eta: number | null;
  source: 'closed-form' | 'measured' | 'unknown';
}

/**
 * Heatmap of (xi, eta) over alphas × betas: closed form where known, otherwise measured with a
 * small, fast d grid (default 32..256), 'unknown' (null) where the measurement finds no interior
 * minima or the point is undefined. Progress counts cells; cancellation via shouldStop.
 */
export function exponentHeatmap(alphas: number[], betas: number[], measure: Omit<ExponentOptions, 'alpha' | 'beta'> = {}, hooks?: ProgressHooks): HeatmapCell[] {
  const out: HeatmapCell[] = [];
  const total = alphas.length * betas.length;
  let done = 0;
  for (const alpha of alphas) {
    for (const beta of betas) {
      checkStop(hooks);
      const c = classifyPhase(alpha, beta);
      const cell: HeatmapCell = { alpha, beta, phase: c.phase, xi: c.xi, eta: c.eta, source: c.source === 'closed-form' ? 'closed-form' : 'unknown' };
      if (c.phase !== 'undefined' && c.source !== 'closed-form') {
        try {
          const m = measureExponents({ dMin: 32, dMax: 256, perDecade: 12, ...measure, alpha, beta }, { shouldStop: hooks?.shouldStop });
          cell.xi = m.xi;
          cell.eta = m.eta;
          cell.source = 'measured';
        } catch (e) {
          if (e instanceof CancelledError) throw e;
        }
      }
      out.push(cell);
      hooks?.onProgress?.(++done, total);
    }
  }
  return out;
}
