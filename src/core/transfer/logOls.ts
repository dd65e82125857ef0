// The loss-to-loss authors' procedure (Brandfonbrener et al. 2024; KempnerInstitute/
// loss-to-loss-notebooks utils_plotting.fit_power_law with E_x and E_y given): with E_x, E_y
// fixed from L(N, D) fits, kappa and log K are the ordinary least-squares slope and intercept of
//   log(L_y - E_y) = log K + kappa log(L_x - E_x).
// Closed form, so the bootstrap (row resampling, the same seeded weights as the fit engine) is
// exact and fast. The result is a FitReport of law 'loss-to-loss' usable by predict and chains.
import { lossToLoss } from '../laws/lossToLoss';
import { bootstrapWeights } from '../numeric/bootstrap';
import { percentile, stdDev } from '../numeric/stats';
import type { FitReport } from '../report/fitReport';

export interface LogOlsResult {
  K: number;
  logK: number;
  kappa: number;
  E_x: number;
  E_y: number;
  n: number;
  /** Sum of squared residuals in log(L_y - E_y). */
  sseLog: number;
  /** R² of the shifted power law on raw L_y, as the authors report it. */
  r2: number;
}

/** Weighted OLS of log(y - Ey) on log(x - Ex). Throws when a point is at or below an offset. */
export function logOls(x: ArrayLike<number>, y: ArrayLike<number>, Ex: number, Ey: number, weights?: ArrayLike<number>): LogOlsResult {
  const n = x.length;
  if (y.length !== n) throw new Error(`loss-to-loss: ${n} source losses but ${y.length} target losses`);
  let sw = 0, su = 0, sv = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    if (w === 0) continue;
    if (!(x[i] > Ex)) throw new Error(`loss-to-loss: source loss ${x[i]} (point ${i + 1}) is not above E_x = ${Ex}`);
    if (!(y[i] > Ey)) throw new Error(`loss-to-loss: target loss ${y[i]} (point ${i + 1}) is not above E_y = ${Ey}`);
    sw += w;
    su += w * Math.log(x[i] - Ex);
    sv += w * Math.log(y[i] - Ey);
  }
  if (sw < 2) throw new Error('loss-to-loss: needs at least 2 points');
  const mu = su / sw, mv = sv / sw;
  let suu = 0, suv = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    if (w === 0) continue;
    const du = Math.log(x[i] - Ex) - mu;
    suu += w * du * du;
    suv += w * du * (Math.log(y[i] - Ey) - mv);
  }
  if (!(suu > 0)) throw new Error('loss-to-loss: all source losses are equal; the slope is not identified');
  const kappa = suv / suu;
  const logK = mv - kappa * mu;
  let sse = 0, ssr = 0, ybar = 0;
  for (let i = 0; i < n; i++) ybar += (weights ? weights[i] : 1) * y[i];
  ybar /= sw;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    if (w === 0) continue;
    const u = Math.log(x[i] - Ex);
    const r = Math.log(y[i] - Ey) - logK - kappa * u;
    sse += w * r * r;
    const pred = Math.exp(logK + kappa * u) + Ey;
    ssr += w * (y[i] - pred) ** 2;
    sst += w * (y[i] - ybar) ** 2;
  }
  return { K: Math.exp(logK), logK, kappa, E_x: Ex, E_y: Ey, n: sw, sseLog: sse, r2: 1 - ssr / sst };
}


export interface LogOlsFitOptions {
  E_x: number;
  E_y: number;
  /** Bootstrap draws of E_x / E_y from their source fits: replicate b uses draw b mod length. */
  fixedDraws?: Record<string, number[]>;
  bootstrap?: number;
  seed?: number;
  runs?: string[];
  /** Provenance the caller knows (file, hash, mapping, pairing...). */
  provenance?: Partial<FitReport['provenance']> & Record<string, unknown>;
}

export const LOG_OLS_PROCEDURE = 'log-ols: OLS of log(L_y - E_y) on log(L_x - E_x) with E_x, E_y fixed (Brandfonbrener et al. 2024)';

