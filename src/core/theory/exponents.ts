// Numerical compute-optimal exponents of the PLRF model (notes §6 item 5, Chinchilla IsoFLOP method):
// a geometric grid of d, the exact expected loss curve per d against flops f = r·d·B averaged over
// several draws of W, the IsoFLOP minimum over d refined by a parabola in log d, then log-log fits
// of d*(f) and P*(f), only over budgets whose minimum lies strictly inside the grid.
// Draw t uses the same seed for every d (common random numbers: W of width d is the first d columns
// of W of width d' > d: forEachWRow draws each row from its own stream), so the IsoFLOP profiles are
// smooth in d and the minimum does not hop with W-to-W noise. Each draw is also fitted on its own
// (the spread), and the fit is repeated with the grid cut at d_max/2, d_max/4, … (the finite-size
// sequence) to extrapolate d_max → ∞. See docs/PHASES.md §5.
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
  /** exact method: number of W draws averaged per d (default 1 here; the CLI's default is 4) */
  draws?: number;
}

export interface FrontierPoint {
  flops: number;
  dStar: number;
  pStar: number;
}

/** The raw fit with the d grid cut at dMax (W-averaged curves). */
export interface FiniteSizePoint {
  dMax: number;
  xi: number;
  eta: number;
  /** budgets with an interior IsoFLOP minimum */
  budgets: number;
}

/** d_max → ∞ extrapolation of the finite-size sequence (null when the sequence does not allow one). */
export interface Extrapolated {
  xi: number | null;
  eta: number | null;
  /** half-width: the extrapolation step and the draws' standard error, combined */
  xiUncertainty: number | null;
  etaUncertainty: number | null;
  /** fitted correction exponent: η(d_max) = η∞ − c·d_max^-omega */
  omegaEta: number | null;
  method: string;
  note: string;
}

export interface ExponentResult {
  alpha: number;
  beta: number;
  /** the fit of the W-averaged curves over the whole grid */
  xi: number;
  eta: number;
  xiInterval: [number, number];
  etaInterval: [number, number];
  /** each draw fitted on its own (exact method) */
  perDraw: { xi: number; eta: number }[];
  /** standard deviation over draws and the standard error of their mean (0 for one draw / deterministic) */
  spread: { xiSd: number; etaSd: number; xiSe: number; etaSe: number };
  /** raw fits with the grid cut at octave steps below the top (ascending dMax, the last is the full fit) */
  finiteSize: FiniteSizePoint[];
  extrapolated: Extrapolated;
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

interface WindowFit {
  xi: number;
  eta: number;
  xiSe: number;
  etaSe: number;
  n: number;
}

/**
 * IsoFLOP minima of the curves `loss[gi][k]` over grid indices 0..top (parabola in log d around the
 * discrete minimum). A d that has not taken one step at a budget (NaN) still has its initial loss
 * P(0), above any trained loss, so it does not compete for the minimum.
 */
function isoflopFrontier(grid: number[], top: number, flops: Float64Array, loss: Float64Array[]): FrontierPoint[] {
  const out: FrontierPoint[] = [];
  for (let k = 0; k < flops.length; k++) {
    let best = -1, bv = Infinity;
    for (let gi = 0; gi <= top; gi++) {
      const v = loss[gi][k];
      if (Number.isFinite(v) && v < bv) {
        bv = v;
        best = gi;
      }
    }
    if (best <= 0 || best >= top) continue;
    const y0 = loss[best - 1][k], y2 = loss[best + 1][k];
    if (!Number.isFinite(y0) || !Number.isFinite(y2)) continue;
    const [xs, ys] = parabolaVertex(Math.log(grid[best - 1]), Math.log(y0), Math.log(grid[best]), Math.log(bv), Math.log(grid[best + 1]), Math.log(y2));
    out.push({ flops: flops[k], dStar: Math.exp(xs), pStar: Math.exp(ys) });
  }
  return out;
}

/** Log-log slopes of d*(f) and P*(f) over the budgets in [lo, hi] of the log-f range (fractions). */
function frontierFit(frontier: FrontierPoint[], lo = 0, hi = 1): WindowFit {
  const lf = frontier.map((f) => Math.log(f.flops));
  const a = lf[0] + (lf[lf.length - 1] - lf[0]) * lo, b = lf[0] + (lf[lf.length - 1] - lf[0]) * hi;
  const idx = lf.map((x, i) => (x >= a - 1e-12 && x <= b + 1e-12 ? i : -1)).filter((i) => i >= 0);
  const X = idx.map((i) => lf[i]);
  const fd = linearFit(X, idx.map((i) => Math.log(frontier[i].dStar))), fp = linearFit(X, idx.map((i) => Math.log(frontier[i].pStar)));
  return { xi: fd.slope, eta: -fp.slope, xiSe: fd.se, etaSe: fp.se, n: idx.length };
}

function meanSd(x: number[]): { mean: number; sd: number } {
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd };
}

