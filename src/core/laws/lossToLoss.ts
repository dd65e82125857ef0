// Loss-to-loss shifted power law (Brandfonbrener et al. 2024, arXiv 2411.12925):
// L_y = K (L_x - E_x)^kappa + E_y. The input 'x' is the source loss (train loss on data set 0,
// or one model's train loss); the target (the 'loss' role) is the loss on the other
// distribution. The CLI reads them with `--map x=COL --map y=COL` (src/cli/transfer.ts).
// K is fitted as log K. E_x, E_y are usually fixed from L(N, D) fits (`--fix E_x=..,E_y=..`);
// the authors' log-space OLS procedure lives in src/core/transfer/logOls.ts.
import { L2_LOG_SUM } from './procedure';
import type { Inputs, LawSpec } from './types';

export const LOSS_TO_LOSS_INPUT = 'x';

export const lossToLoss: LawSpec = {
  id: 'loss-to-loss',
  title: 'Loss-to-loss shifted power law',
  formula: 'K * (x - E_x)^kappa + E_y',
  inputs: [LOSS_TO_LOSS_INPUT],
  params: [
    { name: 'K', transform: 'log', fitName: 'logK', lower: -20, upper: 20, grid: [-1, 0, 1] },
    { name: 'kappa', transform: 'identity', lower: 1e-3, upper: 20, grid: [0.5, 1, 2] },
    { name: 'E_x', transform: 'identity', lower: 0, upper: 20, grid: [0, 0.5, 1] },
    { name: 'E_y', transform: 'identity', lower: 0, upper: 20, grid: [0, 0.5, 1] },
  ],
  procedure: {
    source: 'Brandfonbrener et al. 2024 (arXiv 2411.12925), KempnerInstitute/loss-to-loss-notebooks loss_relationships.ipynb',
    objective: L2_LOG_SUM,
    starts: 'ln K in {-1, 0, 1}; kappa in {0.5, 1, 2}; E_x, E_y in {0, 0.5, 1} (free E only)',
    method: { id: 'log-ols', needsFixed: ['E_x', 'E_y'] },
    notes: [
      'authors: E_x, E_y taken from L(N, D) fits, then kappa and ln K by OLS of ln(L_y - E_y) on ln(L_x - E_x) (--procedure log-ols)',
      'with E free (no authors\' procedure) the optimizer minimises least squares on ln L_y',
    ],
  },
  predict(p: Float64Array, x: Inputs, out: Float64Array) {
    const X = x[LOSS_TO_LOSS_INPUT];
    const logK = p[0], kappa = p[1], Ex = p[2], Ey = p[3];
    // x <= E_x gives NaN (log of a non-positive number): the law does not reach that loss.
    for (let i = 0; i < out.length; i++) out[i] = Math.exp(logK + kappa * Math.log(X[i] - Ex)) + Ey;
  },
  gradient(p: Float64Array, x: Inputs, out: Float64Array) {
    const X = x[LOSS_TO_LOSS_INPUT];
    const logK = p[0], kappa = p[1], Ex = p[2];
    for (let i = 0, o = 0; i < X.length; i++, o += 4) {
      const u = X[i] - Ex, lu = Math.log(u);
      const t = Math.exp(logK + kappa * lu);
      out[o] = t;
      out[o + 1] = t * lu;
      out[o + 2] = (-kappa * t) / u;
      out[o + 3] = 1;
    }
  },
};