/** Fit by the authors' procedure and package the result as a 'loss-to-loss' FitReport. */
export function fitLossToLossLogOls(x: Float64Array, y: Float64Array, options: LogOlsFitOptions): FitReport {
  const { E_x, E_y } = options;
  const seed = options.seed ?? 0;
  const k = options.bootstrap ?? 0;
  const best = logOls(x, y, E_x, E_y);
  const params = { K: best.K, kappa: best.kappa, E_x, E_y };
  const names = Object.keys(params);
  const warnings: string[] = [];
  let bootstrap: FitReport['bootstrap'];
  if (k > 0) {
    const samples: number[][] = [];
    let failed = 0;
    const draw = (name: string, value: number, b: number) => {
      const d = options.fixedDraws?.[name];
      return d?.length ? d[b % d.length] : value;
    };
    for (let b = 0; b < k; b++) {
      try {
        const ex = draw('E_x', E_x, b), ey = draw('E_y', E_y, b);
        const r = logOls(x, y, ex, ey, bootstrapWeights(x.length, seed, b));
        samples.push([r.K, r.kappa, ex, ey]);
      } catch {
        failed++;
      }
    }
    if (failed) warnings.push(`${failed} of ${k} bootstrap resamples had a single distinct source loss and were skipped`);
    const se: Record<string, number> = Object.create(null); // null prototype: keys are user-typed names
    const ci95: Record<string, [number, number]> = Object.create(null); // null prototype: keys are user-typed names
    names.forEach((nm, j) => {
      const col = samples.map((s) => s[j]);
      se[nm] = stdDev(col);
      ci95[nm] = [percentile(col, 2.5), percentile(col, 97.5)];
    });
    bootstrap = { k, seed, converged: samples.length, se, ci95, samples };
  }
  const drawn = ['E_x', 'E_y'].filter((nm) => options.fixedDraws?.[nm]?.length);
  if (drawn.length < 2) {
    const fixedOnly = ['E_x', 'E_y'].filter((nm) => !drawn.includes(nm));
    warnings.push(`${fixedOnly.join(' and ')} ${fixedOnly.length > 1 ? 'are' : 'is'} fixed: intervals do not include ${fixedOnly.length > 1 ? 'their' : 'its'} uncertainty (take ${fixedOnly.length > 1 ? 'them' : 'it'} from a fit with a bootstrap: --fix E_x=fit.json)`);
  }
  const predicted = new Float64Array(x.length);
  lossToLoss.predict(Float64Array.of(best.logK, best.kappa, E_x, E_y), { x }, predicted);
  let sse = 0;
  for (let i = 0; i < x.length; i++) sse += (predicted[i] - y[i]) ** 2;
  const n = x.length;
  const ll = n * Math.log(Math.max(best.sseLog / n, 1e-300));
  const report = {
    law: 'loss-to-loss',
    lawOptions: { procedure: 'log-ols' },
    formula: lossToLoss.formula,
    inputs: lossToLoss.inputs,
    params,
    objective: { kind: 'l2', delta: 0, space: 'log', reduction: 'sum', value: best.sseLog },
    n,
    starts: { total: 1, converged: 1, atBest: 1 },
    optimizer: { status: 0, message: 'closed-form least squares', nit: 0, nfev: 0, nfevTotal: 0 },
    bootstrap,
    warnings,
    comparison: { aic: ll + 4, bic: ll + 2 * Math.log(n), rmse: Math.sqrt(sse / n) },
    data: { inputs: { x: Array.from(x) }, loss: Array.from(y), run: options.runs, predicted: Array.from(predicted) },
    provenance: {
      tool: 'scaling-laws',
      version: '',
      mapping: {},
      derived: {},
      ...options.provenance,
      procedure: LOG_OLS_PROCEDURE,
      r2: best.r2,
      fixed: { E_x, E_y },
      bounds: {},
      transforms: { K: 'fitted as log K (OLS intercept)', kappa: 'OLS slope', E_x: 'fixed', E_y: 'fixed' },
      starts: { kind: 'none', count: 1 },
      bootstrap: k > 0 ? { k, seed, method: 'row resampling with replacement, closed-form refit, percentile intervals' + (drawn.length ? `; ${drawn.join(', ')} drawn from their source fits' bootstraps` : '') } : undefined,
      seed,
    },
  };
  return report as unknown as FitReport;
}