/**
 * Aitken Δ² on the last three values of a sequence at d_max, d_max/2, d_max/4... (ascending dMax):
 * if the steps shrink geometrically with the same sign (0 < ratio < 1, i.e. x(d) = x∞ − c d^-omega
 * with omega = −log2(ratio) > 0), returns x∞ and the size of the extrapolation step.
 */
export function aitkenLimit(x1: number, x2: number, x3: number): { limit: number; step: number; omega: number } | null {
  const d1 = x2 - x1, d2 = x3 - x2;
  if (d1 === 0) return null;
  const ratio = d2 / d1;
  if (!(ratio > 0 && ratio < 1)) return null;
  const step = (d2 * ratio) / (1 - ratio);
  return { limit: x3 + step, step: Math.abs(step), omega: -Math.log2(ratio) };
}

/**
 * Measure xi (d* ∝ f^xi) and eta (P* ∝ f^-eta) from W-averaged curves. Intervals: the slope over
 * the full window of interior budgets and over its lower and upper two-thirds (in log f), widened by
 * ±2 standard errors (OLS and, for several draws, the spread of the draws' own fits: consecutive
 * IsoFLOP minima are correlated, so the window spread is the honest part). The finite-size sequence
 * repeats the fit with the grid cut at octave steps below d_max; its d_max → ∞ extrapolation is
 * Aitken's Δ² on the last three cuts (power-law convergence with a fitted exponent), given only
 * when those cuts move monotonically with shrinking steps.
 * Progress is reported per d and draw (weighted by d³, the eigen-decomposition cost).
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
  const nDraws = s.method === 'deterministic' ? 1 : Math.max(1, Math.floor(s.draws));
  // loss[t][gi][k]: draw t, grid point gi, budget k (NaN below one step)
  const loss: Float64Array[][] = Array.from({ length: nDraws }, () => []);
  const work = grid.map((d) => d ** 3);
  const totalWork = work.reduce((a, b) => a + b, 0) * nDraws;
  let done = 0;
  hooks?.onProgress?.(0, totalWork);
  for (let t = 0; t < nDraws; t++) {
    for (let gi = 0; gi < grid.length; gi++) {
      checkStop(hooks);
      const d = grid[gi];
      const p = makeParams({ alpha, beta, d, v: s.vRatio * d, batch: s.batch, lr: lrOf(d) });
      const steps = new Float64Array(nF + 1);
      for (let k = 0; k <= nF; k++) steps[k] = flops[k] / (d * s.batch);
      const first = steps.findIndex((r) => r >= 1);
      const P = new Float64Array(nF + 1).fill(NaN);
      const spec = s.method === 'deterministic'
        ? deterministicSpectrum(p, {}, { shouldStop: hooks?.shouldStop })
        : exactSpectrum(p, s.seed + 7919 * t, { shouldStop: hooks?.shouldStop });
      P.set(modalCurve(spec, p, steps.subarray(first), { rho: s.rho }, { shouldStop: hooks?.shouldStop }), first);
      loss[t].push(P);
      done += work[gi];
      hooks?.onProgress?.(done, totalWork);
    }
  }
  const mean: Float64Array[] = grid.map((_, gi) => {
    const m = new Float64Array(nF + 1);
    for (let t = 0; t < nDraws; t++) for (let k = 0; k <= nF; k++) m[k] += loss[t][gi][k] / nDraws;
    return m;
  });
  const top = grid.length - 1;
  const frontier = isoflopFrontier(grid, top, flops, mean);
  if (frontier.length < 5) {
    throw new Error(`the IsoFLOP minimum lies inside the d grid for only ${frontier.length} budgets; widen --d-min/--d-max or the horizon`);
  }
  const full = frontierFit(frontier);
  const perDraw: { xi: number; eta: number }[] = [];
  if (nDraws > 1) {
    for (let t = 0; t < nDraws; t++) {
      const fr = isoflopFrontier(grid, top, flops, loss[t]);
      if (fr.length >= 5) {
        const f = frontierFit(fr);
        perDraw.push({ xi: f.xi, eta: f.eta });
      }
    }
  }
  const xiMS = meanSd(perDraw.map((q) => q.xi)), etaMS = meanSd(perDraw.map((q) => q.eta));
  const m = Math.max(1, perDraw.length);
  const spread = perDraw.length > 1
    ? { xiSd: xiMS.sd, etaSd: etaMS.sd, xiSe: xiMS.sd / Math.sqrt(m), etaSe: etaMS.sd / Math.sqrt(m) }
    : { xiSd: 0, etaSd: 0, xiSe: 0, etaSe: 0 };
  const wins = [full, frontierFit(frontier, 0, 2 / 3), frontierFit(frontier, 1 / 3, 1)].filter((w) => w.n >= 3);
  const sx = Math.hypot(full.xiSe, spread.xiSe), se = Math.hypot(full.etaSe, spread.etaSe);
  const xiInterval: [number, number] = [Math.min(...wins.map((w) => w.xi)) - 2 * sx, Math.max(...wins.map((w) => w.xi)) + 2 * sx];
  const etaInterval: [number, number] = [Math.min(...wins.map((w) => w.eta)) - 2 * se, Math.max(...wins.map((w) => w.eta)) + 2 * se];
  // finite-size sequence: cut the grid at octave steps below the top
  const finiteSize: FiniteSizePoint[] = [];
  for (let cut = top; cut >= 3; cut -= s.perOctave) {
    const fr = cut === top ? frontier : isoflopFrontier(grid, cut, flops, mean);
    if (fr.length < 5) break;
    const f = cut === top ? full : frontierFit(fr);
    finiteSize.unshift({ dMax: grid[cut], xi: f.xi, eta: f.eta, budgets: fr.length });
  }
  const extrapolated = extrapolate(finiteSize, spread);
  return {
    alpha, beta,
    xi: full.xi,
    eta: full.eta,
    xiInterval, etaInterval,
    intervalMethod: 'range of log-log slopes over the full, lower-2/3 and upper-2/3 windows of budgets with an interior IsoFLOP minimum, ±2 standard errors (OLS' +
      (perDraw.length > 1 ? ` and the spread of ${perDraw.length} W draws' own fits` : '') + ')' +
      (s.method === 'exact' && nDraws === 1 ? '; one W draw (the W-to-W spread is not included: use more draws)' : ''),
    perDraw,
    spread,
    finiteSize,
    extrapolated,
    closedForm,
    dGrid: grid,
    frontier,
    curves: grid.map((d, gi) => {
      const first = mean[gi].findIndex((x) => Number.isFinite(x));
      return { d, flops: Array.from(flops.subarray(first)), loss: Array.from(mean[gi].subarray(first)) };
    }),
    settings: s,
  };
}

function extrapolate(seq: FiniteSizePoint[], spread: ExponentResult['spread']): Extrapolated {
  const method = 'Aitken Δ² over the raw fits with the grid cut at d_max/4, d_max/2, d_max: x(d_max) = x∞ − c·d_max^-omega with omega fitted';
  const none = (note: string): Extrapolated => ({ xi: null, eta: null, xiUncertainty: null, etaUncertainty: null, omegaEta: null, method, note });
  if (seq.length < 3) return none('fewer than three octave cuts of the d grid have interior IsoFLOP minima: widen the d range');
  const [a, b, c] = seq.slice(-3);
  const e = aitkenLimit(a.eta, b.eta, c.eta), x = aitkenLimit(a.xi, b.xi, c.xi);
  const notes: string[] = [];
  if (!e) notes.push('eta does not converge monotonically over the last three cuts: no extrapolation (the raw fit stands)');
  if (!x) notes.push('xi does not converge monotonically over the last three cuts: no extrapolation (the raw fit stands)');
  return {
    eta: e ? e.limit : null,
    xi: x ? x.limit : null,
    etaUncertainty: e ? Math.hypot(e.step, spread.etaSe) : null,
    xiUncertainty: x ? Math.hypot(x.step, spread.xiSe) : null,
    omegaEta: e ? e.omega : null,
    method,
    note: notes.join('; '),
  };
}

export interface HeatmapCell {
  alpha: number;
  beta: number;
  phase: string;
  xi: number | null;
  eta: number | null;
  source: 'closed-form' | 'continuity' | 'measured' | 'unknown';
}

/**
 * Heatmap of (xi, eta) over alphas × betas from the phase rule: closed form inside every region,
 * continuity on boundaries, null (source 'unknown') where 2(alpha+beta) ≤ 1 or alpha, beta ≤ 0.
 * With `measureAll`, every defined cell is measured instead (one W per d on a small, fast d grid,
 * default 32..256, overridable by the other options), so the map shows what finite d gives.
 * Progress counts cells; cancellation via shouldStop.
 */
export function exponentHeatmap(alphas: number[], betas: number[], opts: Omit<ExponentOptions, 'alpha' | 'beta'> & { measureAll?: boolean } = {}, hooks?: ProgressHooks): HeatmapCell[] {
  const { measureAll, ...measure } = opts;
  const out: HeatmapCell[] = [];
  const total = alphas.length * betas.length;
  let done = 0;
  for (const alpha of alphas) {
    for (const beta of betas) {
      checkStop(hooks);
      const cell: HeatmapCell = { alpha, beta, phase: 'undefined', xi: null, eta: null, source: 'unknown' };
      if (alpha > 0 && beta > 0 && Number.isFinite(alpha) && Number.isFinite(beta)) {
        const c = classifyPhase(alpha, beta);
        cell.phase = c.phase;
        if (c.source === 'closed-form' || c.source === 'continuity') Object.assign(cell, { xi: c.xi, eta: c.eta, source: c.source });
        if (measureAll && c.phase !== 'undefined') {
          try {
            const m = measureExponents({ dMin: 32, dMax: 256, perDecade: 12, draws: 1, ...measure, alpha, beta }, { shouldStop: hooks?.shouldStop });
            Object.assign(cell, { xi: m.xi, eta: m.eta, source: 'measured' });
          } catch (e) {
            if (e instanceof CancelledError) throw e;
          }
        }
      }
      out.push(cell);
      hooks?.onProgress?.(++done, total);
    }
  }
  return out;
}
